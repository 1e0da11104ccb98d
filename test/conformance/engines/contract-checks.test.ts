import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { runContractTests } from '../../../src/app/testing/index.ts';
import type { TestRun } from '../../../src/core/quality/index.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import { trinoForTests } from '../../support/trino.ts';
import { createTrinoClient } from '../../../src/engines/trino/client.ts';
import type { TestDatabase, TestPostgres } from '../../support/postgres.ts';
import {
  CUSTOMER_IDS,
  ITEM_COLUMNS,
  ITEM_ROWS,
  expectedFailures,
  plantedContract,
} from './planted-contract.ts';

/**
 * Every check kind on every engine (Kysely's habit: one suite, looped over dialects): the
 * planted table must report exactly the planted violations with exact counts.
 */

const TYPES = [
  'INTEGER',
  'VARCHAR',
  'VARCHAR',
  'INTEGER',
  'DOUBLE PRECISION',
  'VARCHAR',
  'VARCHAR',
  'VARCHAR',
  'INTEGER',
  'INTEGER[]',
];

function cellSql(cell: string | number | null | readonly number[]): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell !== 'string') return `CAST(ARRAY[${cell.join(', ')}] AS INTEGER[])`;
  return `'${cell.replaceAll("'", "''")}'`;
}

function createSql(arrays: boolean): string[] {
  const count = arrays ? ITEM_COLUMNS.length : ITEM_COLUMNS.length - 1;
  const columns = ITEM_COLUMNS.slice(0, count).map((name, i) => `${name} ${TYPES[i]}`);
  const rows = ITEM_ROWS.map((row) => `(${row.slice(0, count).map(cellSql).join(', ')})`);
  return [
    `CREATE TABLE items (${columns.join(', ')})`,
    `INSERT INTO items VALUES ${rows.join(', ')}`,
    'CREATE TABLE customers (id INTEGER)',
    `INSERT INTO customers VALUES ${CUSTOMER_IDS.map((id) => `(${id})`).join(', ')}`,
  ];
}

interface Variant {
  readonly name: string;
  /** Why the variant cannot run here (shown as the skip reason, never skipped silently). */
  readonly skip?: string | undefined;
  readonly arrays: boolean;
  /** JSON: a key that no record has is NULL, not a missing column. */
  readonly schemaless?: boolean;
  /** Prepares the data; returns the contract's server and the env with credentials. */
  setup(dir: string): Promise<{ server: Record<string, unknown>; env: Record<string, string> }>;
}

async function duckFiles(
  dir: string,
  format: 'parquet' | 'csv' | 'json',
  arrays: boolean,
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const sql of createSql(arrays)) await connection.run(sql);
  const extension = format === 'json' ? 'ndjson' : format;
  for (const table of ['items', 'customers']) {
    const target = join(dir, `${table}.${extension}`).replaceAll("'", "''");
    await connection.run(`COPY ${table} TO '${target}' (FORMAT ${format})`);
  }
  connection.closeSync();
  instance.closeSync();
}

let postgres: TestPostgres | undefined;
let database: TestDatabase | undefined;
/** Drops what a Trino variant made (a schema in the `pg` database or in `hive`). */
let trinoCleanup: (() => Promise<void>) | undefined;

const trino = trinoForTests();
const NO_TRINO = trino === undefined ? 'no Trino: npm run test:trino' : undefined;

/** The planted rows in Trino's SQL: `ARRAY[…]`, an empty one typed. */
function trinoCellSql(cell: string | number | null | readonly number[]): string {
  if (typeof cell === 'object' && cell !== null)
    return cell.length === 0 ? 'CAST(ARRAY[] AS array(integer))' : `ARRAY[${cell.join(', ')}]`;
  return cellSql(cell);
}

/** A Trino server entry and its credentials for the planted tables in `catalog.schema`. */
function trinoServer(
  url: string,
  catalog: string,
  schema: string,
): { server: Record<string, unknown>; env: Record<string, string> } {
  const address = new URL(url);
  return {
    server: {
      server: 'warehouse-trino',
      type: 'trino',
      host: address.hostname,
      port: Number(address.port),
      catalog,
      schema,
    },
    env: { MESHWORK_WAREHOUSE_TRINO_URL: url, MESHWORK_WAREHOUSE_TRINO_USER: 'meshwork' },
  };
}

function uniqueSchema(): string {
  return `meshwork_checks_${process.pid}_${Date.now().toString(36)}`;
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'duckdb parquet',
    arrays: true,
    async setup(dir) {
      await duckFiles(dir, 'parquet', true);
      return {
        server: { server: 'files', type: 'local', path: './{model}.parquet', format: 'parquet' },
        env: {},
      };
    },
  },
  {
    name: 'duckdb csv',
    arrays: false,
    async setup(dir) {
      await duckFiles(dir, 'csv', false);
      return {
        server: { server: 'files', type: 'local', path: './{model}.csv', format: 'csv' },
        env: {},
      };
    },
  },
  {
    name: 'duckdb ndjson',
    arrays: false,
    schemaless: true,
    async setup(dir) {
      await duckFiles(dir, 'json', false);
      return {
        server: { server: 'files', type: 'local', path: './{object}.ndjson', format: 'json' },
        env: {},
      };
    },
  },
  {
    name: 'postgresql',
    arrays: true,
    async setup() {
      postgres ??= await startTestPostgres();
      database = await createTestDatabase(postgres.url);
      await withClient(database.url, async (client) => {
        for (const sql of createSql(true))
          await client.query(sql.replaceAll('DOUBLE PRECISION', 'double precision'));
      });
      const server = {
        server: 'warehouse-pg',
        type: 'postgresql',
        host: 'localhost',
        port: 5432,
        database: 'x',
        schema: 'public',
      };
      return { server, env: { MESHWORK_WAREHOUSE_PG_URL: database.url } };
    },
  },
  {
    // Trino's PostgreSQL connector maps no arrays by default (`array-mapping=DISABLED`),
    // so this is the planted table without its list column, as for CSV.
    name: 'trino (catalog pg, PostgreSQL behind it)',
    skip: NO_TRINO,
    arrays: false,
    async setup() {
      const t = trino!;
      const schema = uniqueSchema();
      await withClient(t.pgUrl, async (client) => {
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`SET search_path TO ${schema}`);
        for (const sql of createSql(false))
          await client.query(sql.replaceAll('DOUBLE PRECISION', 'double precision'));
      });
      trinoCleanup = () =>
        withClient(t.pgUrl, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)).then(
          () => undefined,
        );
      return trinoServer(t.url, t.pgCatalog, schema);
    },
  },
  {
    name: 'trino (catalog hive, Parquet)',
    skip: NO_TRINO,
    arrays: true,
    async setup() {
      const t = trino!;
      const client = createTrinoClient({ server: t.url, user: t.user });
      const schema = uniqueSchema();
      const qualified = `${t.hiveCatalog}.${schema}`;
      await client.run(`CREATE SCHEMA ${qualified}`);
      trinoCleanup = async () => {
        for (const table of ['items', 'customers'])
          await client.run(`DROP TABLE IF EXISTS ${qualified}.${table}`);
        await client.run(`DROP SCHEMA IF EXISTS ${qualified}`);
      };
      const types = TYPES.map((type) =>
        type === 'INTEGER[]' ? 'array(integer)' : type === 'DOUBLE PRECISION' ? 'double' : type,
      );
      const columns = ITEM_COLUMNS.map((name, i) => `${name} ${types[i]}`);
      const rows = ITEM_ROWS.map((row) => `(${row.map(trinoCellSql).join(', ')})`);
      const parquet = "WITH (format = 'PARQUET')";
      await client.run(`CREATE TABLE ${qualified}.items (${columns.join(', ')}) ${parquet}`);
      await client.run(`INSERT INTO ${qualified}.items VALUES ${rows.join(', ')}`);
      await client.run(`CREATE TABLE ${qualified}.customers (id INTEGER) ${parquet}`);
      await client.run(
        `INSERT INTO ${qualified}.customers VALUES ${CUSTOMER_IDS.map((id) => `(${id})`).join(', ')}`,
      );
      return trinoServer(t.url, t.hiveCatalog, schema);
    },
  },
];

for (const variant of VARIANTS) {
  describe(`contract checks on ${variant.name}`, { skip: variant.skip }, () => {
    let dir: string;
    let run: TestRun;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshwork-checks-'));
      const { server, env } = await variant.setup(dir);
      await writeFile(
        join(dir, 'planted.odcs.yaml'),
        stringify(plantedContract(server, variant.arrays)),
      );
      run = await runContractTests({
        meshRoot: dir,
        contractFile: 'planted.odcs.yaml',
        env,
        history: null,
      });
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
      await database?.drop();
      database = undefined;
      await trinoCleanup?.();
      trinoCleanup = undefined;
    });

    it('reports exactly the planted violations, with exact counts', () => {
      const expected = expectedFailures(variant.arrays, variant.schemaless);
      const actual = new Map(
        run.checks
          .filter((c) => c.status !== 'passed')
          .map((c) => [c.id, [c.status, c.value] as const]),
      );
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      for (const [id, [status, value]] of expected) {
        const [actualStatus, actualValue] = actual.get(id)!;
        assert.equal(actualStatus, status, id);
        if (value === -1) assert.ok(typeof actualValue === 'number' && actualValue > 86_400, id);
        else assert.equal(actualValue, value, id);
      }
      assert.equal(run.status, 'failed');
    });

    it('plans every check kind the contract asks for', () => {
      const kinds = new Set(run.checks.map((c) => c.kind));
      const wanted = [
        'present',
        'type',
        'required',
        'unique',
        'primaryKey',
        'minLength',
        'maxLength',
        'pattern',
        'format',
        'minimum',
        'maximum',
        'exclusiveMinimum',
        'exclusiveMaximum',
        'multipleOf',
        'enum',
        'relationship',
        'nullValues',
        'missingValues',
        'invalidValues',
        'duplicateValues',
        'rowCount',
        'sql',
        'latency',
        'frequency',
        'retention',
      ];
      if (variant.arrays) wanted.push('minItems', 'maxItems', 'uniqueItems');
      for (const kind of wanted) assert.ok(kinds.has(kind as never), kind);
    });

    it('samples at most 5 rows and never shows a restricted column', () => {
      const required = run.checks.find((c) => c.id === 'items.email.required')!;
      assert.deepEqual(
        required.samples.map((s) => Object.keys(s)),
        [['id']],
      );
      assert.equal(Number(required.samples[0]!.id), 4);
      const pattern = run.checks.find((c) => c.id === 'items.code.pattern')!;
      assert.deepEqual(pattern.samples.map((s) => String(s.code)).sort(), ['AB', 'ABCD', 'abc']);
      for (const check of run.checks) assert.ok(check.samples.length <= 5);
    });

    it('gives each result the documented shape', () => {
      for (const check of run.checks) {
        assert.deepEqual(Object.keys(check).sort(), [
          'id',
          'kind',
          'message',
          'property',
          'samples',
          'schema',
          'status',
          'threshold',
          'value',
        ]);
      }
      const latency = run.checks.find((c) => c.kind === 'latency')!;
      assert.equal(latency.schema, null);
      assert.equal(run.checks.find((c) => c.id === 'items.primaryKey')!.property, 'id');
      assert.match(run.startedAt, /^\d{4}-\d{2}-\d{2}T.*Z$/);
      assert.ok(run.durationMs >= 0);
    });
  });
}

after(async () => {
  await postgres?.stop();
});
