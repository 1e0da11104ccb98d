import { extname } from 'node:path';
import type { ServerEntry } from '../engine.ts';
import { entryPath } from '../engine.ts';
import { standardLiteral } from '../sql/literals.ts';
import { quoteIdentifier } from './dialect.ts';

export type FileFormat = 'csv' | 'parquet' | 'json' | 'xlsx';

/**
 * Where a `local` server's data lies: `path` with `{model}` / `{object}` replaced by the
 * schema object's name, relative paths against the contract's folder (globs allowed).
 */
export const localPath: (server: ServerEntry, object: string, baseDir: string) => string =
  entryPath;

export function fileFormat(server: ServerEntry, path: string): FileFormat | undefined {
  const declared = typeof server.format === 'string' ? server.format.toLowerCase() : '';
  const extension = extname(path.replace(/\*+$/, '')).slice(1).toLowerCase();
  for (const candidate of [declared, extension]) {
    if (candidate === 'csv' || candidate === 'tsv' || candidate === 'txt') return 'csv';
    if (candidate === 'parquet' || candidate === 'pq') return 'parquet';
    if (['json', 'ndjson', 'jsonl', 'jsonlines', 'delta-json'].includes(candidate)) return 'json';
    if (candidate === 'xlsx') return 'xlsx';
  }
  return undefined;
}

/**
 * The file scan of an object. A glob's files are matched by column name, never by
 * position (`union_by_name`): a file without a column reads it as NULL, and a column in
 * any file is a column of the scan, so schema evolution across files drops nothing. CSV
 * is read with every column as text so that one value of the wrong type is counted by the
 * type check (TRY_CAST) instead of aborting the scan, as DuckDB's sniffer would when a bad
 * value appears after its sample. JSON is read as one JSON object per record with the
 * declared properties extracted as text, for the same reason (`jsonScan`).
 */
export function fileScan(format: 'csv' | 'parquet', path: string, server: ServerEntry): string {
  const file = standardLiteral(path);
  if (format === 'parquet') return `read_parquet(${file}, union_by_name = true)`;
  const delimiter =
    typeof server.delimiter === 'string' ? `, delim = ${standardLiteral(server.delimiter)}` : '';
  return `read_csv(${file}, all_varchar = true, header = true, union_by_name = true${delimiter})`;
}

/**
 * The keys of every record of JSON files, as rows `(key)`: a JSON file has no schema, so
 * which declared properties exist is found by reading all records, not a sample.
 */
export function jsonKeysSql(path: string): string {
  return `SELECT DISTINCT unnest(json_keys(json)) AS "key" FROM read_json_objects(${standardLiteral(path)}, format = 'auto')`;
}

/**
 * JSON records with each declared column extracted by its key as text; a key that a
 * record lacks is NULL there, and a key no record has is a column of NULLs (the driver
 * reports it as absent, so that only a required property fails `present`).
 */
export function jsonScan(path: string, columns: readonly string[]): string {
  const file = standardLiteral(path);
  if (columns.length === 0) return `read_json_auto(${file}, union_by_name = true)`;
  const select = columns
    .map(
      (name) =>
        `json_extract_string(json, ${standardLiteral(`$."${name.replaceAll('"', '\\"')}"`)}) AS ${quoteIdentifier(name)}`,
    )
    .join(', ');
  return `(SELECT ${select} FROM read_json_objects(${file}, format = 'auto'))`;
}

/**
 * `meshwork import`: a file scan whose column types DuckDB detects from the whole file
 * (`sample_size = -1`), not from its first rows, so that the types an import writes hold
 * for every row `meshwork test` later reads with the scan above. Column names are the
 * scan's: the same header handling as `fileScan`.
 */
export function detectingScan(
  format: 'csv' | 'parquet' | 'json',
  path: string,
  server: ServerEntry,
): string {
  const file = standardLiteral(path);
  if (format === 'parquet') return fileScan(format, path, server);
  if (format === 'json')
    return `read_json(${file}, format = 'auto', union_by_name = true, sample_size = -1)`;
  const delimiter =
    typeof server.delimiter === 'string' ? `, delim = ${standardLiteral(server.delimiter)}` : '';
  return `read_csv(${file}, header = true, union_by_name = true, sample_size = -1${delimiter})`;
}
