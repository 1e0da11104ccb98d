import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { createTrinoClient, TrinoQueryError } from '../../src/engines/trino/client.ts';
import type { TrinoClient } from '../../src/engines/trino/client.ts';
import { withClient } from '../support/postgres.ts';
import { NO_TRINO, trinoForTests } from '../support/trino.ts';

/**
 * The Trino that `npm run test:trino` starts is real and set up as the other Trino tests
 * expect: it answers, it has the six catalogs and each reaches its backend (rows written
 * there are read back through Trino with exact counts), and its file-based access rules are
 * enforced.
 */

const trino = trinoForTests();
const suffix = randomBytes(4).toString('hex');
const PG_SCHEMA = `infra_${suffix}`;
const MYSQL_DB = `infra_${suffix}`;
const LAKE_SCHEMA = `infra_${suffix}`;

describe('the Trino of the Trino tests', { skip: trino ? false : NO_TRINO }, () => {
  let client: TrinoClient;
  const cleanups: (() => Promise<unknown>)[] = [];

  before(() => {
    client = createTrinoClient({ server: trino!.url, user: trino!.user });
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('answers a query as the service user', async () => {
    const result = await client.run('SELECT 1 + 1 AS two');
    assert.deepEqual(result.rows, [[2]]);
    assert.deepEqual(result.columns, [{ name: 'two', type: 'integer' }]);
  });

  it('has the catalogs memory, tpch, hive, iceberg, pg and mysql', async () => {
    const result = await client.run('SHOW CATALOGS');
    const names = result.rows.map((r) => r[0]);
    for (const name of ['memory', 'tpch', 'hive', 'iceberg', 'pg', 'mysql'])
      assert.ok(names.includes(name), `catalog ${name} missing in ${names.join(', ')}`);
    const nations = await client.run('SELECT count(*) FROM tpch.tiny.nation');
    assert.deepEqual(nations.rows, [[25]]);
  });

  it('reads through catalog pg what was written into its PostgreSQL database', async () => {
    await withClient(trino!.pgUrl, async (pg) => {
      await pg.query(`CREATE SCHEMA "${PG_SCHEMA}"`);
      await pg.query(
        `CREATE TABLE "${PG_SCHEMA}".t AS SELECT g AS id FROM generate_series(1, 1234) g`,
      );
    });
    cleanups.push(() =>
      withClient(trino!.pgUrl, (pg) => pg.query(`DROP SCHEMA "${PG_SCHEMA}" CASCADE`)),
    );
    const result = await client.run(`SELECT count(*), sum(id) FROM pg."${PG_SCHEMA}".t`);
    assert.deepEqual(result.rows, [[1234, 761995]]);
  });

  it('reads through catalog mysql what was written into its MariaDB', async () => {
    const connection = await mysql.createConnection(trino!.mysqlUrl);
    try {
      await connection.query(`CREATE DATABASE \`${MYSQL_DB}\``);
      await connection.query(
        `CREATE TABLE \`${MYSQL_DB}\`.t (id INT PRIMARY KEY, name VARCHAR(20))`,
      );
      await connection.query(`INSERT INTO \`${MYSQL_DB}\`.t VALUES (1, 'a'), (2, 'b'), (3, NULL)`);
    } finally {
      await connection.end();
    }
    cleanups.push(async () => {
      const c = await mysql.createConnection(trino!.mysqlUrl);
      await c.query(`DROP DATABASE \`${MYSQL_DB}\``).finally(() => c.end());
    });
    const result = await client.run(`SELECT count(*), count(name) FROM mysql."${MYSQL_DB}".t`);
    assert.deepEqual(result.rows, [[3, 2]]);
  });

  it('writes Parquet tables in hive under the hive folder, and tables in iceberg', async () => {
    for (const catalog of [trino!.hiveCatalog, trino!.icebergCatalog]) {
      await client.run(`CREATE SCHEMA ${catalog}."${LAKE_SCHEMA}"`);
      cleanups.push(() => client.run(`DROP SCHEMA ${catalog}."${LAKE_SCHEMA}"`));
      await client.run(
        `CREATE TABLE ${catalog}."${LAKE_SCHEMA}".nations WITH (format = 'PARQUET') AS ` +
          'SELECT nationkey, name, regionkey FROM tpch.tiny.nation',
      );
      cleanups.push(() => client.run(`DROP TABLE ${catalog}."${LAKE_SCHEMA}".nations`));
      const result = await client.run(
        `SELECT count(*), count(DISTINCT regionkey) FROM ${catalog}."${LAKE_SCHEMA}".nations`,
      );
      assert.deepEqual(result.rows, [[25, 5]], catalog);
    }
    // The files are where hiveDir says (local:///x is hiveDir/x), so tests may place Parquet
    // folders there for external tables.
    const paths = await client.run(
      `SELECT DISTINCT "$path" FROM ${trino!.hiveCatalog}."${LAKE_SCHEMA}".nations`,
    );
    assert.ok(paths.rows.length > 0);
    for (const [path] of paths.rows) {
      assert.match(String(path), /^local:\/\/\//);
      const file = join(trino!.hiveDir, String(path).slice('local:///'.length));
      assert.ok(existsSync(file), `${file} missing`);
    }
  });

  it(
    'reads through a catalog file `meshwork trino catalogs` wrote, its credentials only from the environment',
    {
      skip: process.env.MESHWORK_TEST_TRINO_MESH_CATALOG
        ? false
        : 'this Trino was not started by npm run test:trino (no MESHWORK_TEST_TRINO_MESH_CATALOG)',
    },
    async () => {
      const catalog = process.env.MESHWORK_TEST_TRINO_MESH_CATALOG!;
      const text = readFileSync(process.env.MESHWORK_TEST_TRINO_MESH_CATALOG_FILE!, 'utf8');
      const password = decodeURIComponent(new URL(trino!.pgUrl).password);
      assert.ok(
        password.length > 0 && !text.includes(password),
        'the catalog file holds the password',
      );
      assert.match(text, /^connection-password=\$\{ENV:MESHWORK_MESH_PG_PASSWORD\}$/m);
      const schema = `${PG_SCHEMA}_mesh`;
      await withClient(trino!.pgUrl, async (pg) => {
        await pg.query(`CREATE SCHEMA "${schema}"`);
        await pg.query(
          `CREATE TABLE "${schema}".t AS SELECT g AS id FROM generate_series(1, 42) g`,
        );
      });
      cleanups.push(() =>
        withClient(trino!.pgUrl, (pg) => pg.query(`DROP SCHEMA "${schema}" CASCADE`)),
      );
      const result = await client.run(`SELECT count(*), sum(id) FROM "${catalog}"."${schema}".t`);
      assert.deepEqual(result.rows, [[42, 903]]);
    },
  );

  it(
    'enforces its rules file: the user the rules deny is denied, the service user is not',
    {
      skip: process.env.MESHWORK_TEST_TRINO_DENIED_USER
        ? false
        : 'this Trino was not started by scripts/trino.ts (no MESHWORK_TEST_TRINO_DENIED_USER), so its rules deny nobody known',
    },
    async () => {
      const denied = process.env.MESHWORK_TEST_TRINO_DENIED_USER!;
      await assert.rejects(
        client.run('SELECT count(*) FROM tpch.tiny.nation', { user: denied }),
        (error: unknown) =>
          error instanceof TrinoQueryError &&
          error.errorName === 'PERMISSION_DENIED' &&
          /Access Denied/.test(error.message),
      );
      const allowed = await client.run('SELECT count(*) FROM tpch.tiny.nation');
      assert.deepEqual(allowed.rows, [[25]]);
    },
  );
});
