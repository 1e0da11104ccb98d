/**
 * One single-node Trino for the Trino tests, in a folder of its own ("home"): its config,
 * data, Hive warehouse, access rules and group file, and `env.sh` with the
 * `MESHWORK_TEST_TRINO_*` variables that test/support/trino.ts reads.
 *
 * The server is started with Trino's launcher as a daemon (so `scripts/trino.ts start` can
 * return and `stop` find it again by the launcher's pid file). Passwords of the PostgreSQL
 * and MariaDB behind the catalogs reach Trino as environment variables (`${ENV:…}` in the
 * catalog files), never written to disk.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { createTrinoClient } from '../../src/engines/trino/client.ts';
import { TrinoSetupError } from './install.ts';
import type { Log } from './install.ts';

export const SERVICE_USER = 'meshwork';
/** The one user the initial rules deny everything, so a test can prove the rules are enforced. */
export const DENIED_USER = 'meshwork_denied';
export const PG_DATABASE = 'meshwork_trino';
const ICEBERG_DATABASE = 'iceberg_catalog';
const MARKER = '.meshwork-trino-home';
const READY_TIMEOUT_MS = 240_000;
const START_ATTEMPTS = 3;

export interface StartOptions {
  readonly home: string;
  /** The unpacked server (install.ts `ensureServer`). */
  readonly server: string;
  readonly javaHome: string;
  /** A superuser URL of the PostgreSQL for catalogs `pg` and `iceberg`; both left out without it. */
  readonly pgUrl?: string | undefined;
  /** A root URL of the MariaDB/MySQL for catalog `mysql`; left out without it. */
  readonly mysqlUrl?: string | undefined;
  /**
   * More catalog files (`<name>.properties`, e.g. from `meshwork trino catalogs`) and the
   * environment they read their `${ENV:…}` credentials from.
   */
  readonly extraCatalogs?: {
    readonly files: Readonly<Record<string, string>>;
    readonly env: Readonly<Record<string, string>>;
  };
  readonly log: Log;
}

export interface TrinoInstance {
  readonly url: string;
  readonly port: number;
  readonly catalogs: readonly string[];
  /** The variables test/support/trino.ts reads. */
  readonly env: Readonly<Record<string, string>>;
}

interface State {
  readonly url: string;
  readonly port: number;
  readonly catalogs: readonly string[];
  readonly env: Record<string, string>;
}

export async function startTrino(options: StartOptions): Promise<TrinoInstance> {
  prepareHome(options.home);
  const secrets: Record<string, string> = {};
  const catalogs: Record<string, string> = {
    memory: 'connector.name=memory\n',
    tpch: 'connector.name=tpch\n',
    hive: hiveCatalog(join(options.home, 'hive')),
  };
  const env: Record<string, string> = {};
  if (options.pgUrl !== undefined) {
    const pgUrl = new URL(options.pgUrl);
    await preparePostgres(options.pgUrl);
    const jdbc = (db: string): string =>
      `jdbc:postgresql://${pgUrl.hostname}:${pgUrl.port || '5432'}/${db}`;
    secrets.MESHWORK_TRINO_PG_USER = decodeURIComponent(pgUrl.username);
    secrets.MESHWORK_TRINO_PG_PASSWORD = decodeURIComponent(pgUrl.password);
    catalogs.pg = lines(
      'connector.name=postgresql',
      `connection-url=${jdbc(PG_DATABASE)}`,
      'connection-user=${ENV:MESHWORK_TRINO_PG_USER}',
      'connection-password=${ENV:MESHWORK_TRINO_PG_PASSWORD}',
    );
    catalogs.iceberg = lines(
      'connector.name=iceberg',
      'iceberg.catalog.type=jdbc',
      // A name of its own: several instances may share one catalog database.
      `iceberg.jdbc-catalog.catalog-name=meshwork_${randomBytes(4).toString('hex')}`,
      'iceberg.jdbc-catalog.driver-class=org.postgresql.Driver',
      `iceberg.jdbc-catalog.connection-url=${jdbc(ICEBERG_DATABASE)}`,
      'iceberg.jdbc-catalog.connection-user=${ENV:MESHWORK_TRINO_PG_USER}',
      'iceberg.jdbc-catalog.connection-password=${ENV:MESHWORK_TRINO_PG_PASSWORD}',
      'iceberg.jdbc-catalog.default-warehouse-dir=local:///iceberg',
      'fs.native-local.enabled=true',
      `local.location=${join(options.home, 'hive')}`,
    );
    const trinoPg = new URL(options.pgUrl);
    trinoPg.pathname = `/${PG_DATABASE}`;
    env.MESHWORK_TEST_TRINO_PG_URL = trinoPg.toString();
  } else options.log('no PostgreSQL given: catalogs pg and iceberg are left out');
  if (options.mysqlUrl !== undefined) {
    const myUrl = new URL(options.mysqlUrl);
    secrets.MESHWORK_TRINO_MYSQL_USER = decodeURIComponent(myUrl.username);
    secrets.MESHWORK_TRINO_MYSQL_PASSWORD = decodeURIComponent(myUrl.password);
    catalogs.mysql = lines(
      'connector.name=mysql',
      `connection-url=jdbc:mysql://${myUrl.hostname}:${myUrl.port || '3306'}`,
      'connection-user=${ENV:MESHWORK_TRINO_MYSQL_USER}',
      'connection-password=${ENV:MESHWORK_TRINO_MYSQL_PASSWORD}',
    );
    env.MESHWORK_TEST_TRINO_MYSQL_URL = options.mysqlUrl;
  } else options.log('no MariaDB/MySQL given: catalog mysql is left out');

  for (const [name, text] of Object.entries(options.extraCatalogs?.files ?? {})) {
    if (!/^[a-z][a-z0-9_]*$/.test(name) || Object.hasOwn(catalogs, name))
      throw new TrinoSetupError(`catalog "${name}" is not a free, plain catalog name`);
    catalogs[name] = text;
  }
  Object.assign(secrets, options.extraCatalogs?.env ?? {});

  let lastError: unknown;
  // The free port is found by binding port 0 and released again; Trino binds it only ~10 s
  // later, so someone else may have taken it: then the server exits and is started anew.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    writeConfig(options.home, port, catalogs);
    const url = `http://127.0.0.1:${port}`;
    const launched = launcher(options, 'start', secrets);
    if (launched.status !== 0) {
      lastError = new TrinoSetupError(`launcher start failed: ${launched.output}`);
      continue;
    }
    try {
      await waitUntilReady(options.home, url);
    } catch (error) {
      lastError = error;
      const log = serverLogTail(options.home, 30);
      stopTrino(options.home, options.server, options.javaHome);
      if (attempt < START_ATTEMPTS && /Address already in use/.test(log)) continue;
      throw new TrinoSetupError(
        `Trino did not become ready: ${(error as Error).message}\n--- last lines of server.log ---\n${log}`,
      );
    }
    const state: State = {
      url,
      port,
      catalogs: Object.keys(catalogs).sort(),
      env: {
        MESHWORK_TEST_TRINO_URL: url,
        MESHWORK_TEST_TRINO_HIVE_DIR: join(options.home, 'hive'),
        MESHWORK_TEST_TRINO_RULES_FILE: join(options.home, 'rules.json'),
        MESHWORK_TEST_TRINO_GROUPS_FILE: join(options.home, 'groups.txt'),
        MESHWORK_TEST_TRINO_DENIED_USER: DENIED_USER,
        ...env,
      },
    };
    writeFileSync(join(options.home, 'state.json'), JSON.stringify(state, null, 2));
    writeFileSync(join(options.home, 'env.sh'), renderEnv(state.env));
    return state;
  }
  throw lastError instanceof Error ? lastError : new TrinoSetupError(String(lastError));
}

/**
 * Stops the server of `home` (the launcher's `stop`, a SIGTERM, then `kill` when it is still
 * there). Synchronous, so it also runs from a signal handler. True when one was running.
 */
export function stopTrino(home: string, server: string, javaHome: string): boolean {
  if (!existsSync(join(home, 'etc'))) return false;
  const options = { home, server, javaHome };
  const wasRunning = launcher(options, 'status', {}).status === 0;
  if (wasRunning) {
    launcher(options, 'stop', {}, 60_000);
    if (launcher(options, 'status', {}).status === 0) launcher(options, 'kill', {}, 30_000);
  }
  rmSync(join(home, 'state.json'), { force: true });
  return wasRunning;
}

export function readState(home: string): State | undefined {
  const file = join(home, 'state.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as State;
}

export function isRunning(home: string, server: string, javaHome: string): boolean {
  return (
    existsSync(join(home, 'etc')) && launcher({ home, server, javaHome }, 'status', {}).status === 0
  );
}

export function renderEnv(env: Readonly<Record<string, string>>): string {
  const quote = (v: string): string => `'${v.replaceAll("'", "'\\''")}'`;
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${quote(v)}\n`)
    .join('');
}

export function serverLogTail(home: string, count: number): string {
  const file = join(home, 'data', 'var', 'log', 'server.log');
  if (!existsSync(file)) return '(no server.log)';
  const all = readFileSync(file, 'utf8').split('\n');
  // Trino's start-up errors are long Guice reports: the first error lines say what failed.
  const errors = all.filter((l) => /\tERROR\t|^\d+\) \[|^Caused by:/.test(l)).slice(0, 12);
  return [...errors, '…', ...all.slice(-count)].join('\n');
}

/**
 * The home is wiped on every start so each run begins from empty catalogs; a folder that is
 * not empty and was not made by this script is refused rather than deleted.
 */
function prepareHome(home: string): void {
  if (existsSync(home) && readdirSync(home).length > 0) {
    if (!existsSync(join(home, MARKER)))
      throw new TrinoSetupError(
        `${home} is not empty and not a Trino home made by scripts/trino.ts; choose another --home`,
      );
    rmSync(home, { recursive: true, force: true });
  }
  for (const dir of ['etc/catalog', 'data', 'hive'])
    mkdirSync(join(home, dir), { recursive: true });
  chmodSync(home, 0o700);
  writeFileSync(join(home, MARKER), 'made by scripts/trino.ts; wiped on every start\n');
  writeFileSync(join(home, 'rules.json'), JSON.stringify(initialRules(), null, 2));
  writeFileSync(join(home, 'groups.txt'), '');
}

/** Everything for everyone (as the shared development Trino), except {@link DENIED_USER}. */
export function initialRules(): unknown {
  const denied = { user: DENIED_USER };
  return {
    catalogs: [{ ...denied, allow: 'none' }, { allow: 'all' }],
    schemas: [{ ...denied, owner: false }, { owner: true }],
    tables: [
      { ...denied, privileges: [] },
      { privileges: ['SELECT', 'INSERT', 'DELETE', 'UPDATE', 'OWNERSHIP', 'GRANT_SELECT'] },
    ],
  };
}

function writeConfig(home: string, port: number, catalogs: Record<string, string>): void {
  const etc = join(home, 'etc');
  writeFileSync(
    join(etc, 'config.properties'),
    lines(
      'coordinator=true',
      'node-scheduler.include-coordinator=true',
      `http-server.http.port=${port}`,
      `discovery.uri=http://127.0.0.1:${port}`,
      'query.max-memory=1GB',
      'query.max-memory-per-node=1GB',
      'catalog.management=static',
    ),
  );
  writeFileSync(
    join(etc, 'node.properties'),
    lines(
      'node.environment=meshwork_test',
      `node.id=meshwork-test-${port}`,
      `node.data-dir=${join(home, 'data')}`,
      'node.bind-ip=127.0.0.1',
      'node.internal-address=127.0.0.1',
    ),
  );
  writeFileSync(
    join(etc, 'jvm.config'),
    lines(
      '-server',
      '-Xmx2G',
      '-XX:InitialRAMPercentage=10',
      '-XX:+UseG1GC',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:-OmitStackTraceInFastThrow',
      '-XX:ReservedCodeCacheSize=256M',
      '-XX:PerMethodRecompilationCutoff=10000',
      '-XX:PerBytecodeRecompilationCutoff=10000',
      '-Djdk.attach.allowAttachSelf=true',
      '-Djdk.nio.maxCachedBufferSize=2000000',
      '-XX:+EnableDynamicAgentLoading',
    ),
  );
  writeFileSync(
    join(etc, 'access-control.properties'),
    lines(
      'access-control.name=file',
      `security.config-file=${join(home, 'rules.json')}`,
      'security.refresh-period=2s',
    ),
  );
  writeFileSync(
    join(etc, 'group-provider.properties'),
    lines(
      'group-provider.name=file',
      `file.group-file=${join(home, 'groups.txt')}`,
      'file.refresh-period=2s',
    ),
  );
  for (const [name, text] of Object.entries(catalogs))
    writeFileSync(join(etc, 'catalog', `${name}.properties`), text);
}

function hiveCatalog(dir: string): string {
  return lines(
    'connector.name=hive',
    'hive.metastore=file',
    'hive.metastore.catalog.dir=local:///hive-metastore',
    'fs.native-local.enabled=true',
    `local.location=${dir}`,
    'hive.non-managed-table-writes-enabled=true',
    // Without it CREATE TABLE of a timestamp(6) column fails (the default is milliseconds).
    'hive.timestamp-precision=MICROSECONDS',
  );
}

/**
 * The catalog `pg`'s database, and the Iceberg JDBC catalog's database with the two tables
 * Trino expects but does not create (the Iceberg JDBC catalog's schema, V1).
 */
async function preparePostgres(serverUrl: string): Promise<void> {
  await withPg(serverUrl, async (client) => {
    for (const db of [PG_DATABASE, ICEBERG_DATABASE]) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (found.rowCount === 0)
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(db)}`).catch((e: unknown) => {
          // 42P04: created a moment ago by another instance starting at the same time.
          if ((e as { code?: unknown }).code !== '42P04') throw e;
        });
    }
  });
  const icebergUrl = new URL(serverUrl);
  icebergUrl.pathname = `/${ICEBERG_DATABASE}`;
  await withPg(icebergUrl.toString(), async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS iceberg_tables (
      catalog_name varchar(255) NOT NULL, table_namespace varchar(255) NOT NULL,
      table_name varchar(255) NOT NULL, metadata_location varchar(1000),
      previous_metadata_location varchar(1000), iceberg_type varchar(5),
      PRIMARY KEY (catalog_name, table_namespace, table_name))`);
    await client.query(`CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
      catalog_name varchar(255) NOT NULL, namespace varchar(255) NOT NULL,
      property_key varchar(255) NOT NULL, property_value varchar(1000),
      PRIMARY KEY (catalog_name, namespace, property_key))`);
  });
}

async function withPg(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** `/v1/info` says `starting: false`, then `SELECT 1` answers; bounded, and the process watched. */
async function waitUntilReady(home: string, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const client = createTrinoClient({ server: url, user: SERVICE_USER });
  const pidFile = join(home, 'data', 'var', 'run', 'launcher.pid');
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!processAlive(pidFile)) throw new Error('the Trino process exited');
    try {
      const info = await fetch(`${url}/v1/info`, { signal: AbortSignal.timeout(5_000) });
      const body = (await info.json()) as { starting?: unknown };
      if (body.starting === false) {
        await client.run('SELECT 1', { signal: AbortSignal.timeout(30_000) });
        return;
      }
      last = 'still starting';
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s (${last})`);
}

function processAlive(pidFile: string): boolean {
  if (!existsSync(pidFile)) return true; // the launcher writes it a moment after it starts
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function launcher(
  options: { readonly home: string; readonly server: string; readonly javaHome: string },
  command: 'start' | 'stop' | 'kill' | 'status',
  secrets: Readonly<Record<string, string>>,
  timeout = 30_000,
): { status: number | null; output: string } {
  const result = spawnSync(
    join(options.server, 'bin', 'launcher'),
    [`--etc-dir=${join(options.home, 'etc')}`, `--data-dir=${join(options.home, 'data')}`, command],
    {
      encoding: 'utf8',
      timeout,
      env: {
        ...process.env,
        ...secrets,
        JAVA_HOME: options.javaHome,
        PATH: `${join(options.javaHome, 'bin')}:${process.env.PATH ?? ''}`,
      },
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

function lines(...items: string[]): string {
  return `${items.join('\n')}\n`;
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
