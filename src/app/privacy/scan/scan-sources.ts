import { dirname, relative } from 'node:path';
import type {
  Engine,
  EngineConnection,
  RelationRequest,
  ServerEntry,
} from '../../../engines/engine.ts';
import { canRead, loadEngine } from '../../../engines/registry.ts';
import { connectMasked } from '../../connect-masked.ts';
import { MeshworkError } from '../../errors.ts';
import { chooseServer } from '../../servers/choose-server.ts';
import { runServerOf, serverLocation } from '../../servers/server-location.ts';
import { findMeshRoot } from '../../testing/test-target.ts';
import { readScanContract } from './scan-contract-file.ts';
import type { NotScanned } from './scan-report.ts';
import type { ScanTarget } from './scan-target.ts';
import { MAX_TABLES, SAMPLE_TIMEOUT_MS } from './scan-bounds.ts';

/** One object to scan: how to read it, and which columns (all of the data's when undefined). */
export interface ScanObject {
  readonly name: string;
  readonly request: RelationRequest;
  readonly properties?: readonly {
    readonly name: string;
    readonly column: string;
    readonly logicalType?: string;
  }[];
}

/** A target opened: the connection the objects are read through. */
export interface ScanSource {
  readonly connection: EngineConnection;
  readonly target: string;
  readonly server: string | null;
  readonly objects: readonly ScanObject[];
  readonly notScanned: readonly NotScanned[];
}

export interface OpenOptions {
  readonly cwd: string;
  /** A contract's server to read (`--server`). */
  readonly server?: string;
  /** A database's schema, a DuckDB file's schema, or a contract's one schema object. */
  readonly schema?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function openScanSource(
  target: ScanTarget,
  options: OpenOptions,
): Promise<ScanSource> {
  if (options.server !== undefined && target.kind !== 'contract')
    throw new MeshworkError(
      'usage',
      "--server names a contract's server: the target is not a contract.",
    );
  if (options.schema !== undefined && target.kind === 'files')
    throw new MeshworkError('usage', '--schema names a database schema: a file has none.');
  switch (target.kind) {
    case 'contract':
      return openContract(target.file, options);
    case 'files':
      return openFiles(target.path, options);
    case 'duckdb-file':
      return openSchema(
        {
          server: 'file',
          type: 'duckdb',
          database: target.path,
          ...(options.schema === undefined ? {} : { schema: options.schema }),
        },
        {},
        displayPath(target.path, options.cwd),
        options,
      );
    case 'database':
      return openSchema(
        { server: 'url', type: target.serverType, ...schemaKeys(options.schema) },
        { url: target.url },
        serverLocation(
          { server: 'url', type: target.serverType },
          {
            meshRoot: options.cwd,
            baseDir: options.cwd,
            objects: [],
            credentials: { url: target.url },
          },
          undefined,
        ),
        options,
      );
  }
}

/**
 * A URL's `--schema` in the key each engine reads it from: ODCS names a PostgreSQL schema
 * `schema` and a MySQL one `database`; with a URL the PostgreSQL driver connects by the
 * URL alone, so setting both names the schema for either engine without asking which one
 * this is. (A DuckDB file's `database` is its path: it gets `schema` only.)
 */
function schemaKeys(schema: string | undefined): Record<string, string> {
  return schema === undefined ? {} : { schema, database: schema };
}

async function engineOf(server: ServerEntry): Promise<Engine> {
  const engine = await loadEngine(server.type);
  if (!engine) throw new MeshworkError('usage', `Meshwork cannot read ${server.type}.`);
  return engine;
}

function connect(
  engine: Engine,
  server: ServerEntry,
  credentials: { readonly url?: string },
  baseDir: string,
  where: string,
): Promise<EngineConnection> {
  return connectMasked(
    engine,
    { server, credentials, baseDir, connectTimeoutMs: 10_000, ruleTimeoutMs: SAMPLE_TIMEOUT_MS },
    where,
  );
}

async function openFiles(path: string, options: OpenOptions): Promise<ScanSource> {
  const server: ServerEntry = { server: 'file', type: 'local', path };
  const engine = await engineOf(server);
  const missing = engine.files?.missing(server, [''], options.cwd);
  if (missing !== undefined)
    throw new MeshworkError('not-found', `cannot scan ${path}: ${missing}.`);
  const name = displayPath(path, options.cwd);
  const connection = await connect(engine, server, {}, options.cwd, name);
  const request = { schema: name, physicalName: '', columns: [], baseDir: options.cwd, server };
  return { connection, target: name, server: null, objects: [{ name, request }], notScanned: [] };
}

/** Every table of a database schema (or of a DuckDB file), each with all its columns. */
async function openSchema(
  server: ServerEntry,
  credentials: { readonly url?: string },
  where: string,
  options: OpenOptions,
): Promise<ScanSource> {
  const engine = await engineOf(server);
  const missing = engine.files?.missing(server, [], options.cwd);
  if (missing !== undefined)
    throw new MeshworkError('not-found', `cannot scan ${where}: ${missing}.`);
  const connection = await connect(engine, server, credentials, options.cwd, where);
  let tables: readonly string[];
  try {
    tables = await connection.tables();
  } catch (error) {
    await connection.close();
    throw new MeshworkError(
      'engine',
      `cannot list the tables of ${where}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const target = options.schema === undefined ? where : `${where} (schema ${options.schema})`;
  if (tables.length === 0) {
    await connection.close();
    throw new MeshworkError('not-found', `${target} has no tables (or none this login may see).`);
  }
  const objects = tables.slice(0, MAX_TABLES).map((table) => ({
    name: table,
    request: { schema: table, physicalName: table, columns: [], baseDir: options.cwd, server },
  }));
  const notScanned = tables.slice(MAX_TABLES).map((table) => ({
    object: table,
    property: null,
    reason: `more than ${MAX_TABLES} tables in the schema: only the first ${MAX_TABLES} (by name) were scanned`,
  }));
  return { connection, target, server: null, objects, notScanned };
}

/** A contract: its objects and declared properties, read from the server `chooseServer` picks. */
async function openContract(file: string, options: OpenOptions): Promise<ScanSource> {
  const contract = await readScanContract(file);
  const objects =
    options.schema === undefined
      ? contract.objects
      : contract.objects.filter((o) => o.name === options.schema);
  if (objects.length === 0) {
    throw new MeshworkError(
      'not-found',
      options.schema === undefined
        ? `${displayPath(file, options.cwd)} has no schema objects to scan.`
        : `${displayPath(file, options.cwd)} has no schema object "${options.schema}".`,
    );
  }
  if (options.server === undefined && !contract.servers.some((s) => canRead(s.type))) {
    throw new MeshworkError(
      'invalid-input',
      'the contract has no server Meshwork can read (local, duckdb, postgresql, mysql); add one to "servers".',
    );
  }
  const meshRoot = await findMeshRoot(file);
  const physical = objects.map((o) => o.physicalName);
  const choice = await chooseServer({
    meshRoot,
    contractFile: file,
    servers: contract.servers,
    objects: physical,
    reads: canRead,
    env: options.env,
    ...(options.server === undefined ? {} : { named: options.server }),
  });
  if (!choice.ok) throw new MeshworkError('engine', `cannot scan: ${choice.message}`);
  const engine = await engineOf(choice.server);
  const baseDir = dirname(file);
  const evidence = runServerOf(
    choice.server,
    { meshRoot, baseDir, objects: physical, credentials: choice.credentials },
    engine,
  );
  const serverText = `"${evidence.name}" (${evidence.type}${evidence.location ? `, ${evidence.location}` : ''})`;
  const connection = await connect(
    engine,
    choice.server,
    choice.credentials,
    baseDir,
    `server ${serverText}`,
  );
  return {
    connection,
    target: displayPath(file, options.cwd),
    server: serverText,
    objects: objects.map((o) => ({
      name: o.name,
      properties: o.properties,
      request: {
        schema: o.name,
        physicalName: o.physicalName,
        columns: o.properties.map((p) => p.column),
        baseDir,
        server: choice.server,
      },
    })),
    notScanned: [],
  };
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}
