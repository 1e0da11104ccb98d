import type { Credentials, ServerEntry } from '../engine.ts';

/**
 * The connection URL for a PostgreSQL server entry: the credentials' `url`, or their
 * `user` / `password` with the entry's host, port and database. Undefined when neither is
 * set: the server is not configured on this machine. Credentials never come from the
 * contract; the caller resolves them (app/testing/credentials.ts).
 */
export function postgresUrl(server: ServerEntry, credentials: Credentials): string | undefined {
  if (credentials.url) return credentials.url;
  const host = text(server, 'host');
  const database = text(server, 'database');
  if (!credentials.user || !host || !database) return undefined;
  const built = new URL('postgres://placeholder');
  built.hostname = host;
  built.port = text(server, 'port') ?? '5432';
  built.pathname = `/${encodeURIComponent(database)}`;
  built.username = credentials.user;
  if (credentials.password) built.password = credentials.password;
  return built.toString();
}

/** The entry's schema, PostgreSQL's default where it names none. */
export function entrySchema(server: ServerEntry): string {
  return text(server, 'schema') ?? 'public';
}

function text(server: ServerEntry, key: string): string | undefined {
  const value = server[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
