import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LocalFiles, ServerEntry } from '../engine.ts';
import { localPath } from './relation.ts';

/**
 * The files DuckDB reads for an entry: a `local` server's files, one per object (its
 * `path`, else `location`), or a `duckdb` server's database file. They are this engine's
 * "configured here": no credentials, the files are on this machine or they are not.
 */
export const duckDbLocalFiles: LocalFiles = {
  paths(server, objects, baseDir) {
    if (typeof server.path === 'string' || (server.type === 'local' && hasText(server.location)))
      return objects.map((object) => localPath(server, object, baseDir));
    const database = databaseFile(server, baseDir);
    return database === undefined ? [] : [database];
  },

  missing(server, objects, baseDir) {
    if (server.type === 'duckdb') {
      if (typeof server.database !== 'string') return 'it has no database file';
      const database = localPath({ ...server, path: server.database }, '', baseDir);
      return existsSync(database) ? undefined : `no database file at ${database}`;
    }
    if (typeof server.path !== 'string' && typeof server.location !== 'string')
      return 'it has no path';
    for (const object of objects) {
      const path = localPath(server, object, baseDir);
      if (!fileExists(path)) return `no file at ${path}`;
    }
    return undefined;
  },

  filePerObject: (server) => server.type === 'local',
};

function hasText(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number';
}

/** A `duckdb` server's database file, resolved as its `path` would be. */
function databaseFile(server: ServerEntry, baseDir: string): string | undefined {
  if (server.type !== 'duckdb') return undefined;
  const database = server.database;
  if (typeof database !== 'string' && typeof database !== 'number') return undefined;
  return localPath({ ...server, path: String(database) }, '', baseDir);
}

/** Whether a local path (or the folder of a glob) exists; remote URLs are left to the engine. */
function fileExists(path: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return true;
  const wildcard = path.search(/[*?[{]/);
  if (wildcard < 0) return existsSync(path);
  return existsSync(dirname(path.slice(0, wildcard + 1)));
}
