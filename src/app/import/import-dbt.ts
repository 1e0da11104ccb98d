import { relative } from 'node:path';
import { readDbtManifest } from '../../core/import/formats/read-dbt-manifest.ts';
import { MeshworkError } from '../errors.ts';
import { logicalTypeOf } from './formats/logical-type-of.ts';
import { onlyTables } from './formats/only-tables.ts';
import { fileStem, readImportFile, systemNameOf } from './formats/read-import-file.ts';
import type { ImportSource, Importer } from './import-model.ts';

/**
 * A dbt `manifest.json` (v7–v12; core/import/formats/read-dbt-manifest.ts says what is
 * read). The system is named by `--system`, else the dbt project's name. dbt's manifest
 * holds no host or port, so a PostgreSQL or MySQL project's contracts get no server and the
 * report says which keys to add; BigQuery, Databricks, Redshift and DuckDB entries are
 * complete from the database and schema alone.
 */
export const importDbtManifest: Importer<Extract<ImportSource, { kind: 'dbt-manifest' }>> = async (
  source,
  options,
) => {
  const file = await readImportFile(source.path, options.cwd, 'dbt manifest');
  const shown = relative(options.cwd, file.path) || source.path;
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (error) {
    throw new MeshworkError(
      'invalid-input',
      `${shown} is not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'}).`,
    );
  }
  const metadata = (data as { metadata?: { project_name?: unknown } } | null)?.metadata;
  const system = systemNameOf(
    options.system,
    typeof metadata?.project_name === 'string' ? metadata.project_name : undefined,
    fileStem(file.path),
  );
  const reading = readDbtManifest(data, {
    file: shown,
    system,
    logicalTypeOf,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  const picked = onlyTables(reading.tables, options.tables, shown);
  return {
    system,
    server: reading.server?.ok ? reading.server.entry : undefined,
    tables: picked.tables,
    gaps: [...reading.gaps, ...picked.gaps],
  };
};
