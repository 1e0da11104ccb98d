import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { databaseOrPathOf } from '../database-url.ts';
import type { ImportSource } from './import-model.ts';

/**
 * How much of a `.json` / `.yaml` file is read to tell its kind: dbt writes `metadata`
 * (with `dbt_schema_version`) first, and a data contract names its specification in its
 * first lines; reading a bounded head keeps a multi-gigabyte file from being loaded here.
 */
const SNIFF_BYTES = 64 * 1024;

/**
 * The kind of `meshwork import SOURCE`: a URL with a database scheme is a database; an
 * `.xlsx` is a workbook; a `.json` carrying `dbt_schema_version` is a dbt manifest (any
 * other JSON is a data file); a `.yaml`/`.yml` carrying `dataContractSpecification` is a
 * Data Contract Specification file; a `.sql` is DDL; everything else (CSV, Parquet, JSON,
 * NDJSON, a glob) is files. A file that cannot be read to tell its kind is left to the
 * importer of its extension, which says why it cannot read it.
 */
export function importSourceOf(text: string, cwd: string): ImportSource {
  const read = databaseOrPathOf(text, cwd, {
    invalid:
      'SOURCE must be a database URL, a file or glob, a dbt manifest.json, a datacontract.yaml or a .sql file. See `meshwork import --help`.',
    otherScheme: (scheme) =>
      `cannot import a ${scheme}:// URL: give a postgresql:// or mysql:// URL or a local file.`,
  });
  if (read.kind === 'database') return read;
  const path = read.path;
  switch (extname(path).toLowerCase()) {
    case '.xlsx':
      return { kind: 'xlsx', path };
    case '.sql':
      return { kind: 'ddl', path };
    case '.json':
      return /"dbt_schema_version"\s*:/.test(headOf(path))
        ? { kind: 'dbt-manifest', path }
        : { kind: 'files', path };
    case '.yaml':
    case '.yml':
      return /^\s*["']?dataContractSpecification["']?\s*:/m.test(headOf(path))
        ? { kind: 'dcs', path }
        : { kind: 'files', path };
    default:
      return { kind: 'files', path };
  }
}

function headOf(path: string): string {
  if (/[*?[\]{}]/.test(path)) return ''; // a glob: files, whatever it matches
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const read = readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return ''; // a directory or unreadable: the importer says why
  } finally {
    closeSync(fd);
  }
}
