import { basename, join, relative, sep } from 'node:path';
import type { CatalogTable } from '../../core/import/catalog.ts';
import type { EngineConnection, ServerEntry } from '../../engines/engine.ts';
import { loadEngine } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import type { ImportData, ImportOptions } from './import-model.ts';
import { systemNameOf as systemName } from './system-name.ts';

/**
 * What the importers of local data (files, workbooks, DuckDB files) share: the system's
 * name, the server entry's path relative to the folder the contract is written to, and the
 * DuckDB engine's connection that describes the data and reads it for `--profile`.
 */

/** `--system`, else the name of the file or folder, as a slug (system-name.ts). */
export function systemNameOf(options: ImportOptions, fallback: string): string {
  return systemName(options.system, fallback);
}

/** `sources/<system>/` of the mesh: where the contracts are written and paths resolve from. */
export function contractFolder(options: ImportOptions, system: string): string {
  return join(options.meshRoot ?? options.cwd, 'sources', system);
}

/** A path as the contract's server entry holds it: relative to the contract's folder, `/`-separated. */
export function entryPathFrom(folder: string, path: string): string {
  return relative(folder, path).split(sep).join('/');
}

/**
 * The system named by `--system` (else `fallback`), the folder its contract is written to,
 * and its `type: local` server entry reading `path` (a file, glob or workbook) in `format`.
 */
export function localServerOf(
  options: ImportOptions,
  fallback: string,
  format: string,
  path: string,
): { readonly system: string; readonly folder: string; readonly server: ServerEntry } {
  const system = systemNameOf(options, fallback);
  const folder = contractFolder(options, system);
  const server: ServerEntry = {
    server: system,
    type: 'local',
    format,
    path: entryPathFrom(folder, path),
  };
  return { system, folder, server };
}

/** `data/orders.csv` → `orders`; the last extension only. */
export function fileStem(path: string): string {
  return basename(path).replace(/\.[^.]*$/, '');
}

/** For messages: a path relative to the working directory when it is below it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

/** The first line of an engine's message, for a gap or an error (no stack). */
export function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Opens the engine that reads the entry, resolving its paths against `baseDir`. */
export async function openLocal(server: ServerEntry, baseDir: string): Promise<EngineConnection> {
  const engine = await loadEngine(server.type);
  if (engine === undefined)
    throw new MeshworkError('usage', `Meshwork cannot read ${server.type} here.`);
  try {
    return await engine.connect({ server, credentials: {}, baseDir });
  } catch (error) {
    throw new MeshworkError('engine', `cannot open the data: ${reasonOf(error)}`, { cause: error });
  }
}

/** Describes tables through a connection; a table that cannot be described is returned as its reason. */
export async function describeEach(
  connection: EngineConnection,
  names: readonly string[],
): Promise<readonly (CatalogTable | { readonly table: string; readonly reason: string })[]> {
  if (connection.describe === undefined)
    throw new MeshworkError('engine', 'the engine cannot describe these files.');
  const out: (CatalogTable | { table: string; reason: string })[] = [];
  for (const name of names) {
    try {
      const [table] = await connection.describe([name]);
      out.push(table ?? { table: name, reason: 'not found' });
    } catch (error) {
      out.push({ table: name, reason: reasonOf(error) });
    }
  }
  return out;
}

/** `--profile`'s way to the rows: the same entry, opened again, each table by its name. */
export function localData(server: ServerEntry, baseDir: string): ImportData {
  return {
    async open() {
      const connection = await openLocal(server, baseDir);
      return {
        connection,
        relation: (table) =>
          connection.relation({ schema: table, physicalName: table, columns: [], baseDir, server }),
      };
    },
  };
}
