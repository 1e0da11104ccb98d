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
import { createMysqlDatabase, startTestMysql } from '../../support/mysql.ts';
import type { TestMysql } from '../../support/mysql.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import type { TestPostgres } from '../../support/postgres.ts';

/**
 * `validValues` and `enum` with `null` in them, or empty: NULL is never counted as an
 * invalid value (nullValues counts it), and a null entry must not let the other values
 * through. Table `v`: unit = 'kg', 'lb', NULL, 'kg'.
 */

const CREATE = [
  'CREATE TABLE v (id INTEGER, unit VARCHAR(10))',
  "INSERT INTO v VALUES (1, 'kg'), (2, 'lb'), (3, NULL), (4, 'kg')",
];

const invalid = (validValues: unknown[], extra: Record<string, unknown> = {}): unknown => ({
  metric: 'invalidValues',
  arguments: { validValues, ...extra },
  mustBe: 0,
});

function contract(server: Record<string, unknown>): unknown {
  return {
    // enum on a property is ODCS v3.2.
    apiVersion: 'v3.2.0',
    kind: 'DataContract',
    id: 'valid-values',
    version: '1.0.0',
    status: 'active',
    servers: [server],
    schema: [
      {
        name: 'v',
        physicalName: 'v',
        properties: [
          { name: 'id', logicalType: 'integer' },
          {
            name: 'unit',
            logicalType: 'string',
            enum: [{ value: 'kg' }, { value: null }],
            quality: [
              { id: 'kg-or-null', ...(invalid(['kg', null]) as object) },
              { id: 'only-null', ...(invalid([null]) as object) },
              { id: 'empty', ...(invalid([]) as object) },
              { id: 'list-and-pattern', ...(invalid(['kg', 'lb'], { pattern: '^l' }) as object) },
              {
                id: 'null-and-pattern',
                ...(invalid([null, 'lb'], { pattern: '^[a-z]+$' }) as object),
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Check id → offending rows. */
const EXPECTED: Readonly<Record<string, number>> = {
  'kg-or-null': 1,
  'only-null': 3,
  empty: 3,
  'list-and-pattern': 2,
  'null-and-pattern': 2,
  'v.unit.enum': 1,
};

interface Setup {
  readonly server: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly cleanup?: () => Promise<void>;
}

let postgres: TestPostgres | undefined;
let mariadb: TestMysql | undefined;

const VARIANTS: readonly { name: string; setup(dir: string): Promise<Setup> }[] = [
  {
    name: 'duckdb parquet',
    async setup(dir) {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      for (const sql of CREATE) await connection.run(sql);
      await connection.run(`COPY v TO '${join(dir, 'v.parquet').replaceAll("'", "''")}'`);
      connection.closeSync();
      instance.closeSync();
      return {
        server: { server: 'files', type: 'local', path: './{model}.parquet', format: 'parquet' },
        env: {},
      };
    },
  },
  {
    name: 'postgresql',
    async setup() {
      postgres ??= await startTestPostgres();
      const database = await createTestDatabase(postgres.url);
      await withClient(database.url, async (client) => {
        for (const sql of CREATE) await client.query(sql);
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
    async setup() {
      mariadb ??= await startTestMysql();
      const database = await createMysqlDatabase(mariadb.url);
      const connection = await mysql.createConnection(database.url);
      for (const sql of CREATE) await connection.query(sql);
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
];

for (const variant of VARIANTS) {
  describe(`validValues and enum with null on ${variant.name}`, () => {
    let dir: string;
    let setup: Setup;
    let run: TestRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshwork-valid-values-'));
      setup = await variant.setup(dir);
      await writeFile(join(dir, 'v.odcs.yaml'), stringify(contract(setup.server)));
      run = await runContractTests({
        meshRoot: dir,
        contractFile: 'v.odcs.yaml',
        env: setup.env,
        history: null,
      });
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
      await setup.cleanup?.();
    });

    it('counts every non-null value outside the list, whatever null entries it has', () => {
      for (const [id, value] of Object.entries(EXPECTED)) {
        const check = run.checks.find((c) => c.id === id);
        assert.ok(check, id);
        assert.equal(check.status, 'failed', `${id}: ${check.message}`);
        assert.equal(check.value, value, `${id}: ${check.message}`);
      }
    });
  });
}

after(async () => {
  await postgres?.stop();
  await mariadb?.stop();
});
