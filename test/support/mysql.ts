import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

/**
 * A real MySQL/MariaDB for tests (DESIGN.md: real engines, not mocks).
 *
 * `MESHWORK_TEST_MYSQL_URL` wins when set. Otherwise a private MariaDB is started:
 * `mariadb-install-db` into a temp data directory and `mariadbd` on 127.0.0.1 and a free
 * port, as root (`--user=root`). `npm test` installs the binaries once before the test
 * files start (scripts/run-tests.ts); a test never runs apt-get itself, since two test files
 * doing so at once fail on dpkg's lock.
 */
export interface TestMysql {
  /** Connection URL of root, without a database. */
  readonly url: string;
  readonly external: boolean;
  stop(): Promise<void>;
}

const run = promisify(execFile);
const START_TIMEOUT_MS = 60_000;

export async function startTestMysql(): Promise<TestMysql> {
  const external = process.env.MESHWORK_TEST_MYSQL_URL;
  if (external) return { url: external, external: true, stop: () => Promise.resolve() };
  await ensureBinaries();
  const root = await mkdtemp(join(tmpdir(), 'meshwork-mariadb-'));
  const removeRoot = (): void => rmSync(root, { recursive: true, force: true });
  process.once('exit', removeRoot);
  const datadir = join(root, 'data');
  // A private temp directory: MariaDB names its temporary tables after its pid and thread,
  // and two servers bootstrapping at once in a shared /tmp (test files run in parallel; in
  // a container the pids can repeat) removed each other's files ("Unknown table
  // 'mysql.tmp_proxies_priv'", CI of 2026-12-05).
  const privateTmp = join(root, 'tmp');
  await mkdir(privateTmp);
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    `--tmpdir=${privateTmp}`,
  ]);
  const port = await findFreePort();
  const server = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${join(root, 'mysqld.sock')}`,
      `--pid-file=${join(root, 'mysqld.pid')}`,
      `--tmpdir=${privateTmp}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=64M',
      '--innodb-flush-log-at-trx-commit=0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log: string[] = [];
  server.stderr?.on('data', (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 40) log.shift();
  });
  const url = `mysql://root@127.0.0.1:${port}/`;
  try {
    await waitUntilReady(url, server);
  } catch (error) {
    server.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
    throw new Error(`MariaDB did not start: ${(error as Error).message}\n${log.join('')}`, {
      cause: error,
    });
  }
  let stopped = false;
  return {
    url,
    external: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      });
      await rm(root, { recursive: true, force: true });
      process.removeListener('exit', removeRoot);
    },
  };
}

/** A fresh database on the server, and its URL. */
export async function createMysqlDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string }> {
  const name = `meshwork_test_${randomBytes(6).toString('hex')}`;
  const connection = await mysql.createConnection(serverUrl);
  try {
    await connection.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await connection.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

async function ensureBinaries(): Promise<void> {
  try {
    await run('which', ['mariadbd', 'mariadb-install-db']);
  } catch {
    throw new Error(
      'mariadbd is missing; npm test installs it when run as root, or install it with: ' +
        'sudo apt-get install -y mariadb-server (or set MESHWORK_TEST_MYSQL_URL)',
    );
  }
}

async function waitUntilReady(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  server.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('mariadbd exited');
    try {
      const connection = await mysql.createConnection(url);
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
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
