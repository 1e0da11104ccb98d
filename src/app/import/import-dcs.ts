import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { CatalogGap } from '../../core/import/catalog.ts';
import { readDcs } from '../../core/import/formats/read-dcs.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import type { ServerEntry } from '../../engines/engine.ts';
import { MeshworkError } from '../errors.ts';
import { onlyTables } from './formats/only-tables.ts';
import { fileStem, readImportFile, systemNameOf } from './formats/read-import-file.ts';
import type { ImportSource, Importer } from './import-model.ts';

/**
 * A Data Contract Specification file (`datacontract.yaml`), read with the project's YAML
 * reader and its limits (core/yaml). The system is named by `--system`, else the file's
 * `info.title`, `id` or name. Of its `servers`, the first one that makes a complete ODCS
 * entry becomes the system's server (credentials are never taken over); the others are
 * named in the report. A `local` server's path is made absolute, since the contract is
 * written elsewhere than the file that named it.
 */
export const importDcs: Importer<Extract<ImportSource, { kind: 'dcs' }>> = async (
  source,
  options,
) => {
  const file = await readImportFile(source.path, options.cwd, 'Data contract');
  const shown = relative(options.cwd, file.path) || source.path;
  const document = parseSourceDocument(shown, file.text);
  const syntax = document.syntaxFindings.find((f) => f.severity === 'error');
  if (syntax !== undefined || document.data === undefined) {
    throw new MeshworkError(
      'invalid-input',
      `${shown} is not valid YAML${syntax ? ` (line ${syntax.line}: ${syntax.message})` : ''}.`,
    );
  }
  const root = document.data as Record<string, unknown> | null;
  const title =
    typeof root?.info === 'object' && root.info !== null
      ? (root.info as Record<string, unknown>).title
      : undefined;
  const system = systemNameOf(
    options.system,
    typeof title === 'string' ? title : undefined,
    typeof root?.id === 'string' ? root.id : undefined,
    fileStem(file.path),
  );
  const reading = readDcs(document.data, shown, system);
  const gaps: CatalogGap[] = [...reading.gaps];
  const chosen = reading.servers.find((s) => s.reading.ok);
  let server: ServerEntry | undefined;
  if (chosen?.reading.ok) {
    const entry = { ...chosen.reading.entry };
    if (entry.type === 'local' && typeof entry.path === 'string' && !isAbsolute(entry.path)) {
      entry.path = resolve(dirname(file.path), entry.path);
    }
    server = entry;
  }
  for (const other of reading.servers) {
    if (other === chosen) continue;
    gaps.push({
      table: null,
      reason: other.reading.ok
        ? `${shown}: server ${other.name} is not used; the contracts get server ${chosen?.name ?? ''}`
        : `${shown}: server ${other.name} (${other.reading.type}) lacks ${other.reading.missing.join(', ')}; not used`,
    });
  }
  const picked = onlyTables(reading.tables, options.tables, shown);
  return { system, server, tables: picked.tables, gaps: [...gaps, ...picked.gaps] };
};
