import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import type { CatalogGap, CatalogTable } from '../../core/import/catalog.ts';
import type { ServerEntry } from '../../engines/engine.ts';
import { MeshworkError } from '../errors.ts';
import { MAX_TABLES } from '../privacy/scan/scan-bounds.ts';
import type { ImportedSystem, ImportOptions, ImportSource, Importer } from './import-model.ts';
import {
  contractFolder,
  describeEach,
  entryPathFrom,
  fileStem,
  localData,
  localServerOf,
  openLocal,
  reasonOf,
  shownPath,
  systemNameOf,
} from './local-system.ts';

/**
 * `meshwork import` of local data files (issue 12), read by DuckDB:
 * - one file (CSV, Parquet, JSON/NDJSON) → one table, named after the file;
 * - a glob (`data/orders/*.parquet`) → ONE table over all its files, matched by column
 *   name as `meshwork test` reads a glob, named after the folder (or the pattern's fixed
 *   part, `orders-*.csv` → `orders`);
 * - a folder → one table per data file in it, the server entry `path: <folder>/{model}.<ext>`
 *   (files of another format than the folder's most common one are gaps: one server entry
 *   reads one format);
 * - a DuckDB database file (`.duckdb`, `.db`) → its tables and views with their keys,
 *   through the catalog (`describe()`).
 * Types are DuckDB's detection over the whole file; a file declares no NOT NULL or keys,
 * so nothing is required or unique (`--profile` suggests more).
 */
export const importFiles: Importer<Extract<ImportSource, { kind: 'files' }>> = async (
  source,
  options,
) => {
  const { path } = source;
  if (/[*?[{]/.test(basename(path)) || /[*?[{]/.test(dirname(path)))
    return importGlob(path, options);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined)
    throw new MeshworkError('not-found', `no file or folder at ${shownPath(path, options.cwd)}.`);
  if (info.isDirectory()) return importFolder(path, options);
  if (DATABASE_EXTENSIONS.has(extname(path).toLowerCase()))
    return importDatabaseFile(path, options);
  return importFile(path, fileStem(path), options);
};

const DATABASE_EXTENSIONS = new Set(['.duckdb', '.db', '.ddb']);

/** File extensions read as data, by the format a folder's server entry names. */
const DATA_FORMATS: Readonly<Record<string, string>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
};

function formatOf(path: string): string | undefined {
  const extension = extname(path.replace(/\*+$/, '')).toLowerCase();
  return Object.hasOwn(DATA_FORMATS, extension) ? DATA_FORMATS[extension] : undefined;
}

async function importFile(
  path: string,
  name: string,
  options: ImportOptions,
): Promise<ImportedSystem> {
  const format = formatOf(path);
  if (format === undefined)
    throw new MeshworkError(
      'usage',
      `cannot tell the format of ${shownPath(path, options.cwd)}: import CSV, Parquet, JSON/NDJSON, .xlsx or .duckdb files.`,
    );
  const { folder, server } = localServerOf(options, name, format, path);
  return describeLocal(server, folder, [name], [], options);
}

async function importGlob(pattern: string, options: ImportOptions): Promise<ImportedSystem> {
  const format = formatOf(pattern);
  if (format === undefined)
    throw new MeshworkError(
      'usage',
      `cannot tell the format of the files of ${shownPath(pattern, options.cwd)}: end the pattern with .csv, .parquet, .json or .ndjson.`,
    );
  const name = globTableName(pattern);
  const { folder, server } = localServerOf(options, name, format, pattern);
  const imported = await describeLocal(server, folder, [name], [], options);
  // A glob that matches nothing is not a table with a gap: there is nothing to import.
  if (imported.tables.length === 0)
    throw new MeshworkError(
      'not-found',
      `cannot import ${shownPath(pattern, options.cwd)}: ${imported.gaps[0]?.reason ?? 'no files'}.`,
    );
  return imported;
}

/**
 * `data/orders/*.parquet` → `orders`; `data/orders-*.csv` → `orders`; the folder's name
 * when the pattern's last part is all wildcard.
 */
export function globTableName(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const last = parts.pop() ?? '';
  const fixed = last
    .replace(/\.[^.*?]*$/, '')
    .replace(/[*?].*$|\[.*$|\{.*$/, '')
    .replace(/[-_. ]+$/, '');
  if (fixed !== '') return fixed;
  const folder = parts.filter((p) => p !== '' && !/[*?[{]/.test(p)).pop();
  return folder ?? 'files';
}

async function importFolder(folderPath: string, options: ImportOptions): Promise<ImportedSystem> {
  const entries = await readdir(folderPath, { withFileTypes: true });
  const data = entries
    .filter((e) => e.isFile() && formatOf(e.name) !== undefined)
    .map((e) => e.name)
    .sort();
  // Left out, and said: a hidden file is not meant as data; a name with a wildcard would be
  // read by DuckDB as a pattern through `{model}` (`*.csv` would read every file).
  const refused: CatalogGap[] = [];
  const files = data.filter((file) => {
    const reason = file.startsWith('.')
      ? 'a hidden file (its name starts with a dot): not imported'
      : /[*?[\]{}]/.test(file)
        ? `${file}: a name with * ? [ ] { } would be read as a file pattern; rename the file to import it`
        : undefined;
    if (reason !== undefined) refused.push({ table: fileStem(file), reason });
    return reason === undefined;
  });
  if (files.length === 0 && refused.length === 0)
    throw new MeshworkError(
      'not-found',
      `${shownPath(folderPath, options.cwd)} holds no CSV, Parquet or JSON files.`,
    );
  const byExtension = new Map<string, string[]>();
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    byExtension.set(extension, [...(byExtension.get(extension) ?? []), file]);
  }
  const [extension, chosen] = [...byExtension.entries()].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  )[0] ?? ['.csv', []];
  const gaps: CatalogGap[] = [...refused];
  gaps.push(
    ...files
      .filter((file) => !chosen.includes(file))
      .map((file) => ({
        table: fileStem(file),
        reason: `${file}: the folder's server entry reads the ${extension} files; import the other files on their own (with another --system)`,
      })),
  );
  for (const file of chosen.slice(MAX_TABLES))
    gaps.push({
      table: fileStem(file),
      reason: `more than ${MAX_TABLES} files in the folder: only the first ${MAX_TABLES} (by name) were imported`,
    });
  const system = systemNameOf(options, basename(folderPath));
  const folder = contractFolder(options, system);
  const server: ServerEntry = {
    server: system,
    type: 'local',
    format: DATA_FORMATS[extension] ?? 'csv',
    path: `${entryPathFrom(folder, folderPath)}/{model}${extension}`,
  };
  const names = chosen.slice(0, MAX_TABLES).map(fileStem);
  return describeLocal(server, folder, names, gaps, options);
}

async function importDatabaseFile(path: string, options: ImportOptions): Promise<ImportedSystem> {
  const system = systemNameOf(options, fileStem(path));
  const folder = contractFolder(options, system);
  const server: ServerEntry = {
    server: system,
    type: 'duckdb',
    database: entryPathFrom(folder, path),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  };
  const connection = await openLocal(server, folder);
  let tables: readonly CatalogTable[];
  try {
    const all = await connection.tables();
    const gaps: CatalogGap[] = all.slice(MAX_TABLES).map((table) => ({
      table,
      reason: `more than ${MAX_TABLES} tables in the schema: only the first ${MAX_TABLES} (by name) were imported`,
    }));
    const wanted = only(all.slice(0, MAX_TABLES), options, gaps);
    tables = wanted.length === 0 ? [] : ((await connection.describe?.(wanted)) ?? []);
    if (all.length === 0)
      throw new MeshworkError(
        'not-found',
        `${shownPath(path, options.cwd)} has no tables in schema ${options.schema ?? 'main'}.`,
      );
    return { system, server, tables, gaps, data: localData(server, folder) };
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError(
      'engine',
      `cannot read ${shownPath(path, options.cwd)}: ${reasonOf(error)}`,
      { cause: error },
    );
  } finally {
    await connection.close();
  }
}

/** `--tables`: the names asked for that exist; each one that does not is a gap. */
function only(names: readonly string[], options: ImportOptions, gaps: CatalogGap[]): string[] {
  if (options.tables === undefined) return [...names];
  for (const wanted of options.tables)
    if (!names.includes(wanted))
      gaps.push({ table: wanted, reason: 'no such table in the source' });
  return names.filter((name) => options.tables?.includes(name));
}

/** Describes the tables through the DuckDB engine, reading the entry as the contract will. */
export async function describeLocal(
  server: ServerEntry,
  folder: string,
  names: readonly string[],
  gaps: readonly CatalogGap[],
  options: ImportOptions,
): Promise<ImportedSystem> {
  const wanted =
    options.tables === undefined ? names : names.filter((n) => options.tables?.includes(n));
  const missing = (options.tables ?? []).filter(
    (t) => !names.includes(t) && !gaps.some((g) => g.table === t),
  );
  const connection = await openLocal(server, folder);
  try {
    const described = await describeEach(connection, wanted);
    const tables = described.filter((t): t is CatalogTable => 'columns' in t);
    const failed = described.filter((t): t is CatalogGap & { table: string } => !('columns' in t));
    return {
      system: server.server,
      server,
      tables,
      gaps: [
        ...gaps,
        ...missing.map((table) => ({ table, reason: 'no such table in the source' })),
        ...failed.map((gap) => ({ table: gap.table, reason: `cannot read it: ${gap.reason}` })),
      ],
      data: localData(server, folder),
    };
  } finally {
    await connection.close();
  }
}
