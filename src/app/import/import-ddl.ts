import { relative } from 'node:path';
import type { CatalogGap } from '../../core/import/catalog.ts';
import { readDdl } from '../../core/import/formats/read-ddl.ts';
import { fileStem, readImportFile, systemNameOf } from './formats/read-import-file.ts';
import { logicalTypeOf } from './formats/logical-type-of.ts';
import { onlyTables } from './formats/only-tables.ts';
import type { ImportSource, Importer } from './import-model.ts';

/**
 * A SQL DDL file (pg_dump `--schema-only`, mysqldump `--no-data`, SHOW CREATE TABLE output,
 * a hand-written schema), PostgreSQL or MySQL/MariaDB dialect, told from the text. A DDL
 * file names no server: the contracts get none, and the report says so. What the reader
 * cannot read is a gap at file:line (core/import/formats/read-ddl.ts).
 */
export const importDdl: Importer<Extract<ImportSource, { kind: 'ddl' }>> = async (
  source,
  options,
) => {
  const file = await readImportFile(source.path, options.cwd, 'DDL file');
  const shown = relative(options.cwd, file.path) || source.path;
  const reading = readDdl(file.text, {
    file: shown,
    logicalTypeOf,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  const gaps: CatalogGap[] = [...reading.gaps];
  if (reading.tables.length === 0 && gaps.length === 0) {
    gaps.push({ table: null, reason: `${shown} has no CREATE TABLE statement.` });
  }
  const chosen = onlyTables(reading.tables, options.tables, shown);
  return {
    system: systemNameOf(options.system, fileStem(file.path)),
    server: undefined,
    tables: chosen.tables,
    gaps: [...gaps, ...chosen.gaps],
  };
};
