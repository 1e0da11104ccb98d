import { extname } from 'node:path';
import { databaseOrPathOf } from '../../database-url.ts';

/**
 * What `meshwork scan TARGET` reads: a data contract (its server is read), local files (a
 * path or glob of CSV, Parquet or JSON; a DuckDB database file), or a database by URL.
 */
export type ScanTarget =
  | { readonly kind: 'contract'; readonly file: string }
  | { readonly kind: 'files'; readonly path: string }
  | { readonly kind: 'duckdb-file'; readonly path: string }
  | {
      readonly kind: 'database';
      readonly url: string;
      /** The ODCS server type of the URL's scheme (`postgresql`, `mysql`, `mariadb`). */
      readonly serverType: string;
    };

export function scanTargetOf(text: string, cwd: string): ScanTarget {
  const read = databaseOrPathOf(text, cwd, {
    invalid:
      'TARGET must be a contract, a file or glob, or a database URL. See `meshwork scan --help`.',
    otherScheme: (scheme) =>
      `cannot scan a ${scheme}:// URL: give a postgresql:// or mysql:// URL, a contract or a local file.`,
  });
  if (read.kind === 'database') return read;
  const path = read.path;
  const extension = extname(path).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return { kind: 'contract', file: path };
  if (extension === '.duckdb' || extension === '.ddb') return { kind: 'duckdb-file', path };
  return { kind: 'files', path };
}
