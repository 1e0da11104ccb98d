import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { MeshworkError } from '../../src/app/errors.ts';
import { chooseServer } from '../../src/app/servers/choose-server.ts';
import type { ServerChoiceRequest } from '../../src/app/servers/choose-server.ts';
import { runContractTests } from '../../src/app/testing/index.ts';
import type { ServerEntry } from '../../src/engines/engine.ts';
import { canRead } from '../../src/engines/registry.ts';
import { cli } from '../support/cli.ts';

/**
 * The one rule `meshwork test` and `meshwork build` share: the first server in the
 * contract's order that is usable here; a named server is used or refused, never replaced.
 */

const SERVERS: readonly ServerEntry[] = [
  {
    server: 'pg',
    type: 'postgresql',
    host: '127.0.0.1',
    port: 5432,
    database: 'shop',
    schema: 'public',
  },
  { server: 'files', type: 'local', format: 'parquet', path: './{model}.parquet' },
];

/** Nothing listens on port 1: a configured server that does not answer. */
const UNREACHABLE = 'postgres://reader:s3cret-pw@127.0.0.1:1/shop';

function contract(servers: readonly ServerEntry[]): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders',
    version: '1.0.0',
    status: 'active',
    servers,
    schema: [
      {
        name: 'orders',
        physicalName: 'orders',
        properties: [{ name: 'order_id', logicalType: 'integer', required: true }],
      },
    ],
  };
}

describe('choosing the server a contract is read from', () => {
  let dir: string;
  const request = (extra: Partial<ServerChoiceRequest> = {}): ServerChoiceRequest => ({
    meshRoot: dir,
    contractFile: join(dir, 'orders.odcs.yaml'),
    servers: SERVERS,
    objects: ['orders'],
    reads: canRead,
    env: {},
    ...extra,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-choose-'));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const file = join(dir, 'orders.parquet').replaceAll("'", "''");
    await connection.run(
      `COPY (SELECT * FROM (VALUES (1), (2)) AS t(order_id)) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    await writeFile(join(dir, 'orders.odcs.yaml'), stringify(contract(SERVERS)));
    await writeFile(
      join(dir, 'missing.odcs.yaml'),
      stringify(contract([SERVERS[0]!, { ...SERVERS[1]!, path: './nowhere/{model}.parquet' }])),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('skips a PostgreSQL server without credentials and reads the local file', async () => {
    const choice = await chooseServer(request());
    assert.ok(choice.ok, 'a server is usable');
    assert.equal(choice.server.server, 'files');
    const run = await runContractTests({
      meshRoot: dir,
      contractFile: 'orders.odcs.yaml',
      env: {},
      history: null,
    });
    assert.equal(run.status, 'passed', JSON.stringify(run.checks));
  });

  it('never skips a configured PostgreSQL server that does not answer for the next one', async () => {
    const choice = await chooseServer(request({ env: { MESHWORK_PG_URL: UNREACHABLE } }));
    assert.ok(!choice.ok, 'no server is chosen');
    assert.equal(choice.failed?.entry.server, 'pg');
    assert.equal(choice.failed?.evidence.location, '127.0.0.1:1/shop (schema public)');
    assert.match(choice.message, /server "pg" \(postgresql, 127\.0\.0\.1:1\/shop/);
    assert.match(
      choice.message,
      /configured here but cannot be read: cannot connect \(.*ECONNREFUSED/,
    );
    assert.ok(!choice.message.includes('s3cret-pw'), choice.message);
  });

  it('names the servers it passed over, and why', async () => {
    const choice = await chooseServer(request());
    assert.ok(choice.ok, 'a server is usable');
    assert.deepEqual(
      choice.passedOver.map((s) => [s.name, s.type, s.location]),
      [['pg', 'postgresql', '127.0.0.1:5432/shop (schema public)']],
    );
    assert.match(choice.passedOver[0]!.reason, /^not configured \(set MESHWORK_PG_URL/);
  });

  it('skips server types the caller does not read (a build reads no MySQL sources)', async () => {
    const mysqlFirst: ServerEntry = { server: 'shop-db', type: 'mysql', host: 'h', database: 'd' };
    const choice = await chooseServer(
      request({ servers: [mysqlFirst, ...SERVERS], reads: (type) => type !== 'mysql' }),
    );
    assert.ok(choice.ok, 'a server is usable');
    assert.equal(choice.server.server, 'files');
  });

  it('refuses a named server that is not configured, saying which variable to set', async () => {
    await assert.rejects(chooseServer(request({ named: 'pg' })), (error: unknown) => {
      assert.ok(error instanceof MeshworkError, 'a MeshworkError');
      assert.equal(error.code, 'engine');
      assert.match(error.message, /server "pg" \(postgresql\) cannot be read: not configured/);
      assert.match(error.message, /MESHWORK_PG_URL/);
      return true;
    });
  });

  it('names what a Trino entry lacks: its catalog, host and user, not "database"', async () => {
    const lake: ServerEntry = { server: 'lake', type: 'trino', schema: 'sales' };
    await assert.rejects(
      chooseServer(request({ servers: [lake], named: 'lake' })),
      (error: unknown) => {
        assert.ok(error instanceof MeshworkError, 'a MeshworkError');
        assert.match(error.message, /server "lake" \(trino\) cannot be read: not configured/);
        assert.match(error.message, /with host and catalog in the entry/);
        assert.match(
          error.message,
          /missing: "catalog" in the entry, "host" in the entry, MESHWORK_LAKE_USER\)/,
        );
        assert.ok(!error.message.includes('database'), error.message);
        return true;
      },
    );
    const withEntry: ServerEntry = { ...lake, host: '127.0.0.1', catalog: 'hive' };
    await assert.rejects(
      chooseServer(request({ servers: [withEntry], named: 'lake' })),
      /missing: MESHWORK_LAKE_USER\)/,
    );
  });

  it("reads a named server with the credentials it is given (a build's), not those set here", async () => {
    // Nothing is set in env: without the given credentials "pg" would be "not configured".
    await assert.rejects(
      chooseServer(request({ named: 'pg', credentials: { url: UNREACHABLE } })),
      (error: unknown) => {
        assert.ok(error instanceof MeshworkError, 'a MeshworkError');
        assert.match(error.message, /cannot connect/);
        return true;
      },
    );
    // Only the named server: another one still needs its own credentials.
    const choice = await chooseServer(request({ credentials: { url: UNREACHABLE } }));
    assert.ok(choice.ok, 'a server is usable');
    assert.equal(choice.server.server, 'files');
  });

  it('refuses a named server that does not answer, without showing the password', async () => {
    await assert.rejects(
      chooseServer(request({ named: 'pg', env: { MESHWORK_PG_URL: UNREACHABLE } })),
      (error: unknown) => {
        assert.ok(error instanceof MeshworkError, 'a MeshworkError');
        assert.match(error.message, /cannot connect/);
        assert.ok(!error.message.includes('s3cret-pw'), `no password in: ${error.message}`);
        return true;
      },
    );
  });

  it('reports a run with status error, naming each server, when none is usable', async () => {
    const run = await runContractTests({
      meshRoot: dir,
      contractFile: 'missing.odcs.yaml',
      env: {},
      history: null,
    });
    assert.equal(run.status, 'error');
    for (const check of run.checks) {
      assert.equal(check.status, 'error', check.id);
      assert.match(
        check.message,
        /no server can be read — server "pg" \(postgresql\): not configured/,
      );
      assert.match(check.message, /server "files" \(local\): no file at /);
    }
  });

  it('meshwork test --server NAME exits 2 with one line when that server cannot be read', async () => {
    const result = await cli(['test', join(dir, 'orders.odcs.yaml'), '--server', 'pg'], dir);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /server "pg" \(postgresql\) cannot be read/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('meshwork test without --server reads the first usable server', async () => {
    const result = await cli(['test', join(dir, 'orders.odcs.yaml')], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
});
