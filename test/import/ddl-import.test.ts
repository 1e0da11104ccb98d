import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { importDdl } from '../../src/app/import/import-ddl.ts';
import type { ImportOptions } from '../../src/app/import/import-model.ts';
import type { CatalogTable } from '../../src/core/import/catalog.ts';
import { isMeshworkError } from '../../src/app/errors.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;

function optionsIn(cwd: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return { cwd, env: {}, ...extra };
}

function table(tables: readonly CatalogTable[], name: string): CatalogTable {
  const found = tables.find((t) => t.name === name);
  assert.ok(found, `table ${name} in ${tables.map((t) => t.name).join(', ')}`);
  return found;
}

/**
 * pg-dump-shop.sql is real `pg_dump --schema-only --no-owner` output (pg_dump 15.18 of a
 * PostgreSQL 15.18 server) of shop-schema.pg.sql beside it: constraints come as ALTER TABLE
 * ONLY … ADD CONSTRAINT, comments as COMMENT ON, identity columns as ALTER COLUMN … ADD
 * GENERATED, and pg_dump's `\restrict` meta-command opens the file.
 */
describe('importDdl on real pg_dump output', () => {
  it('reads the tables with types, keys, foreign keys and comments', async () => {
    const system = await importDdl({ kind: 'ddl', path: 'pg-dump-shop.sql' }, optionsIn(FIXTURES));
    assert.equal(system.system, 'pg-dump-shop');
    assert.equal(system.server, undefined);
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['customers', 'Order Lines', 'orders'],
    );
    const customers = table(system.tables, 'customers');
    assert.equal(customers.description, 'One row per customer');
    assert.deepEqual(
      customers.columns.map((c) => [c.name, c.physicalType, c.logicalType, c.required]),
      [
        ['id', 'integer', 'integer', true],
        ['email', 'character varying(200)', 'string', true],
        ['Full Name', 'text', 'string', false],
        ['say "hi"', 'text', 'string', false],
        ['created_at', 'timestamp with time zone', 'timestamp', false],
      ],
    );
    const email = customers.columns[1]!;
    assert.equal(email.unique, true);
    assert.deepEqual(email.logicalTypeOptions, { maxLength: 200 });
    assert.equal(email.description, "Login e-mail; it's unique");
    assert.equal(customers.columns[0]!.primaryKeyPosition, 1);

    const orders = table(system.tables, 'orders');
    assert.equal(orders.description, 'An order line; see "lines"');
    assert.deepEqual(
      orders.columns
        .filter((c) => c.primaryKeyPosition !== undefined)
        .map((c) => [c.name, c.primaryKeyPosition]),
      [
        ['order_id', 1],
        ['line', 2],
      ],
    );
    assert.equal(orders.columns.find((c) => c.name === 'mood')!.physicalType, 'shop.mood');
    assert.equal(orders.columns.find((c) => c.name === 'mood')!.logicalType, 'string');
    assert.equal(orders.columns.find((c) => c.name === 'amount')!.logicalType, 'number');
    // Cross-schema: orders is in shop, customers in crm.
    assert.deepEqual(orders.foreignKeys, [
      {
        name: 'orders_customer_id_fkey',
        columns: ['customer_id'],
        table: 'customers',
        schema: 'crm',
        referencedColumns: ['id'],
      },
    ]);

    const lines = table(system.tables, 'Order Lines');
    assert.deepEqual(lines.uniqueKeys, [['SKU', 'qty']]);
    // The unique index over one column makes the column unique; the plain index does not.
    assert.equal(lines.columns.find((c) => c.name === 'SKU')!.unique, true);
    assert.equal(lines.columns.find((c) => c.name === 'qty')!.unique, false);
    assert.equal(lines.columns.find((c) => c.name === 'tags')!.logicalType, 'array');
    assert.deepEqual(lines.foreignKeys, [
      {
        name: 'Order Lines_order_id_line_fkey',
        columns: ['order_id', 'line'],
        table: 'orders',
        referencedColumns: ['order_id', 'line'],
      },
    ]);
    // The view is said, with its line, not dropped.
    assert.equal(system.gaps.length, 1);
    assert.equal(system.gaps[0]!.table, 'open_orders');
    assert.match(system.gaps[0]!.reason, /^pg-dump-shop\.sql:\d+: a view/);
  });

  it('--schema picks one schema, --tables picks tables and says which are missing', async () => {
    const shop = await importDdl(
      { kind: 'ddl', path: 'pg-dump-shop.sql' },
      optionsIn(FIXTURES, { schema: 'crm', system: 'Shop DB' }),
    );
    assert.equal(shop.system, 'shop-db');
    assert.deepEqual(
      shop.tables.map((t) => t.name),
      ['customers'],
    );
    const some = await importDdl(
      { kind: 'ddl', path: 'pg-dump-shop.sql' },
      optionsIn(FIXTURES, { tables: ['orders', 'nope'] }),
    );
    assert.deepEqual(
      some.tables.map((t) => t.name),
      ['orders'],
    );
    assert.ok(some.gaps.some((g) => g.table === 'nope' && /has no table nope/.test(g.reason)));
  });
});

describe('importDdl on MariaDB SHOW CREATE TABLE output', () => {
  let server: TestMysql;
  let dir: string;
  before(async () => {
    server = await startTestMysql();
    dir = await mkdtemp(join(tmpdir(), 'meshwork-ddl-'));
    const { url } = await createMysqlDatabase(server.url);
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      await connection.query(`
        CREATE TABLE customers (
          id INT AUTO_INCREMENT PRIMARY KEY,
          email VARCHAR(200) NOT NULL UNIQUE COMMENT 'Login e-mail; it''s "unique"',
          \`Full Name\` TEXT,
          kind ENUM('a','b') NOT NULL DEFAULT 'a'
        ) COMMENT='One row per customer';
        CREATE TABLE orders (
          order_id BIGINT UNSIGNED NOT NULL,
          line INT NOT NULL,
          customer_id INT,
          amount DECIMAL(12,2) NOT NULL,
          placed DATETIME(3),
          PRIMARY KEY (order_id, line),
          CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
          UNIQUE KEY u_customer_amount (customer_id, amount),
          KEY k_amount (amount)
        );
        CREATE TABLE \`odd\`\`name\` (
          order_id BIGINT UNSIGNED NOT NULL,
          line INT NOT NULL,
          flag TINYINT(1),
          doc JSON,
          FOREIGN KEY (order_id, line) REFERENCES orders (order_id, line)
        );`);
      const script: string[] = [];
      for (const name of ['customers', 'orders', 'odd`name']) {
        const [rows] = await connection.query(
          `SHOW CREATE TABLE \`${name.replaceAll('`', '``')}\``,
        );
        script.push(`${(rows as Record<string, string>[])[0]!['Create Table']};\n`);
      }
      await writeFile(join(dir, 'mariadb.sql'), script.join('\n'));
    } finally {
      await connection.end();
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('reads MySQL quoting, COMMENT, ENUM, composite keys and foreign keys', async () => {
    const system = await importDdl({ kind: 'ddl', path: 'mariadb.sql' }, optionsIn(dir));
    assert.deepEqual(system.gaps, []);
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['customers', 'orders', 'odd`name'],
    );
    const customers = table(system.tables, 'customers');
    assert.equal(customers.description, 'One row per customer');
    const email = customers.columns.find((c) => c.name === 'email')!;
    assert.equal(email.description, `Login e-mail; it's "unique"`);
    assert.equal(email.unique, true);
    assert.equal(email.required, true);
    assert.equal(customers.columns.find((c) => c.name === 'Full Name')!.required, false);
    const kind = customers.columns.find((c) => c.name === 'kind')!;
    assert.equal(kind.physicalType, "enum('a','b')");
    assert.deepEqual(kind.validValues, ['a', 'b']);
    assert.equal(customers.columns.find((c) => c.name === 'id')!.primaryKeyPosition, 1);

    const orders = table(system.tables, 'orders');
    assert.deepEqual(
      orders.columns.map((c) => [c.name, c.physicalType, c.logicalType, c.primaryKeyPosition]),
      [
        ['order_id', 'bigint(20) unsigned', 'integer', 1],
        ['line', 'int(11)', 'integer', 2],
        ['customer_id', 'int(11)', 'integer', undefined],
        ['amount', 'decimal(12,2)', 'number', undefined],
        ['placed', 'datetime(3)', 'timestamp', undefined],
      ],
    );
    assert.deepEqual(orders.uniqueKeys, [['customer_id', 'amount']]);
    assert.deepEqual(orders.foreignKeys, [
      {
        name: 'fk_customer',
        columns: ['customer_id'],
        table: 'customers',
        referencedColumns: ['id'],
      },
    ]);
    const odd = table(system.tables, 'odd`name');
    // The database importer's mapping (engines/sql/logical-types.ts): TINYINT(1) is BOOLEAN.
    assert.equal(odd.columns.find((c) => c.name === 'flag')!.logicalType, 'boolean');
    assert.equal(odd.foreignKeys[0]!.referencedColumns.join(), 'order_id,line');
  });
});

describe('importDdl on hostile input', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-ddl-hostile-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const importText = async (text: string, extra: Partial<ImportOptions> = {}) => {
    await writeFile(join(dir, 'x.sql'), text);
    return importDdl({ kind: 'ddl', path: 'x.sql' }, optionsIn(dir, extra));
  };

  it('a statement it cannot read is a gap at file:line; the rest is read', async () => {
    const system = await importDdl({ kind: 'ddl', path: 'x.sql' }, optionsIn(dir)).catch(
      () => undefined,
    );
    assert.equal(system, undefined, 'no file yet');
    const result = await importText(
      [
        'CREATE TABLE a (id int PRIMARY KEY);',
        'FROBNICATE the database;',
        'CREATE TABLE b (a_id int REFERENCES a, x text);',
        'ALTER TABLE b ADD CONSTRAINT b_x UNIQUE (nope);',
        'CREATE TABLE c AS SELECT 1;',
        "COMMENT ON COLUMN b.missing IS 'x';",
      ].join('\n'),
    );
    assert.deepEqual(
      result.tables.map((t) => t.name),
      ['a', 'b'],
    );
    // REFERENCES a without columns means a's primary key.
    assert.deepEqual(result.tables[1]!.foreignKeys[0]!.referencedColumns, ['id']);
    assert.deepEqual(
      result.gaps.map((g) => g.reason.split(':').slice(0, 2).join(':')),
      ['x.sql:2', 'x.sql:4', 'x.sql:5', 'x.sql:6'],
    );
  });

  it('an unterminated string stops reading with a gap; what came before is kept', async () => {
    const result = await importText(
      "CREATE TABLE a (id int);\nCOMMENT ON TABLE a IS 'never closed;\nCREATE TABLE b (x int);",
    );
    assert.deepEqual(
      result.tables.map((t) => t.name),
      ['a'],
    );
    assert.match(result.gaps[0]!.reason, /^x\.sql:2: a string is not closed/);
  });

  it('deep nesting and binary noise cost no stack and throw nothing', async () => {
    const deep = `CREATE TABLE d (x int DEFAULT ${'('.repeat(200_000)}1${')'.repeat(200_000)}, y int);\nCREATE TABLE e (y int CHECK (${'('.repeat(50_000)});`;
    const nested = await importText(deep);
    assert.deepEqual(
      nested.tables.map((t) => [t.name, t.columns.map((c) => c.name)]),
      [['d', ['x', 'y']]],
    );
    assert.match(nested.gaps[0]!.reason, /^x\.sql:2: the column list of e is not closed/);
    const noise = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256));
    await writeFile(join(dir, 'noise.sql'), noise);
    const result = await importDdl({ kind: 'ddl', path: 'noise.sql' }, optionsIn(dir));
    assert.deepEqual(result.tables, []);
    assert.ok(result.gaps.length > 0);
  });

  it('a file over the bound is refused before it is read', async () => {
    await writeFile(join(dir, 'big.sql'), '');
    await truncate(join(dir, 'big.sql'), 65 * 1024 * 1024);
    await assert.rejects(
      importDdl({ kind: 'ddl', path: 'big.sql' }, optionsIn(dir)),
      (error: unknown) => isMeshworkError(error) && /larger than 64 MB/.test(error.message),
    );
  });

  it('a file without CREATE TABLE says so', async () => {
    const result = await importText('-- nothing here\nSET search_path = public;\n');
    assert.deepEqual(result.tables, []);
    assert.match(result.gaps[0]!.reason, /has no CREATE TABLE/);
  });
});
