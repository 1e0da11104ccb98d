import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import { buildMesh } from '../../src/app/build/build-mesh.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import { createTestMesh } from './support.ts';
import type { TestMesh } from './support.ts';

let server: TestPostgres;
let db: TestDatabase;
let parser: DuckDbSqlParser;

before(async () => {
  [server, parser] = await Promise.all([startTestPostgres(), createDuckDbSqlParser()]);
  db = await createTestDatabase(server.url);
  await withClient(db.url, async (client) => {
    await client.query(`CREATE SCHEMA shop;
      CREATE TABLE shop.orders (order_id integer, customer_id bigint, amount numeric(10,2), order_date date,
        paid boolean, note text, created_at timestamptz);
      INSERT INTO shop.orders VALUES
        (1, 10, 20.50, '2026-01-01', true, '', '2026-01-01T10:00:00Z'),
        (2, 10, 5.00, '2026-01-01', false, NULL, '2026-01-01T11:00:00Z'),
        (3, 11, 12.25, '2026-01-02', NULL, 'a "quoted", text', NULL);`);
  });
});

after(async () => {
  parser.close();
  await db.drop();
  await server.stop();
});

/** The test mesh with its source in PostgreSQL first (the CSV second) and its orders port also served into PostgreSQL. */
function pgMesh(): TestMesh {
  const mesh = createTestMesh();
  const url = new URL(db.url);
  const pgServer = (name: string, schema: string): Record<string, unknown> => ({
    server: name,
    type: 'postgresql',
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    schema,
  });
  const edit = (path: string, change: (doc: Record<string, unknown>) => void): void => {
    const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as Record<string, unknown>;
    change(doc);
    mesh.write(path, stringify(doc));
  };
  edit('sources/shop/orders.odcs.yaml', (doc) => {
    doc.servers = [pgServer('shopdb', 'shop'), ...(doc.servers as unknown[])];
  });
  edit('domains/sales/orders/orders.odcs.yaml', (doc) => {
    doc.servers = [...(doc.servers as unknown[]), pgServer('serving', 'sales')];
  });
  mesh.write(
    'domains/sales/orders/transform.sql',
    '-- port: orders\nSELECT * FROM raw\n-- port: customers\nSELECT customer_id, count(*) AS orders FROM raw GROUP BY customer_id\n',
  );
  return mesh;
}

function build(mesh: TestMesh, env: NodeJS.ProcessEnv): Promise<BuildReport> {
  return buildMesh({
    meshRoot: mesh.root,
    products: ['sales/orders'],
    parallel: 1,
    keep: 2,
    env,
    test: () => Promise.resolve({ status: 'passed', checks: [] }),
    sqlParser: parser,
  });
}

describe('meshwork build with PostgreSQL', () => {
  it('reads a PostgreSQL source and serves the port into a PostgreSQL table', async (t) => {
    const mesh = pgMesh();
    t.after(() => mesh.remove());
    const env = { MESHWORK_SHOPDB_URL: db.url, MESHWORK_SERVING_URL: db.url };
    const report = await build(mesh, env);
    const product = report.products[0]!;
    assert.equal(product.status, 'published', JSON.stringify(product));
    assert.ok(product.status === 'published');
    // The OpenLineage name: where the table is (naming conventions), never the credentials.
    const url = new URL(db.url);
    assert.deepEqual(product.inputs, [
      {
        port: 'raw',
        from: 'server "shopdb" (postgresql)',
        passedOver: [],
        datasets: [
          {
            object: 'orders',
            namespace: `postgres://${url.hostname}:${url.port}`,
            name: `${url.pathname.slice(1)}.shop.orders`,
          },
        ],
      },
    ]);
    assert.deepEqual(product.ports[0]!.servedTo, [
      { server: 'serving', table: 'sales.orders', status: 'served' },
    ]);

    const compare = `SELECT order_id, customer_id, amount, order_date, paid, note, created_at FROM %s ORDER BY order_id`;
    await withClient(db.url, async (client) => {
      const source = await client.query(compare.replace('%s', 'shop.orders'));
      const served = await client.query(compare.replace('%s', 'sales.orders'));
      // Every value survives both trips, the empty string apart from NULL included.
      assert.deepEqual(served.rows, source.rows);
      const types = await client.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'sales' AND table_name = 'orders' ORDER BY ordinal_position`,
      );
      assert.deepEqual(
        types.rows.map((r) => r.data_type),
        ['integer', 'bigint', 'numeric', 'date', 'boolean', 'text', 'timestamp with time zone'],
      );
      await client.query(
        `INSERT INTO shop.orders VALUES (4, 12, 1.00, '2026-01-03', true, 'x', NULL)`,
      );
    });

    // A second build replaces the served table; no staging table is left behind.
    assert.equal((await build(mesh, env)).products[0]!.status, 'published');
    await withClient(db.url, async (client) => {
      const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM sales.orders');
      assert.equal(count.rows[0]!.n, '4');
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'sales' ORDER BY 1`,
      );
      assert.deepEqual(
        tables.rows.map((r) => r.table_name),
        ['orders'],
      );
    });
  });

  it('uses the next server the contract lists when PostgreSQL is not configured, and skips serving', async (t) => {
    const mesh = pgMesh();
    t.after(() => mesh.remove());
    const report = await build(mesh, {});
    const product = report.products[0]!;
    assert.ok(product.status === 'published', JSON.stringify(product));
    assert.deepEqual(
      product.inputs.map((i) => ({ ...i, passedOver: i.passedOver.map((p) => p.name) })),
      [
        {
          port: 'raw',
          from: 'server "files" (local csv)',
          passedOver: ['shopdb'],
          datasets: [
            { object: 'orders', namespace: 'file', name: join(mesh.root, 'data/orders.csv') },
          ],
        },
      ],
    );
    assert.match(product.inputs[0]!.passedOver[0]!.reason, /^not configured/);
    assert.deepEqual(product.ports[0]!.servedTo, [
      {
        server: 'serving',
        table: 'sales.orders',
        status: 'skipped',
        reason: 'MESHWORK_SERVING_URL is not set',
      },
    ]);
  });

  it('stops at a configured PostgreSQL source that does not answer, never reading the CSV copy', async (t) => {
    const mesh = pgMesh();
    t.after(() => mesh.remove());
    const unreachable = new URL(db.url);
    unreachable.port = '1';
    const report = await build(mesh, { MESHWORK_SHOPDB_URL: unreachable.toString() });
    const product = report.products[0]!;
    assert.equal(product.status, 'error');
    assert.match(
      product.message ?? '',
      /server "shopdb" \(postgresql, 127\.0\.0\.1:1\/\w+ \(schema shop\)\) is configured here but cannot be read: cannot connect \(.*ECONNREFUSED/,
    );
    assert.doesNotMatch(product.message ?? '', new RegExp(new URL(db.url).password));
  });

  it('says why no server could be read', async (t) => {
    const mesh = pgMesh();
    t.after(() => mesh.remove());
    rmSync(join(mesh.root, 'data', 'orders.csv'));
    const report = await build(mesh, {});
    const product = report.products[0]!;
    assert.equal(product.status, 'error');
    assert.match(
      product.message ?? '',
      /server "shopdb" \(postgresql\): not configured .*; server "files" \(local\): no file at .*orders\.csv/,
    );
  });
});
