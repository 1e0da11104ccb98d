import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MESH_FILE } from '../../core/mesh/layout.ts';
import { MeshworkError } from '../errors.ts';
import { scanTargetOf } from '../privacy/scan/scan-target.ts';

/**
 * What `meshwork discover domains SOURCE` reads: a database by URL, a DuckDB file, or a
 * mesh folder (its contracts' relationships). Told apart the way `meshwork scan` tells
 * its targets, plus a folder that holds a meshwork.yaml.
 */
export type DiscoverSource =
  | { readonly kind: 'database'; readonly url: string; readonly serverType: string }
  | { readonly kind: 'duckdb-file'; readonly path: string }
  | { readonly kind: 'mesh'; readonly root: string };

export async function discoverSourceOf(text: string, cwd: string): Promise<DiscoverSource> {
  const target = scanTargetOf(text, cwd);
  if (target.kind === 'database')
    return { kind: 'database', url: target.url, serverType: target.serverType };
  if (target.kind === 'duckdb-file') return { kind: 'duckdb-file', path: target.path };
  const path = resolve(cwd, text);
  const isDirectory = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDirectory) {
    const isMesh = await stat(join(path, MESH_FILE)).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isMesh) return { kind: 'mesh', root: path };
    throw new MeshworkError(
      'usage',
      `${text} is a folder without ${MESH_FILE}: give a mesh folder, a .duckdb file or a database URL.`,
    );
  }
  throw new MeshworkError(
    'usage',
    'SOURCE must be a database URL (postgresql://…, mysql://…), a .duckdb file or a mesh folder. See `meshwork discover --help`.',
  );
}
