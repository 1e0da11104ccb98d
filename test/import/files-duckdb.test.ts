import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { importFiles } from '../../src/app/import/import-files.ts';
import { duckDbEngine } from '../../src/engines/duckdb/index.ts';
import { duck, tempMesh, validateAndTest, writeContracts } from './files-support.ts';

/**
 * A DuckDB database file described from its catalog: keys from `duckdb_constraints()`
 * (composite primary key, composite foreign key, single and multi-column unique), NOT
 * NULL, comments of tables, views and columns; odd identifiers.
 */
describe('describe() of a DuckDB database file, and meshwork import of it', () => {
  let mesh = '';
  let database = '';

  before(async () => {
    mesh = await tempMesh('duckdb');
    database = join(mesh, 'shop.duckdb');
    await duck(
      `CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, "Full Name" VARCHAR);
       CREATE TABLE orders (shop VARCHAR, "order no" INTEGER, customer_id INTEGER REFERENCES customers (id),
         placed_at TIMESTAMP NOT NULL, total DECIMAL(12,2), PRIMARY KEY (shop, "order no"), UNIQUE (customer_id, placed_at));
       CREATE TABLE order_lines (shop VARCHAR NOT NULL, order_no INTEGER NOT NULL, line INTEGER NOT NULL, qty INTEGER,
         PRIMARY KEY (shop, order_no, line), FOREIGN KEY (shop, order_no) REFERENCES orders (shop, "order no"));
       CREATE TABLE "Odd ""Name""" (x INTEGER);
       CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
       COMMENT ON TABLE orders IS 'One row per order placed in a shop.';
       COMMENT ON COLUMN orders.total IS 'Gross, in EUR.';
       COMMENT ON VIEW big_orders IS 'Orders over 100 EUR.';
       INSERT INTO customers VALUES (1, 'a@example.com', 'Anna'), (2, 'b@example.com', NULL);
       INSERT INTO orders VALUES ('north', 1, 1, TIMESTAMP '2024-01-01 10:00:00', 120.50), ('north', 2, 2, TIMESTAMP '2024-01-02 10:00:00', 20);
       INSERT INTO order_lines VALUES ('north', 1, 1, 3), ('north', 1, 2, 1);
       INSERT INTO "Odd ""Name""" VALUES (1);`,
      database,
    );
  });

  it('reads keys, NOT NULL, comments and views from the catalog', async () => {
    const connection = await duckDbEngine.connect({
      server: { server: 'shop', type: 'duckdb', database },
      credentials: {},
      baseDir: mesh,
    });
    try {
      const tables = await connection.describe!();
      assert.deepEqual(
        tables.map((t) => [t.name, t.kind, t.description]),
        [
          ['Odd "Name"', 'table', undefined],
          ['big_orders', 'view', 'Orders over 100 EUR.'],
          ['customers', 'table', undefined],
          ['order_lines', 'table', undefined],
          ['orders', 'table', 'One row per order placed in a shop.'],
        ],
      );
      const orders = tables.find((t) => t.name === 'orders')!;
      assert.deepEqual(orders.columns, [
        {
          name: 'shop',
          physicalType: 'varchar',
          logicalType: 'string',
          required: true,
          primaryKeyPosition: 1,
          unique: false,
        },
        {
          name: 'order no',
          physicalType: 'integer',
          logicalType: 'integer',
          required: true,
          primaryKeyPosition: 2,
          unique: false,
        },
        {
          name: 'customer_id',
          physicalType: 'integer',
          logicalType: 'integer',
          required: false,
          unique: false,
        },
        {
          name: 'placed_at',
          physicalType: 'timestamp',
          logicalType: 'timestamp',
          required: true,
          unique: false,
        },
        {
          name: 'total',
          physicalType: 'decimal(12,2)',
          logicalType: 'number',
          required: false,
          unique: false,
          description: 'Gross, in EUR.',
        },
      ]);
      assert.deepEqual(orders.uniqueKeys, [['customer_id', 'placed_at']]);
      assert.deepEqual(
        orders.foreignKeys.map((fk) => [fk.columns, fk.table, fk.referencedColumns]),
        [[['customer_id'], 'customers', ['id']]],
      );
      const lines = tables.find((t) => t.name === 'order_lines')!;
      assert.deepEqual(
        lines.foreignKeys.map((fk) => [fk.columns, fk.table, fk.referencedColumns]),
        [[['shop', 'order_no'], 'orders', ['shop', 'order no']]],
      );
      assert.deepEqual(
        lines.columns.map((c) => c.primaryKeyPosition),
        [1, 2, 3, undefined],
      );
      const customers = tables.find((t) => t.name === 'customers')!;
      assert.deepEqual(
        customers.columns.map((c) => [c.name, c.required, c.unique]),
        [
          ['id', true, false],
          ['email', true, true],
          ['Full Name', false, false],
        ],
      );
      // Only the tables asked for; an unknown name is simply not there.
      assert.deepEqual(
        (await connection.describe!(['customers', 'nope'])).map((t) => t.name),
        ['customers'],
      );
    } finally {
      await connection.close();
    }
  });

  it('imports the file: server entry relative to the contract, contracts validate and test passes', async () => {
    const system = await importFiles(
      { kind: 'files', path: database },
      { cwd: mesh, env: {}, system: 'shop' },
    );
    assert.deepEqual(system.server, {
      server: 'shop',
      type: 'duckdb',
      database: '../../shop.duckdb',
    });
    assert.equal(system.tables.length, 5);
    const files = await writeContracts(mesh, system);
    const orders = parse(await readFile(files.get('orders')!, 'utf8')) as {
      schema: {
        properties: { name: string; primaryKeyPosition?: number; relationships?: unknown }[];
      }[];
    };
    assert.deepEqual(
      orders.schema[0]?.properties
        .filter((p) => p.primaryKeyPosition !== undefined)
        .map((p) => [p.name, p.primaryKeyPosition]),
      [
        ['shop', 1],
        ['order no', 2],
      ],
    );
    for (const file of files.values()) {
      const { validate, test } = await validateAndTest(mesh, file);
      assert.equal(validate.code, 0, `${file}: ${validate.stdout}`);
      assert.equal(test.code, 0, `${file}: ${test.stdout.slice(0, 3000)}${test.stderr}`);
    }
  });

  it('--tables and --schema: asks only for those, and a missing table is a gap', async () => {
    const system = await importFiles(
      { kind: 'files', path: database },
      { cwd: mesh, env: {}, tables: ['orders', 'missing'] },
    );
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['orders'],
    );
    assert.deepEqual(system.gaps, [{ table: 'missing', reason: 'no such table in the source' }]);
    await assert.rejects(
      importFiles({ kind: 'files', path: database }, { cwd: mesh, env: {}, schema: 'nope' }),
      /shop\.duckdb has no tables in schema nope/,
    );
  });
});
