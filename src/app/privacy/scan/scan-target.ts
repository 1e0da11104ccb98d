import { extname, resolve } from 'node:path';
import { MeshworkError } from '../../errors.ts';

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

export const DATABASE_SCHEMES: Readonly<Record<string, string>> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mariadb',
};

/** Long enough for any path or URL; a longer argument is not a target but a mistake. */
const MAX_TARGET_LENGTH = 4096;

export function scanTargetOf(text: string, cwd: string): ScanTarget {
  if (text.trim() === '' || text.length > MAX_TARGET_LENGTH || text.includes('\0')) {
    throw new MeshworkError(
      'usage',
      'TARGET must be a contract, a file or glob, or a database URL. See `meshwork scan --help`.',
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const serverType = DATABASE_SCHEMES[scheme];
    if (serverType !== undefined) return { kind: 'database', url: text, serverType };
    if (scheme !== 'file')
      throw new MeshworkError(
        'usage',
        `cannot scan a ${scheme}:// URL: give a postgresql:// or mysql:// URL, a contract or a local file.`,
      );
  }
  const path = resolve(cwd, scheme === 'file' ? decodeURIComponent(new URL(text).pathname) : text);
  const extension = extname(path).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return { kind: 'contract', file: path };
  if (extension === '.duckdb' || extension === '.ddb') return { kind: 'duckdb-file', path };
  return { kind: 'files', path };
}
