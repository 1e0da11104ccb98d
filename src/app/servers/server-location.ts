import { isAbsolute, relative, sep } from 'node:path';
import type { RunServer } from '../../core/quality/index.ts';
import type { Credentials, Engine, ServerEntry } from '../../engines/engine.ts';
import { entryPath } from '../../engines/engine.ts';

/**
 * Where a server's data is, for a run's evidence (DESIGN.md "A result names its
 * evidence"): a file path or glob (relative to the mesh root when inside it), or
 * `host:port/database` with the schema. It is stored, reported and shown, so it never
 * holds a secret: a URL keeps only its host, port and path — no user, no password, no
 * query string (`?password=` is legal in PostgreSQL URLs).
 */
export interface LocationRequest {
  readonly meshRoot: string;
  /** The contract's folder: relative `local` paths resolve against it. */
  readonly baseDir: string;
  /** Physical names of the schema objects read. */
  readonly objects: readonly string[];
  readonly credentials?: Credentials;
}

/** `engine`: the engine of the server's type (undefined when none reads it). */
export function runServerOf(
  server: ServerEntry,
  request: LocationRequest,
  engine: Engine | undefined,
): RunServer {
  return {
    name: server.server,
    type: server.type,
    location: serverLocation(server, request, engine),
  };
}

export function serverLocation(
  server: ServerEntry,
  request: LocationRequest,
  engine: Engine | undefined,
): string {
  const text = (key: string): string | undefined => {
    const value = server[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const objects = request.objects.length > 0 ? request.objects : ['{model}'];
  // A `path` names files whatever the type (an s3 server no engine reads included); else
  // the engine says which files an entry names, if its data are files at all.
  const files =
    typeof server.path === 'string'
      ? objects.map((object) => entryPath(server, object, request.baseDir))
      : (engine?.files?.paths(server, objects, request.baseDir) ?? []);
  if (files.length > 0)
    return [...new Set(files.map((path) => displayPath(path, request.meshRoot)))].join(', ');
  const fromUrl = request.credentials?.url ? withoutSecrets(request.credentials.url) : undefined;
  const host = text('host');
  const port = text('port');
  const database = text('database');
  const address =
    fromUrl ??
    (host === undefined
      ? (database ?? '')
      : `${host}${port === undefined ? '' : `:${port}`}${database === undefined ? '' : `/${database}`}`);
  // A Trino entry's schema lives in a catalog: `catalog.schema`.
  const catalog = text('catalog');
  const schema =
    catalog !== undefined && text('schema') !== undefined
      ? `${catalog}.${text('schema')}`
      : text('schema');
  return schema === undefined ? address : `${address} (schema ${schema})`;
}

/** `postgres://user:pw@db:5432/shop?sslmode=…` → `db:5432/shop`; anything unparsable → ``. */
export function withoutSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    // An unparsable URL may still hold a password: show nothing of it.
    return '';
  }
}

/** A path inside the mesh relative to its root (with /), a remote URL without its secrets. */
export function displayPath(path: string, meshRoot: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  if (scheme) return `${scheme[1]}://${withoutSecrets(path)}`;
  const inside = relative(meshRoot, path);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside))
    return inside.split(sep).join('/');
  return path;
}
