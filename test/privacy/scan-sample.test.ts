import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql from 'mysql2/promise';
import type { EngineConnection, ServerEntry } from '../../src/engines/engine.ts';
import { SAMPLE_VALUE_MAX_CHARS } from '../../src/engines/engine.ts';
import { duckDbEngine } from '../../src/engines/duckdb/index.ts';
import { duckDbDialect } from '../../src/engines/duckdb/dialect.ts';
import { mysqlEngine } from '../../src/engines/mysql/index.ts';
import { mysqlDialect } from '../../src/engines/mysql/dialect.ts';
import { postgresEngine } from '../../src/engines/postgresql/index.ts';
import { postgresDialect } from '../../src/engines/postgresql/dialect.ts';
import { planSample } from '../../src/engines/sql/scan-sample-sql.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';

/** `meshwork scan`'s sampling seam: one bounded query per table, values as text, per engine. */

describe('sample plans and SQL (pure)', () => {
  it('plans by the size estimate: unknown → first rows, small → random, big → a fraction', () => {
    assert.deepEqual(planSample(undefined, 100), { kind: 'first', rows: 100 });
    assert.deepEqual(planSample(-1, 100), { kind: 'first', rows: 100 });
    assert.deepEqual(planSample(250, 100), { kind: 'random', rows: 100 });
    assert.deepEqual(planSample(0, 100), { kind: 'random', rows: 100 });
    assert.deepEqual(planSample(1_000_000, 1000), {
      kind: 'fraction',
      rows: 1000,
      fraction: 0.003,
    });
  });

  it('each dialect draws its way, casting only the drawn rows and cutting long values', () => {
    const cols = ['e-mail', 'x"y'];
    const duck = duckDbDialect.sampleQuery('t', cols, {
      kind: 'fraction',
      rows: 50,
      fraction: 0.1,
    });
    assert.match(duck, /FROM t AS r USING SAMPLE reservoir\(50 ROWS\)\) AS s$/);
    assert.match(duck, /"e-mail" AS "c0", "x""y" AS "c1"/);
    assert.match(
      duck,
      new RegExp(`left\\(CAST\\(s\\."c0" AS VARCHAR\\), ${SAMPLE_VALUE_MAX_CHARS}\\)`),
    );
    const pg = (plan: Parameters<typeof postgresDialect.sampleQuery>[2]) =>
      postgresDialect.sampleQuery('"public"."t"', cols, plan);
    assert.match(
      pg({ kind: 'fraction', rows: 10, fraction: 0.003 }),
      /TABLESAMPLE SYSTEM \(0\.300000\) ORDER BY random\(\) LIMIT 10\)/,
    );
    assert.match(pg({ kind: 'random', rows: 10 }), /AS r ORDER BY random\(\) LIMIT 10\)/);
    assert.match(pg({ kind: 'first', rows: 10 }), /AS r LIMIT 10\)/);
    const my = mysqlDialect.sampleQuery('`t`', cols, { kind: 'fraction', rows: 10, fraction: 0.5 });
    assert.match(my, /WHERE RAND\(\) < 0\.50000000 ORDER BY RAND\(\) LIMIT 10\)/);
    assert.match(my, /`e-mail` AS `c0`/);
  });
});

async function sampleOf(
  connection: EngineConnection,
  physicalName: string,
  columns: string[],
  rows: number,
  server: ServerEntry,
  schema = physicalName,
) {
  const relation = await connection.relation({
    schema,
    physicalName,
    columns: [],
    baseDir: '/',
    server,
  });
  return connection.sample({ relation, columns, rows });
}

describe('DuckDB: files and database files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-scan-sample-'));
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(
      `COPY (SELECT range AS id, 'user' || range || '@example.org' AS email,
              CASE WHEN range % 2 = 0 THEN NULL ELSE repeat('x', 500) END AS long_text,
              DATE '2000-01-01' + CAST(range % 300 AS INTEGER) AS born
            FROM range(100000)) TO '${join(dir, 'people.parquet')}' (FORMAT parquet)`,
    );
    await c.run(
      `ATTACH '${join(dir, 'shop.duckdb')}' AS shop; CREATE TABLE shop.main.customers AS SELECT 1 AS id, 'a@b.de' AS mail; CREATE VIEW shop.main.v AS SELECT * FROM shop.main.customers; DETACH shop`,
    );
    c.closeSync();
    instance.closeSync();
    await writeFile(join(dir, 'odd.csv'), '"e mail",Name\nx@y.de,Anna\n,Bernd\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('draws a reservoir sample from the whole Parquet file, values as text, long ones cut', async () => {
    const server = { server: 'f', type: 'local', path: join(dir, 'people.parquet') };
    const connection = await duckDbEngine.connect({ server, credentials: {}, baseDir: dir });
    try {
      const sample = await sampleOf(
        connection,
        '',
        ['id', 'email', 'long_text', 'born'],
        500,
        server,
        'people',
      );
      assert.equal(sample.rows, 500);
      assert.match(sample.method, /reservoir/);
      const ids = sample.values[0]!.map(Number);
      assert.ok(
        ids.every((v, i) => typeof sample.values[0]![i] === 'string' && Number.isInteger(v)),
      );
      // Not the first 500 rows: a sample of the whole file reaches far beyond them.
      assert.ok(Math.max(...ids) > 10_000, `max id ${Math.max(...ids)}`);
      assert.ok(sample.values[2]!.includes(null));
      const long = sample.values[2]!.find((v) => v !== null)!;
      assert.equal(long.length, SAMPLE_VALUE_MAX_CHARS);
      assert.match(sample.values[3]![0]!, /^\d{4}-\d{2}-\d{2}$/);
    } finally {
      await connection.close();
    }
  });

  it('reads a CSV whose column names need quoting', async () => {
    const server = { server: 'f', type: 'local', path: join(dir, 'odd.csv') };
    const connection = await duckDbEngine.connect({ server, credentials: {}, baseDir: dir });
    try {
      const sample = await sampleOf(connection, '', ['e mail', 'Name'], 10, server, 'odd');
      assert.equal(sample.rows, 2);
      assert.deepEqual([...sample.values[0]!].sort(), ['x@y.de', null].sort());
    } finally {
      await connection.close();
    }
  });

  it('lists the tables and views of a DuckDB file, and none for file scans', async () => {
    const server = { server: 'f', type: 'duckdb', database: join(dir, 'shop.duckdb') };
    const connection = await duckDbEngine.connect({ server, credentials: {}, baseDir: dir });
    try {
      assert.deepEqual(await connection.tables(), ['customers', 'v']);
      const sample = await sampleOf(connection, 'customers', ['mail'], 10, server);
      assert.deepEqual(sample.values, [['a@b.de']]);
    } finally {
      await connection.close();
    }
    const files = await duckDbEngine.connect({
      server: { server: 'f', type: 'local', path: join(dir, 'odd.csv') },
      credentials: {},
      baseDir: dir,
    });
    assert.deepEqual(await files.tables(), []);
    await files.close();
  });
});

describe('PostgreSQL: TABLESAMPLE sized from the catalog', () => {
  let pg: TestPostgres;
  let db: TestDatabase;
  let connection: EngineConnection;
  const server = { server: 'pg', type: 'postgresql', schema: 'crm' };
  before(async () => {
    pg = await startTestPostgres();
    db = await createTestDatabase(pg.url, 'meshwork_scan');
    await withClient(db.url, async (client) => {
      await client.query(`CREATE SCHEMA crm;
        CREATE TABLE crm.big AS SELECT g AS id, 'user' || g || '@example.org' AS email FROM generate_series(1, 200000) AS g;
        CREATE TABLE crm.small (id int, note text); INSERT INTO crm.small VALUES (1, 'a'), (2, NULL), (3, 'c');
        CREATE TABLE crm.fresh AS SELECT g AS id FROM generate_series(1, 50000) AS g;
        CREATE VIEW crm.big_view AS SELECT * FROM crm.big;
        CREATE TABLE crm.parted (id int, at date) PARTITION BY RANGE (at);
        CREATE TABLE crm.parted_2024 PARTITION OF crm.parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        ANALYZE crm.big; ANALYZE crm.small;`);
    });
    connection = await postgresEngine.connect({
      server,
      credentials: { url: db.url },
      baseDir: '/',
    });
  });
  after(async () => {
    await connection?.close();
    await db?.drop();
    await pg?.stop();
  });

  it('samples a big table by blocks, then at random: n rows from all over it', async () => {
    const sample = await sampleOf(connection, 'big', ['id', 'email'], 1000, server);
    assert.equal(sample.rows, 1000);
    assert.match(sample.method, /block sample of about 200,000 rows/);
    const ids = sample.values[0]!.map(Number);
    assert.ok(Math.max(...ids) > 100_000 && Math.min(...ids) < 100_000, 'spread over the table');
    assert.ok(sample.values[1]!.every((v) => typeof v === 'string' && v.endsWith('@example.org')));
  });

  it('reads a small table whole and a view by its first rows, saying so', async () => {
    const small = await sampleOf(connection, 'small', ['id', 'note'], 1000, server);
    assert.equal(small.rows, 3);
    assert.match(small.method, /at random/);
    assert.deepEqual([...small.values[1]!].sort(), ['a', 'c', null].sort());
    const view = await sampleOf(connection, 'big_view', ['id'], 50, server);
    assert.equal(view.rows, 50);
    assert.match(view.method, /first 50 rows/);
  });

  it('sizes a table never analysed by its pages, not as empty', async () => {
    const fresh = await sampleOf(connection, 'fresh', ['id'], 100, server);
    assert.equal(fresh.rows, 100);
    assert.match(fresh.method, /block sample/);
  });

  it('samples read-only within the time limit', async () => {
    const limited = await postgresEngine.connect({
      server,
      credentials: { url: db.url },
      baseDir: '/',
      ruleTimeoutMs: 200,
    });
    try {
      await withClient(db.url, (c) =>
        c.query(
          'CREATE VIEW crm.slow AS SELECT g FROM generate_series(1, 50) AS g WHERE pg_sleep(0.1) IS NOT NULL',
        ),
      );
      await assert.rejects(sampleOf(limited, 'slow', ['g'], 50, server), /statement timeout/);
      // A sample that would write cannot: the transaction is read-only.
      await withClient(db.url, (c) =>
        c.query(
          "CREATE FUNCTION crm.sneaky() RETURNS int LANGUAGE sql AS 'CREATE TABLE crm.written (x int); SELECT 1'",
        ),
      );
      await withClient(db.url, (c) =>
        c.query('CREATE VIEW crm.writes AS SELECT crm.sneaky() AS x'),
      );
      await assert.rejects(sampleOf(limited, 'writes', ['x'], 1, server), /read-only transaction/);
      await withClient(db.url, (c) => c.query('DROP VIEW crm.slow, crm.writes'));
    } finally {
      await limited.close();
    }
  });

  it('lists tables and views of the schema, partitions only through their parent', async () => {
    assert.deepEqual(await connection.tables(), ['big', 'big_view', 'fresh', 'parted', 'small']);
  });
});

describe('MariaDB/MySQL: a Bernoulli filter sized from TABLE_ROWS', () => {
  let server: TestMysql;
  let connection: EngineConnection;
  const entry = { server: 'my', type: 'mysql' };
  before(async () => {
    server = await startTestMysql();
    const { url } = await createMysqlDatabase(server.url);
    const admin = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      await admin.query(`CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(100), note TEXT);
        CREATE TABLE d (n INT); INSERT INTO d VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
        INSERT INTO people SELECT 1 + a.n + 10 * b.n + 100 * c.n + 1000 * e.n + 10000 * f.n, NULL, NULL
          FROM d a, d b, d c, d e, (SELECT n FROM d WHERE n < 2) f;
        UPDATE people SET email = CONCAT('p', id, '@example.org');
        DROP TABLE d; ANALYZE TABLE people; CREATE VIEW people_view AS SELECT * FROM people;`);
    } finally {
      await admin.end();
    }
    connection = await mysqlEngine.connect({ server: entry, credentials: { url }, baseDir: '/' });
  });
  after(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('samples rows from all over the table, values as text', async () => {
    const sample = await sampleOf(connection, 'people', ['id', 'email', 'note'], 200, entry);
    assert.ok(sample.rows > 100 && sample.rows <= 200, `${sample.rows} rows`);
    assert.match(sample.method, /block sample|at random/);
    const ids = sample.values[0]!.map(Number);
    assert.ok(Math.max(...ids) > 10_000 && Math.min(...ids) < 10_000);
    assert.ok(sample.values[1]!.every((v) => typeof v === 'string' && v.endsWith('@example.org')));
    assert.ok(sample.values[2]!.every((v) => v === null));
    const view = await sampleOf(connection, 'people_view', ['id'], 10, entry);
    assert.match(view.method, /first 10 rows/);
    assert.deepEqual(await connection.tables(), ['people', 'people_view']);
  });
});
