import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { mysqlEngine } from '../../src/engines/mysql/index.ts';
import { cli } from '../support/cli.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { emptyMesh, meshwork, readContract } from './import-support.ts';
import { MYSQL_SHOP } from './shop-schema.ts';

/**
 * `meshwork import` on a real MariaDB (MySQL's catalog): information_schema read into
 * the catalog model, and the written contracts validate and pass `meshwork test` on the
 * same database as real processes.
 */
describe('meshwork import (MySQL/MariaDB)', () => {
  let server: TestMysql;
  let url: string;
  let name: string;
  const dirs: string[] = [];

  before(async () => {
    server = await startTestMysql();
    ({ url, name } = await createMysqlDatabase(server.url));
    const connection = await mysql.createConnection(url);
    try {
      for (const statement of MYSQL_SHOP) await connection.query(statement);
    } finally {
      await connection.end();
    }
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    const connection = await mysql.createConnection(server.url);
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => connection.end());
    await server.stop();
  });

  it('describe(): COLUMN_TYPE, NOT NULL, PK positions, unique keys without prefix indexes, composite FKs, comments, views', async () => {
    const connection = await mysqlEngine.connect({
      server: { server: 'erp', type: 'mysql', database: name },
      credentials: { url },
      baseDir: '.',
    });
    let tables: readonly CatalogTable[];
    try {
      tables = await connection.describe!();
    } finally {
      await connection.close();
    }
    assert.deepEqual(
      tables.map((t) => [t.name, t.kind]),
      [
        ['big_orders', 'view'],
        ['customers', 'table'],
        ['order_lines', 'table'],
        ['orders', 'table'],
      ],
    );
    const byName = (table: string): CatalogTable => tables.find((t) => t.name === table)!;
    const customers = byName('customers');
    assert.equal(customers.description, 'One row per customer of the webshop.');
    assert.deepEqual(
      customers.columns.find((c) => c.name === 'email'),
      {
        name: 'email',
        physicalType: 'varchar(200)',
        logicalType: 'string',
        logicalTypeOptions: { maxLength: 200 },
        required: true,
        unique: true,
        description: 'Login e-mail address.',
      },
    );
    assert.equal(customers.columns.find((c) => c.name === 'active')!.logicalType, 'boolean');
    assert.equal(customers.columns.find((c) => c.name === 'Full Name')!.required, false);
    const orders = byName('orders');
    assert.deepEqual(
      orders.columns.map((c) => [c.name, c.primaryKeyPosition, c.required]),
      [
        ['shop_id', 1, true],
        ['order_id', 2, true],
        ['customer_id', undefined, true],
        ['ordered_on', undefined, true],
        ['total', undefined, false],
      ],
    );
    assert.equal(orders.columns[4]!.description, 'Gross total in EUR.');
    assert.deepEqual(orders.foreignKeys, [
      {
        name: 'orders_customer',
        columns: ['customer_id'],
        table: 'customers',
        referencedColumns: ['customer_id'],
      },
    ]);
    const lines = byName('order_lines');
    // sku_prefix is unique on sku's first 3 characters only: no promise about sku.
    assert.deepEqual(lines.uniqueKeys, [['shop_id', 'order_id', 'sku']]);
    assert.deepEqual(lines.foreignKeys, [
      {
        name: 'lines_order',
        columns: ['shop_id', 'order_id'],
        table: 'orders',
        referencedColumns: ['shop_id', 'order_id'],
      },
    ]);
    const view = byName('big_orders');
    assert.equal(view.description, undefined, "a view's TABLE_COMMENT is not a description");
  });

  it('writes contracts that validate and that `meshwork test` passes (real processes, MESHWORK_ERP_URL); the password is nowhere', async () => {
    const dir = await emptyMesh('import-mysql');
    dirs.push(dir);
    const imported = await meshwork(['import', url, '--system', 'erp'], dir);
    assert.equal(imported.code, 0, imported.stderr + imported.stdout);
    const files = (await readdir(join(dir, 'sources', 'erp'))).sort();
    assert.deepEqual(files, [
      'big-orders.odcs.yaml',
      'customers.odcs.yaml',
      'order-lines.odcs.yaml',
      'orders.odcs.yaml',
    ]);
    const password = decodeURIComponent(new URL(url).password);
    for (const file of files) {
      const text = await readFile(join(dir, 'sources', 'erp', file), 'utf8');
      if (password !== '') assert.ok(!text.includes(password));
      assert.ok(!text.includes(`${new URL(url).username}@`), `${file} names the user`);
    }
    const orders = await readContract(join(dir, 'sources/erp/orders.odcs.yaml'));
    assert.deepEqual(orders.servers, [
      {
        server: 'erp',
        type: 'mysql',
        host: new URL(url).hostname,
        port: Number(new URL(url).port),
        database: name,
      },
    ]);
    const validated = await meshwork(['validate'], dir);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    const tested = await meshwork(['test', 'sources/erp', '--format', 'json'], dir, {
      MESHWORK_ERP_URL: url,
    });
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /order_lines\.relationship\[0\]/);
    assert.doesNotMatch(tested.stdout, /"status":\s*"(failed|error|not-run)"/);
  });

  it('without a database in the URL or --schema: a usage error naming both', async () => {
    const dir = await emptyMesh('import-mysql');
    dirs.push(dir);
    const bare = new URL(url);
    bare.pathname = '/';
    const run = await cli(['import', bare.toString()], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /name the database: in the URL .* or with --schema/);
    const withSchema = await cli(
      ['import', bare.toString(), '--schema', name, '--system', 'erp'],
      dir,
    );
    assert.equal(withSchema.code, 0, withSchema.stderr);
  });
});
