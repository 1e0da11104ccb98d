import type { CatalogGap, CatalogTable } from '../../core/import/catalog.ts';
import type { Engine, EngineConnection, ServerEntry } from '../../engines/engine.ts';
import { loadEngine } from '../../engines/registry.ts';
import { connectMasked, firstLineOf } from '../connect-masked.ts';
import { MeshworkError } from '../errors.ts';
import { maskSecrets } from '../mask-secrets.ts';
import { MAX_TABLES } from '../privacy/scan/scan-bounds.ts';
import type { ImportedSystem, ImportSource, Importer } from './import-model.ts';
import { systemNameOf } from './system-name.ts';

/** A database that does not answer in this time is reported, not waited for. */
const CONNECT_TIMEOUT_MS = 10_000;

type DatabaseSource = Extract<ImportSource, { kind: 'database' }>;

/**
 * A PostgreSQL or MySQL/MariaDB database by URL: its catalog (`EngineConnection.describe`,
 * read-only, never a row) for at most MAX_TABLES tables of the schema — the rest, and
 * tables asked for with `--tables` that do not exist, are gaps. The server entry names
 * host, port, database and schema; the URL's user and password stay out of it (they come
 * from `MESHWORK_<SYSTEM>_URL` when the contract is tested).
 */
export const importDatabase: Importer<DatabaseSource> = async (source, options) => {
  const url = parseUrl(source.url);
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const postgres = source.serverType === 'postgresql';
  // PostgreSQL: the URL names the database, --schema the schema (default public).
  // MySQL: a database is the schema; --schema or the URL's path names it.
  const database = postgres
    ? path || decodeURIComponent(url.username) || 'postgres'
    : (options.schema ?? path);
  if (!postgres && database === '')
    throw new MeshworkError(
      'usage',
      'name the database: in the URL (mysql://host:3306/shop) or with --schema shop.',
    );
  const schema = postgres ? (options.schema ?? 'public') : undefined;
  const system = systemNameOf(options.system, database);
  const server: ServerEntry = {
    server: system,
    // ODCS has no server type `mariadb`: MariaDB is read as MySQL.
    type: postgres ? 'postgresql' : 'mysql',
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (postgres ? 5432 : 3306) : Number(url.port),
    database,
    ...(schema === undefined ? {} : { schema }),
  };
  const engine = await loadEngine(server.type);
  if (engine === undefined)
    throw new MeshworkError('usage', `Meshwork cannot read ${server.type}.`);
  const where = displayUrl(url);
  const connection = await connect(engine, server, source.url, options.cwd, where);
  let tables: readonly CatalogTable[];
  const gaps: CatalogGap[] = [];
  try {
    if (connection.describe === undefined)
      throw new MeshworkError('usage', `Meshwork cannot read the catalog of ${server.type}.`);
    const all = await connection.tables();
    const wanted =
      options.tables === undefined ? all : all.filter((t) => options.tables!.includes(t));
    for (const name of options.tables ?? [])
      if (!all.includes(name))
        gaps.push({
          table: name,
          reason: `no table or view of this name in ${schemaName(server)}`,
        });
    for (const name of wanted.slice(MAX_TABLES))
      gaps.push({
        table: name,
        reason: `more than ${MAX_TABLES} tables: only the first ${MAX_TABLES} (by name) were imported; name the others with --tables`,
      });
    const chosen = wanted.slice(0, MAX_TABLES);
    tables = chosen.length === 0 ? [] : await connection.describe(chosen);
    for (const name of chosen)
      if (!tables.some((t) => t.name === name))
        gaps.push({ table: name, reason: 'the catalog did not describe it (dropped meanwhile?)' });
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    throw new MeshworkError(
      'engine',
      `cannot read the catalog of ${where}: ${maskSecrets(firstLineOf(error), { url: source.url })}`,
      { cause: error },
    );
  } finally {
    await connection.close().catch(() => undefined);
  }
  if (tables.length === 0 && gaps.length === 0)
    throw new MeshworkError(
      'not-found',
      `${where} (${schemaName(server)}) has no tables (or none this login may see).`,
    );
  const described = tables.filter((table) => {
    if (table.columns.length > 0) return true;
    gaps.push({ table: table.name, reason: 'it has no columns this login may see' });
    return false;
  });
  return {
    system,
    server,
    tables: described,
    gaps,
    data: {
      async open() {
        const opened = await connect(engine, server, source.url, options.cwd, where);
        return {
          connection: opened,
          relation: (table: string) =>
            opened.relation({
              schema: table,
              physicalName: table,
              columns: [],
              baseDir: options.cwd,
              server,
            }),
        };
      },
    },
  } satisfies ImportedSystem;
};

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    // The text may hold a password: it is not repeated.
    throw new MeshworkError('usage', 'SOURCE is not a valid database URL.');
  }
}

/** `postgresql://user:secret@db:5432/shop?sslmode=require` → `postgresql://db:5432/shop`. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

function schemaName(server: ServerEntry): string {
  return typeof server.schema === 'string'
    ? `schema ${server.schema}`
    : `database ${String(server.database)}`;
}

function connect(
  engine: Engine,
  server: ServerEntry,
  url: string,
  baseDir: string,
  where: string,
): Promise<EngineConnection> {
  return connectMasked(
    engine,
    { server, credentials: { url }, baseDir, connectTimeoutMs: CONNECT_TIMEOUT_MS },
    where,
  );
}
