import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { workspaceRunHistory } from '../../src/runtime/index.ts';
import type { RunEvidence } from '../../src/core/quality/index.ts';
import { cli } from '../support/cli.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';

/**
 * Issue 9, "no silent server fallback" and "every run names what it read": a contract with
 * a real PostgreSQL first and a Parquet copy second. A configured PostgreSQL that cannot be
 * read (wrong password, closed port) is an error naming it — never a PASSED run on the copy.
 */

interface JsonRun {
  status: string;
  checks: { status: string; message: string }[];
  server: RunEvidence['server'];
  passedOver: RunEvidence['passedOver'];
}

describe('which server a run read, and what it passed over (real PostgreSQL)', () => {
  let server: TestPostgres;
  let database: TestDatabase;
  let dir: string;
  let url: URL;

  before(async () => {
    server = await startTestPostgres();
    database = await createTestDatabase(server.url, 'meshwork_evidence');
    url = new URL(database.url);
    await withClient(database.url, async (client) => {
      await client.query('CREATE TABLE orders (order_id integer NOT NULL)');
      await client.query('INSERT INTO orders VALUES (1), (2)');
    });
    dir = await mkdtemp(join(tmpdir(), 'meshwork-evidence-'));
    await writeFile(join(dir, 'meshwork.yaml'), 'name: evidence\n');
    // The copy holds a row the contract rejects: were it read, the run would fail with 1.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const file = join(dir, 'orders.parquet').replaceAll("'", "''");
    await connection.run(
      `COPY (SELECT * FROM (VALUES (1), (NULL)) AS t(order_id)) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    await writeFile(
      join(dir, 'orders.odcs.yaml'),
      stringify({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'orders',
        version: '1.0.0',
        status: 'active',
        servers: [
          {
            server: 'pg',
            type: 'postgresql',
            host: url.hostname,
            port: Number(url.port || 5432),
            database: database.name,
            schema: 'public',
          },
          { server: 'copy', type: 'local', format: 'parquet', path: './{model}.parquet' },
        ],
        schema: [
          {
            name: 'orders',
            properties: [{ name: 'order_id', logicalType: 'integer', required: true }],
          },
        ],
      }),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await database.drop();
    await server.stop();
  });

  const withPassword = (password: string, port?: string): string => {
    const wrong = new URL(database.url);
    wrong.password = password;
    if (port !== undefined) wrong.port = port;
    return wrong.toString();
  };

  const test = (env: Record<string, string>, format: 'json' | 'text' = 'json') =>
    cli(['test', 'orders.odcs.yaml', ...(format === 'json' ? ['--format', 'json'] : [])], dir, {
      env,
    });

  it('a wrong password is an error naming the server and the cause, not a run on the copy', async () => {
    const env = { MESHWORK_PG_URL: withPassword('wrong-pw-1234') };
    const json = await test(env);
    assert.equal(json.code, 2, json.stdout + json.stderr);
    const run = JSON.parse(json.stdout) as JsonRun;
    assert.equal(run.status, 'error');
    assert.ok(run.checks.length > 0, 'every planned check is reported, as an error');
    for (const check of run.checks) {
      assert.equal(check.status, 'error');
      assert.match(
        check.message,
        /server "pg" \(postgresql, .*\) is configured here but cannot be read/,
      );
      assert.match(check.message, /password authentication failed/);
    }
    assert.equal(run.server?.name, 'pg');
    assert.deepEqual(run.passedOver, []);
    const text = await test(env, 'text');
    assert.equal(text.code, 2);
    assert.match(
      text.stdout,
      /server "pg" \(postgresql.*cannot be read: cannot connect \(password authentication failed/,
    );
    assert.doesNotMatch(text.stdout, /"copy"/, 'the copy is never read');
    assert.ok(!(json.stdout + text.stdout).includes('wrong-pw-1234'), 'no password in the output');
  });

  it('a closed port is an error naming the server, not a run on the copy', async () => {
    const { code, stdout } = await test({ MESHWORK_PG_URL: withPassword(url.password, '1') });
    assert.equal(code, 2, stdout);
    const run = JSON.parse(stdout) as JsonRun;
    assert.equal(run.status, 'error');
    assert.match(run.checks[0]!.message, /server "pg" .*cannot connect \(.*ECONNREFUSED/);
    assert.equal(run.server?.location, `${url.hostname}:1/${database.name} (schema public)`);
  });

  it('names the server it read, without credentials, in JSON, text and the store', async () => {
    const env = { MESHWORK_PG_URL: database.url };
    const { code, stdout } = await test(env);
    assert.equal(code, 0, stdout);
    const run = JSON.parse(stdout) as JsonRun;
    const location = `${url.hostname}:${url.port || 5432}/${database.name} (schema public)`;
    assert.deepEqual(run.server, { name: 'pg', type: 'postgresql', location });
    assert.deepEqual(run.passedOver, []);
    const text = await test(env, 'text');
    assert.match(text.stdout, new RegExp(`server {2}"pg" \\(postgresql\\) ${escape(location)}`));
    const stored = (await workspaceRunHistory({ meshRoot: dir, env: {} }).list()).at(-1)!;
    assert.deepEqual(stored.run.evidence, { server: run.server, passedOver: [] });
    assert.equal(stored.run.trigger, 'test');
    assert.equal(stored.server, 'pg');
    const everything = stdout + text.stdout + JSON.stringify(stored);
    if (url.password) assert.ok(!everything.includes(url.password), 'no password anywhere');
  });

  it('a server not configured here is passed over, and the run says so', async () => {
    const json = await test({});
    assert.equal(json.code, 1, json.stdout);
    const run = JSON.parse(json.stdout) as JsonRun;
    assert.deepEqual(run.server, { name: 'copy', type: 'local', location: 'orders.parquet' });
    assert.equal(run.passedOver.length, 1);
    assert.equal(run.passedOver[0]!.name, 'pg');
    assert.match(run.passedOver[0]!.reason, /^not configured \(set MESHWORK_PG_URL/);
    const text = await test({}, 'text');
    assert.match(text.stdout, /server {2}"copy" \(local\) orders\.parquet/);
    assert.match(
      text.stdout,
      /skipped "pg" \(postgresql\) .*: not configured \(set MESHWORK_PG_URL/,
    );
  });
});

describe('a configured MySQL/MariaDB server that rejects its password (real MariaDB)', () => {
  let server: TestMysql;
  let dir: string;
  let url: URL;

  before(async () => {
    server = await startTestMysql();
    url = new URL((await createMysqlDatabase(server.url)).url);
    dir = await mkdtemp(join(tmpdir(), 'meshwork-evidence-mysql-'));
    await writeFile(join(dir, 'meshwork.yaml'), 'name: evidence\n');
    await writeFile(join(dir, 'orders.csv'), 'order_id\n1\n2\n');
    await writeFile(
      join(dir, 'orders.odcs.yaml'),
      stringify({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'orders',
        version: '1.0.0',
        status: 'active',
        servers: [
          {
            server: 'shop',
            type: 'mysql',
            host: url.hostname,
            port: Number(url.port || 3306),
            database: url.pathname.slice(1),
          },
          { server: 'copy', type: 'local', format: 'csv', path: './{model}.csv' },
        ],
        schema: [{ name: 'orders', properties: [{ name: 'order_id', logicalType: 'integer' }] }],
      }),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('is an error naming it, never a PASSED run on the CSV copy', async () => {
    const wrong = new URL(url);
    wrong.password = 'wrong-pw-5678';
    const { code, stdout } = await cli(['test', 'orders.odcs.yaml', '--format', 'json'], dir, {
      env: { MESHWORK_SHOP_URL: wrong.toString() },
    });
    assert.equal(code, 2, stdout);
    const run = JSON.parse(stdout) as JsonRun;
    assert.equal(run.status, 'error');
    assert.match(
      run.checks[0]!.message,
      /server "shop" \(mysql, .*\) is configured here but cannot be read: cannot connect \(Access denied/,
    );
    assert.equal(run.server?.name, 'shop');
    assert.ok(!stdout.includes('wrong-pw-5678'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
