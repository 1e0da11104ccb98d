import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql from 'mysql2/promise';
import { stringify } from 'yaml';
import { runContractTests } from '../../../src/app/testing/index.ts';
import type { TestRun } from '../../../src/core/quality/index.ts';
import { duckDbDialect } from '../../../src/engines/duckdb/dialect.ts';
import { mysqlDialect } from '../../../src/engines/mysql/dialect.ts';
import { postgresDialect } from '../../../src/engines/postgresql/dialect.ts';
import { createMysqlDatabase, startTestMysql } from '../../support/mysql.ts';
import type { TestMysql } from '../../support/mysql.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../../support/postgres.ts';
import { trinoForTests } from '../../support/trino.ts';
import { createTrinoClient } from '../../../src/engines/trino/client.ts';
import { trinoDialect } from '../../../src/engines/trino/dialect.ts';

/**
 * A declared `physicalType` against the engine's catalog, on every engine with one: the
 * same type spelt differently passes, another type is a failed `type` check naming both,
 * a type the dialect does not know is a warning. CSV has no catalog: no such check.
 */

type Expected = 'passed' | 'failed' | 'warning';

interface Column {
  readonly name: string;
  /** The column's type in the engine's DDL. */
  readonly ddl: string;
  /** What the contract declares. */
  readonly declared: string;
  readonly expected: Expected;
}

interface Variant {
  readonly name: string;
  /** Why the variant cannot run here (shown as the skip reason, never skipped silently). */
  readonly skip?: string | undefined;
  readonly columns: readonly Column[];
  /** Creates table `t`; returns the contract's server and the env with credentials. */
  setup(dir: string, columns: readonly Column[]): Promise<Setup>;
}

interface Setup {
  readonly server: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly cleanup?: () => Promise<void>;
}

function contract(server: Record<string, unknown>, columns: readonly Column[]): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'physical-types',
    version: '1.0.0',
    status: 'active',
    servers: [server],
    schema: [
      {
        name: 't',
        physicalName: 't',
        properties: columns.map((c) => ({ name: c.name, physicalType: c.declared })),
      },
    ],
  };
}

async function duckTable(dir: string, columns: readonly Column[], format: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE t (${columns.map((c) => `${c.name} ${c.ddl}`).join(', ')})`);
  const file = join(dir, `t.${format}`).replaceAll("'", "''");
  await connection.run(`COPY t TO '${file}' (FORMAT ${format})`);
  connection.closeSync();
  instance.closeSync();
}

let postgres: TestPostgres | undefined;
let mariadb: TestMysql | undefined;
const trino = trinoForTests();

const VARIANTS: readonly Variant[] = [
  {
    name: 'duckdb parquet',
    columns: [
      { name: 'a', ddl: 'INTEGER', declared: 'int4', expected: 'passed' },
      // DuckDB keeps no length: every string type is VARCHAR.
      { name: 'b', ddl: 'VARCHAR', declared: 'varchar(12)', expected: 'passed' },
      { name: 'c', ddl: 'DECIMAL(12,2)', declared: 'numeric(12,2)', expected: 'passed' },
      { name: 'd', ddl: 'TIMESTAMP', declared: 'timestamptz', expected: 'failed' },
      { name: 'e', ddl: 'VARCHAR', declared: 'integer', expected: 'failed' },
      { name: 'f', ddl: 'BIGINT', declared: 'frobnicate', expected: 'warning' },
      { name: 'g', ddl: 'INTEGER[]', declared: 'int[]', expected: 'passed' },
      { name: 'h', ddl: 'DECIMAL(12,2)', declared: 'DECIMAL(14,2)', expected: 'failed' },
      // A bare type name leaves precision and scale open (docs/testing.md).
      { name: 'i', ddl: 'DECIMAL(12,2)', declared: 'decimal', expected: 'passed' },
      { name: 'j', ddl: 'DECIMAL(12,2)', declared: 'numeric', expected: 'passed' },
      { name: 'k', ddl: 'TIMESTAMPTZ', declared: 'timestamp', expected: 'failed' },
      { name: 'l', ddl: 'TIMESTAMPTZ', declared: 'timestamp with time zone', expected: 'passed' },
    ],
    async setup(dir, columns) {
      await duckTable(dir, columns, 'parquet');
      return {
        server: { server: 'files', type: 'local', path: './{model}.parquet', format: 'parquet' },
        env: {},
      };
    },
  },
  {
    name: 'postgresql',
    columns: [
      { name: 'a', ddl: 'integer', declared: 'int4', expected: 'passed' },
      { name: 'b', ddl: 'varchar(12)', declared: 'character varying(12)', expected: 'passed' },
      { name: 'c', ddl: 'numeric(12,2)', declared: 'decimal(12,2)', expected: 'passed' },
      { name: 'd', ddl: 'timestamp', declared: 'timestamptz', expected: 'failed' },
      { name: 'e', ddl: 'text', declared: 'varchar(20)', expected: 'failed' },
      { name: 'f', ddl: 'bigint', declared: 'frobnicate', expected: 'warning' },
      { name: 'g', ddl: 'integer[]', declared: 'int4[]', expected: 'passed' },
      { name: 'h', ddl: 'varchar(12)', declared: 'varchar(20)', expected: 'failed' },
      { name: 'i', ddl: 'timestamp with time zone', declared: 'timestamptz', expected: 'passed' },
      // A bare type name leaves precision, scale and length open (docs/testing.md).
      { name: 'j', ddl: 'numeric(12,2)', declared: 'decimal', expected: 'passed' },
      { name: 'k', ddl: 'varchar(30)', declared: 'varchar', expected: 'passed' },
      { name: 'l', ddl: 'character(5)', declared: 'char', expected: 'passed' },
      { name: 'm', ddl: 'timestamp(3)', declared: 'timestamp', expected: 'passed' },
      { name: 'n', ddl: 'timestamp(3) with time zone', declared: 'timestamp', expected: 'failed' },
      { name: 'o', ddl: 'numeric(12,2)', declared: 'numeric(12)', expected: 'failed' },
      { name: 'p', ddl: 'timestamptz', declared: 'timestamp with time zone', expected: 'passed' },
    ],
    async setup(_dir, columns) {
      postgres ??= await startTestPostgres();
      const database: TestDatabase = await createTestDatabase(postgres.url);
      await withClient(database.url, async (client) => {
        await client.query(
          `CREATE TABLE t (${columns.map((c) => `${c.name} ${c.ddl}`).join(', ')})`,
        );
      });
      return {
        server: {
          server: 'warehouse-pg',
          type: 'postgresql',
          host: 'localhost',
          port: 5432,
          database: 'x',
          schema: 'public',
        },
        env: { MESHWORK_WAREHOUSE_PG_URL: database.url },
        cleanup: () => database.drop(),
      };
    },
  },
  {
    name: 'mysql/mariadb',
    columns: [
      // MariaDB's catalog says int(11): the display width is not part of the type.
      { name: 'a', ddl: 'INT', declared: 'integer', expected: 'passed' },
      { name: 'b', ddl: 'VARCHAR(12)', declared: 'character varying(12)', expected: 'passed' },
      { name: 'c', ddl: 'DECIMAL(12,2)', declared: 'numeric(12,2)', expected: 'passed' },
      { name: 'd', ddl: 'DATETIME', declared: 'timestamp', expected: 'failed' },
      { name: 'e', ddl: 'TEXT', declared: 'varchar(20)', expected: 'failed' },
      { name: 'f', ddl: 'BIGINT', declared: 'frobnicate', expected: 'warning' },
      { name: 'g', ddl: 'TINYINT(1)', declared: 'boolean', expected: 'passed' },
      // A bare type name leaves precision, scale and length open (docs/testing.md).
      { name: 'h', ddl: 'DECIMAL(12,2)', declared: 'decimal', expected: 'passed' },
      { name: 'i', ddl: 'VARCHAR(30)', declared: 'varchar', expected: 'passed' },
      { name: 'j', ddl: 'CHAR(5)', declared: 'char', expected: 'passed' },
      { name: 'k', ddl: 'DATETIME(3)', declared: 'datetime', expected: 'passed' },
      // TIMESTAMP is MySQL's instant type, DATETIME its wall-clock type.
      { name: 'l', ddl: 'TIMESTAMP NULL', declared: 'timestamptz', expected: 'passed' },
      { name: 'm', ddl: 'DATETIME', declared: 'timestamp without time zone', expected: 'passed' },
      { name: 'n', ddl: 'DATETIME', declared: 'timestamp with time zone', expected: 'failed' },
    ],
    async setup(_dir, columns) {
      mariadb ??= await startTestMysql();
      const database = await createMysqlDatabase(mariadb.url);
      const connection = await mysql.createConnection(database.url);
      await connection.query(
        `CREATE TABLE t (${columns.map((c) => `${c.name} ${c.ddl}`).join(', ')})`,
      );
      await connection.end();
      return {
        server: {
          server: 'shop-db',
          type: 'mysql',
          host: '127.0.0.1',
          port: 3306,
          database: database.name,
        },
        env: { MESHWORK_SHOP_DB_URL: database.url },
      };
    },
  },
  {
    name: 'trino (catalog hive)',
    skip: trino === undefined ? 'no Trino: npm run test:trino' : undefined,
    columns: [
      { name: 'a', ddl: 'integer', declared: 'int', expected: 'passed' },
      { name: 'b', ddl: 'varchar(12)', declared: 'character varying(12)', expected: 'passed' },
      { name: 'c', ddl: 'decimal(12,2)', declared: 'numeric(12,2)', expected: 'passed' },
      // Hive keeps timestamps without a zone (microseconds in this catalog).
      { name: 'd', ddl: 'timestamp(6)', declared: 'timestamp with time zone', expected: 'failed' },
      { name: 'e', ddl: 'varchar', declared: 'varchar(20)', expected: 'failed' },
      { name: 'f', ddl: 'bigint', declared: 'frobnicate', expected: 'warning' },
      { name: 'g', ddl: 'array(integer)', declared: 'ARRAY(int)', expected: 'passed' },
      // A bare type name leaves precision, scale and length open (docs/testing.md).
      { name: 'h', ddl: 'decimal(12,2)', declared: 'decimal', expected: 'passed' },
      { name: 'i', ddl: 'timestamp(6)', declared: 'timestamp', expected: 'passed' },
      { name: 'j', ddl: 'double', declared: 'double precision', expected: 'passed' },
      { name: 'k', ddl: 'varchar(30)', declared: 'varchar', expected: 'passed' },
      { name: 'l', ddl: 'decimal(12,2)', declared: 'decimal(14,2)', expected: 'failed' },
    ],
    async setup(_dir, columns) {
      const t = trino!;
      const client = createTrinoClient({ server: t.url, user: t.user });
      const schema = `meshwork_physical_${process.pid}_${Date.now().toString(36)}`;
      const qualified = `${t.hiveCatalog}.${schema}`;
      await client.run(`CREATE SCHEMA ${qualified}`);
      await client.run(
        `CREATE TABLE ${qualified}.t (${columns.map((c) => `${c.name} ${c.ddl}`).join(', ')})`,
      );
      const address = new URL(t.url);
      return {
        server: {
          server: 'lake',
          type: 'trino',
          host: address.hostname,
          port: Number(address.port),
          catalog: t.hiveCatalog,
          schema,
        },
        env: { MESHWORK_LAKE_URL: t.url, MESHWORK_LAKE_USER: t.user },
        cleanup: async () => {
          await client.run(`DROP TABLE IF EXISTS ${qualified}.t`);
          await client.run(`DROP SCHEMA IF EXISTS ${qualified}`);
        },
      };
    },
  },
];

for (const variant of VARIANTS) {
  describe(`physicalType against the catalog on ${variant.name}`, { skip: variant.skip }, () => {
    let dir: string;
    let setup: Setup;
    let run: TestRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshwork-physical-'));
      setup = await variant.setup(dir, variant.columns);
      await writeFile(join(dir, 't.odcs.yaml'), stringify(contract(setup.server, variant.columns)));
      run = await runContractTests({
        meshRoot: dir,
        contractFile: 't.odcs.yaml',
        env: setup.env,
        history: null,
      });
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
      await setup.cleanup?.();
    });

    it('passes the same type spelt differently, fails another type, warns on an unknown one', () => {
      for (const column of variant.columns) {
        const check = run.checks.find((c) => c.id === `t.${column.name}.physicalType`);
        assert.ok(check, `a physicalType check for ${column.name}`);
        assert.equal(check.kind, 'type', check.id);
        assert.equal(check.status, column.expected, `${check.id}: ${check.message}`);
      }
    });

    it('names both types in a mismatch, and the unknown declared type in a warning', () => {
      for (const column of variant.columns) {
        const check = run.checks.find((c) => c.id === `t.${column.name}.physicalType`)!;
        if (column.expected === 'failed') {
          assert.equal(check.value, 1, check.id);
          assert.ok(check.message.includes(column.declared), `declared type in: ${check.message}`);
          assert.match(check.message, /physical type is \S/, check.message);
        }
        if (column.expected === 'warning') {
          assert.match(check.message, /^not checked: the declared physicalType "frobnicate"/);
        }
      }
      assert.equal(run.status, 'failed');
    });
  });
}

describe('physicalType on CSV (no catalog: every column is read as text)', () => {
  let dir: string;
  let run: TestRun;
  const columns: readonly Column[] = [
    { name: 'a', ddl: 'INTEGER', declared: 'bigint', expected: 'passed' },
    { name: 'b', ddl: 'VARCHAR', declared: 'frobnicate', expected: 'passed' },
  ];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-physical-csv-'));
    await duckTable(dir, columns, 'csv');
    const server = { server: 'files', type: 'local', path: './{model}.csv', format: 'csv' };
    await writeFile(join(dir, 't.odcs.yaml'), stringify(contract(server, columns)));
    run = await runContractTests({ meshRoot: dir, contractFile: 't.odcs.yaml', history: null });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('plans no physicalType check there', () => {
    const ids = run.checks.map((c) => c.id);
    assert.ok(!ids.some((id) => id.endsWith('.physicalType')), ids.join(', '));
    assert.equal(run.status, 'passed');
  });
});

describe('physical type names per dialect', () => {
  it('reads the common spellings of one type as one', () => {
    const same: readonly [typeof postgresDialect, string, string][] = [
      [postgresDialect, 'int4', 'integer'],
      [postgresDialect, 'VARCHAR(255)', 'character varying(255)'],
      [postgresDialect, 'decimal(12,2)', 'numeric(12,2)'],
      [postgresDialect, 'timestamptz', 'timestamp with time zone'],
      [postgresDialect, 'timestamp', 'timestamp(6) without time zone'],
      [postgresDialect, 'float8', 'double precision'],
      [postgresDialect, 'bool', 'boolean'],
      [duckDbDialect, 'text', 'varchar'],
      [duckDbDialect, 'numeric', 'decimal(18,3)'],
      [duckDbDialect, 'int8', 'bigint'],
      [mysqlDialect, 'int(11)', 'integer'],
      [mysqlDialect, 'bigint(20) unsigned', 'bigint unsigned'],
      [mysqlDialect, 'decimal', 'decimal(10,0)'],
      [mysqlDialect, 'json', 'longtext'],
      [trinoDialect, 'int', 'integer'],
      [trinoDialect, 'decimal', 'decimal(38,0)'],
      [trinoDialect, 'timestamp with time zone', 'timestamp(3) with time zone'],
      [trinoDialect, 'array(int)', 'array(integer)'],
    ];
    for (const [dialect, a, b] of same) {
      const left = dialect.physicalTypeName(a);
      assert.ok(left !== undefined, `${a} is understood`);
      assert.equal(left, dialect.physicalTypeName(b), `${a} ≈ ${b}`);
    }
  });

  it('keeps different types apart', () => {
    const different: readonly [typeof postgresDialect, string, string][] = [
      [postgresDialect, 'timestamp', 'timestamptz'],
      [postgresDialect, 'varchar(12)', 'varchar(20)'],
      [postgresDialect, 'varchar', 'text'],
      [postgresDialect, 'numeric(12,2)', 'numeric(12,3)'],
      [postgresDialect, 'integer[]', 'integer'],
      [duckDbDialect, 'float', 'double'],
      [mysqlDialect, 'int', 'int unsigned'],
      [mysqlDialect, 'datetime', 'timestamp'],
      [trinoDialect, 'timestamp(6)', 'timestamp(6) with time zone'],
      [trinoDialect, 'varchar', 'varchar(10)'],
    ];
    for (const [dialect, a, b] of different) {
      assert.notEqual(dialect.physicalTypeName(a), dialect.physicalTypeName(b), `${a} ≠ ${b}`);
    }
  });

  it('does not understand what is no type of the dialect', () => {
    assert.equal(postgresDialect.physicalTypeName('frobnicate'), undefined);
    assert.equal(postgresDialect.physicalTypeName('varchar(12'), undefined);
    assert.equal(duckDbDialect.physicalTypeName('struct(a integer)'), undefined);
  });
});

after(async () => {
  await postgres?.stop();
  await mariadb?.stop();
});
