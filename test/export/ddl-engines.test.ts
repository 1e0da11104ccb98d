import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql from 'mysql2/promise';
import { exportFiles } from '../../src/app/export/export-files.ts';
import type { ExportFormat } from '../../src/core/export/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestMysql } from '../support/mysql.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import {
  HOSTILE_DESCRIPTION,
  ITEMS_TABLE,
  QTY_COLUMN,
  SHOP_FILES,
  writeShopSystem,
} from './export-fixture.ts';

/**
 * The DDL of `meshwork export` runs on real engines, and what it created is read back from
 * each engine's catalog: columns, NOT NULL, primary keys in order, unique keys, foreign keys
 * (single and composite), comments — for a hostile imported system and for every contract
 * of the demo mesh.
 */

const DEMO = join(import.meta.dirname, '../../examples/alpine-bikes');

async function ddl(format: ExportFormat, files: readonly string[], cwd: string) {
  return exportFiles(files, format, { cwd });
}

/** What a catalog says about the shop system after running the DDL. */
interface Shape {
  readonly columns: Record<string, string[]>;
  readonly notNull: Record<string, string[]>;
  readonly primaryKeys: Record<string, string[]>;
  readonly uniques: string[];
  readonly foreignKeys: string[];
  readonly comment: string | null;
}

const EXPECTED: Omit<Shape, 'comment'> = {
  columns: {
    customers: ['customer_id', 'email', 'Region Name', 'signed_up'],
    orders: ['shop_code', 'order_no', 'customer_id', 'total', 'ordered_on'],
    [ITEMS_TABLE]: ['shop_code', 'order_no', 'line_no', 'sku', QTY_COLUMN],
  },
  notNull: {
    customers: ['customer_id', 'email'],
    orders: ['shop_code', 'order_no', 'customer_id', 'total', 'ordered_on'],
    [ITEMS_TABLE]: ['shop_code', 'order_no', 'line_no', 'sku', QTY_COLUMN],
  },
  primaryKeys: {
    customers: ['customer_id'],
    orders: ['shop_code', 'order_no'],
    [ITEMS_TABLE]: ['shop_code', 'order_no', 'line_no'],
  },
  uniques: [`${ITEMS_TABLE}(order_no,sku)`, 'customers(email)'],
  foreignKeys: [
    `${ITEMS_TABLE}(shop_code,order_no)->orders(shop_code,order_no)`,
    'orders(customer_id)->customers(customer_id)',
  ],
};

function assertShape(shape: Shape): void {
  assert.deepEqual(shape.columns, EXPECTED.columns);
  assert.deepEqual(shape.notNull, EXPECTED.notNull);
  assert.deepEqual(shape.primaryKeys, EXPECTED.primaryKeys);
  assert.deepEqual([...shape.uniques].sort(), [...EXPECTED.uniques].sort());
  assert.deepEqual([...shape.foreignKeys].sort(), [...EXPECTED.foreignKeys].sort());
  assert.equal(shape.comment, HOSTILE_DESCRIPTION, 'the hostile description is stored as written');
}

function group(rows: readonly { t: string; c: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { t, c } of rows) (out[t] ??= []).push(c);
  return out;
}

/** Every contract file of the demo mesh, relative to the demo folder. */
async function demoContracts(): Promise<string[]> {
  const entries = await readdir(DEMO, { recursive: true });
  return entries
    .filter((e) => e.endsWith('.odcs.yaml') && !e.startsWith('data'))
    .map((e) => e.split('\\').join('/'))
    .sort();
}

describe('export DDL on DuckDB', () => {
  let folder: string;
  before(async () => {
    folder = await writeShopSystem();
  });
  after(() => rm(dirname(dirname(folder)), { recursive: true, force: true }));

  async function runDuckDb<T>(
    script: string,
    read: (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
  ): Promise<T> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(script);
      return await read(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS());
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it('creates the shop system with its keys, foreign keys and comments', async () => {
    const out = await ddl('sql-duckdb', SHOP_FILES, folder);
    assert.deepEqual(out.notes, []);
    const shape = await runDuckDb(out.text, async (q) => {
      const columns = (await q(
        `SELECT table_name AS t, column_name AS c, is_nullable AS n FROM duckdb_columns() WHERE NOT internal ORDER BY table_name, column_index`,
      )) as { t: string; c: string; n: boolean }[];
      const constraints = (await q(
        `SELECT table_name AS t, constraint_type AS k, constraint_column_names AS c,
                referenced_table AS rt, referenced_column_names AS rc
           FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')`,
      )) as { t: string; k: string; c: string[]; rt: string | null; rc: string[] | null }[];
      const comment = (
        await q(`SELECT comment FROM duckdb_tables() WHERE table_name = 'customers'`)
      )[0]?.comment;
      return {
        columns: group(columns),
        notNull: group(columns.filter((c) => !c.n)),
        primaryKeys: Object.fromEntries(
          constraints.filter((c) => c.k === 'PRIMARY KEY').map((c) => [c.t, c.c]),
        ),
        uniques: constraints.filter((c) => c.k === 'UNIQUE').map((c) => `${c.t}(${c.c.join(',')})`),
        foreignKeys: constraints
          .filter((c) => c.k === 'FOREIGN KEY')
          .map((c) => `${c.t}(${c.c.join(',')})->${c.rt}(${c.rc!.join(',')})`),
        comment: (comment as string | null) ?? null,
      };
    });
    assertShape(shape);
  });

  it('runs the DDL of every demo contract on its own (keys to other contracts as comments)', async () => {
    for (const file of await demoContracts()) {
      const out = await ddl('sql-duckdb', [file], DEMO);
      const tables = await runDuckDb(out.text, (q) =>
        q('SELECT table_name FROM duckdb_tables() WHERE NOT internal'),
      );
      assert.ok(tables.length >= 1, `${file}: a table`);
      for (const note of out.notes) {
        assert.match(
          note.code,
          /^reference-(outside-export|not-a-key)$/,
          `${file}: ${note.message}`,
        );
      }
    }
  });

  it('runs the webshop system exported together, with its three foreign keys', async () => {
    const files = ['customers', 'products', 'orders', 'order-lines'].map(
      (n) => `sources/webshop/${n}.odcs.yaml`,
    );
    const out = await ddl('sql-duckdb', files, DEMO);
    assert.deepEqual(out.notes, []);
    const fks = await runDuckDb(out.text, (q) =>
      q(
        `SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' ORDER BY 1`,
      ),
    );
    assert.deepEqual(
      fks.map((r) => r.table_name),
      ['order_lines', 'order_lines', 'orders'],
    );
  });
});

describe('export DDL on PostgreSQL', () => {
  let server: TestPostgres;
  let database: TestDatabase;
  let folder: string;
  before(async () => {
    server = await startTestPostgres();
    database = await createTestDatabase(server.url, 'meshwork_export');
    folder = await writeShopSystem();
  });
  after(async () => {
    await database?.drop();
    await server?.stop();
    await rm(dirname(dirname(folder)), { recursive: true, force: true });
  });

  it('creates the shop system with its keys, foreign keys and comments', async () => {
    const out = await ddl('sql-postgres', SHOP_FILES, folder);
    assert.deepEqual(out.notes, []);
    const shape = await withClient(database.url, async (client) => {
      await client.query(out.text);
      const columns = (
        await client.query<{ t: string; c: string; n: string }>(
          `SELECT table_name AS t, column_name AS c, is_nullable AS n FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
        )
      ).rows;
      const keys = (
        await client.query<{
          t: string;
          k: string;
          c: string[];
          rt: string | null;
          rc: string[] | null;
        }>(
          `SELECT cl.relname AS t, co.contype AS k,
                  ARRAY(SELECT a.attname FROM unnest(co.conkey) WITH ORDINALITY u(n, i)
                        JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS c,
                  rc.relname AS rt,
                  ARRAY(SELECT a.attname FROM unnest(co.confkey) WITH ORDINALITY u(n, i)
                        JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS rc
             FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
             LEFT JOIN pg_class rc ON rc.oid = co.confrelid
            WHERE co.connamespace = 'public'::regnamespace AND co.contype IN ('p', 'u', 'f')`,
        )
      ).rows;
      const comment = (
        await client.query<{ d: string | null }>(
          `SELECT obj_description('public.customers'::regclass, 'pg_class') AS d`,
        )
      ).rows[0]?.d;
      const columnComment = (
        await client.query<{ d: string | null }>(
          `SELECT col_description('public.customers'::regclass, 2) AS d`,
        )
      ).rows[0]?.d;
      assert.equal(columnComment, HOSTILE_DESCRIPTION);
      const typeOf = (
        await client.query<{ t: string }>(
          `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'public.orders'::regclass AND attname = 'total'`,
        )
      ).rows[0]?.t;
      assert.equal(typeOf, 'numeric(12,2)', 'the contract’s PostgreSQL type is kept');
      return {
        columns: group(columns),
        notNull: group(columns.filter((c) => c.n === 'NO')),
        primaryKeys: Object.fromEntries(keys.filter((k) => k.k === 'p').map((k) => [k.t, k.c])),
        uniques: keys.filter((k) => k.k === 'u').map((k) => `${k.t}(${k.c.join(',')})`),
        foreignKeys: keys
          .filter((k) => k.k === 'f')
          .map((k) => `${k.t}(${k.c.join(',')})->${k.rt}(${k.rc!.join(',')})`),
        comment: comment ?? null,
      };
    });
    assertShape(shape);
  });

  it('runs the DDL of every demo contract on its own', async () => {
    await withClient(database.url, async (client) => {
      for (const file of await demoContracts()) {
        const out = await ddl('sql-postgres', [file], DEMO);
        await client.query('BEGIN');
        try {
          // A schema of its own: the demo has a customers table in several contracts.
          await client.query('CREATE SCHEMA demo_each; SET LOCAL search_path TO demo_each');
          await client.query(out.text);
        } catch (error) {
          assert.fail(`${file}: ${(error as Error).message}\n${out.text}`);
        } finally {
          await client.query('ROLLBACK');
        }
      }
    });
  });
});

describe('export DDL on MariaDB', () => {
  let server: TestMysql;
  let url: string;
  let folder: string;
  before(async () => {
    server = await startTestMysql();
    url = (await createMysqlDatabase(server.url)).url;
    folder = await writeShopSystem();
  });
  after(async () => {
    await server?.stop();
    await rm(dirname(dirname(folder)), { recursive: true, force: true });
  });

  it('creates the shop system with its keys, foreign keys and comments', async () => {
    const out = await ddl('sql-mysql', SHOP_FILES, folder);
    assert.deepEqual(out.notes, []);
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      await connection.query(out.text);
      const [columns] = (await connection.query(
        `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, IS_NULLABLE AS n FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      )) as unknown as [{ t: string; c: string; n: string }[]];
      const [keys] = (await connection.query(
        `SELECT k.TABLE_NAME AS t, c.CONSTRAINT_TYPE AS k, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS c,
                k.REFERENCED_TABLE_NAME AS rt, k.REFERENCED_COLUMN_NAME AS rc
           FROM information_schema.KEY_COLUMN_USAGE k
           JOIN information_schema.TABLE_CONSTRAINTS c
             ON c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          WHERE k.TABLE_SCHEMA = DATABASE() ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      )) as unknown as [
        { t: string; k: string; name: string; c: string; rt: string | null; rc: string | null }[],
      ];
      const [[table]] = (await connection.query(
        `SELECT TABLE_COMMENT AS d FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers'`,
      )) as unknown as [[{ d: string }]];
      const byConstraint = new Map<
        string,
        { t: string; k: string; c: string[]; rt: string | null; rc: string[] }
      >();
      for (const row of keys) {
        const key = `${row.t}/${row.name}`;
        const entry = byConstraint.get(key) ?? { t: row.t, k: row.k, c: [], rt: row.rt, rc: [] };
        entry.c.push(row.c);
        if (row.rc !== null) entry.rc.push(row.rc);
        byConstraint.set(key, entry);
      }
      const constraints = [...byConstraint.values()];
      // information_schema lists tables in the server's collation order; compare by name.
      const sortKeys = (o: Record<string, string[]>) =>
        Object.fromEntries(Object.entries(o).sort());
      assertShape({
        columns: sortKeys(group(columns)),
        notNull: sortKeys(group(columns.filter((c) => c.n === 'NO'))),
        primaryKeys: sortKeys(
          Object.fromEntries(
            constraints.filter((c) => c.k === 'PRIMARY KEY').map((c) => [c.t, c.c]),
          ),
        ),
        uniques: constraints.filter((c) => c.k === 'UNIQUE').map((c) => `${c.t}(${c.c.join(',')})`),
        foreignKeys: constraints
          .filter((c) => c.k === 'FOREIGN KEY')
          .map((c) => `${c.t}(${c.c.join(',')})->${c.rt}(${c.rc.join(',')})`),
        comment: table.d,
      });
    } finally {
      await connection.end();
    }
  });

  it('runs the DDL of every demo contract on its own', async () => {
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      for (const file of await demoContracts()) {
        const out = await ddl('sql-mysql', [file], DEMO);
        const { name } = await createMysqlDatabase(server.url);
        await connection.query(`USE \`${name}\``);
        try {
          await connection.query(out.text);
        } catch (error) {
          assert.fail(`${file}: ${(error as Error).message}\n${out.text}`);
        } finally {
          await connection.query(`DROP DATABASE \`${name}\``);
        }
      }
    } finally {
      await connection.end();
    }
  });
});
