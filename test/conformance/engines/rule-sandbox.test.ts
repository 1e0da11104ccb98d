import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import { stringify } from 'yaml';
import { runContractTests } from '../../../src/app/testing/index.ts';
import type { CheckResult, TestRun } from '../../../src/core/quality/index.ts';
import type { EngineConnection, ServerEntry } from '../../../src/engines/engine.ts';
import { loadEngine } from '../../../src/engines/registry.ts';
import { createMysqlDatabase, startTestMysql } from '../../support/mysql.ts';
import type { TestMysql } from '../../support/mysql.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../../support/postgres.ts';

/**
 * A contract's SQL rule is untrusted text run with the tester's credentials (issue 8).
 * Each attack below changed or destroyed data, or wrote or read files, before the fix. Two
 * walls are tested apart: `meshwork test` refuses a rule that does not validate (status
 * error, never run), and the engine runs what it is handed as one read-only statement
 * without file access (`queryRule`), so an attack that slips past validation still fails.
 */

type Attacks = Readonly<Record<string, string>>;

function contract(server: Record<string, unknown>, object: string, rules: Attacks): string {
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'urn:test:victim',
    version: '1.0.0',
    status: 'active',
    servers: [server],
    schema: [
      {
        name: object,
        physicalName: object,
        properties: [
          { name: 'id', logicalType: 'integer' },
          { name: 'amount', logicalType: 'number' },
        ],
        quality: Object.entries(rules).map(([name, query]) => ({
          type: 'sql',
          name,
          query,
          mustBe: 0,
        })),
      },
    ],
  });
}

/** The result of each rule, by the attack's name (rules are planned in the contract's order). */
function byAttack(run: TestRun, rules: Attacks): Map<string, CheckResult> {
  const sql = run.checks.filter((check) => check.kind === 'sql');
  return new Map(Object.keys(rules).map((name, i) => [name, sql[i]!]));
}

function assertRefused(results: Map<string, CheckResult>, attacks: Attacks): void {
  for (const name of Object.keys(attacks)) {
    const check = results.get(name)!;
    assert.equal(check.status, 'error', `${name}: ${check.message}`);
    // Refused for what it is, not because the data could not be reached at all.
    assert.match(check.message, /^not run: |disabled by configuration/, name);
  }
}

async function connect(
  server: ServerEntry,
  url: string | undefined,
  baseDir: string,
  ruleTimeoutMs?: number,
): Promise<EngineConnection> {
  const engine = (await loadEngine(server.type))!;
  return engine.connect({
    server,
    credentials: url === undefined ? {} : { url },
    baseDir,
    ...(ruleTimeoutMs === undefined ? {} : { ruleTimeoutMs }),
  });
}

describe('SQL rules cannot change data on PostgreSQL', () => {
  const ATTACKS: Attacks = {
    'a second statement after ;': 'SELECT 0; DROP TABLE public.victim',
    'DELETE … RETURNING in a CTE':
      'WITH gone AS (DELETE FROM victim RETURNING 1) SELECT count(*) FROM gone',
    'UPDATE in a CTE':
      'WITH changed AS (UPDATE victim SET amount = -1 RETURNING 1) SELECT count(*) - count(*) FROM changed',
    'SELECT … INTO a new table': 'SELECT * INTO stolen FROM victim',
    'CREATE TABLE AS': 'CREATE TABLE stolen AS SELECT * FROM victim',
  };
  const FAIR: Attacks = {
    'the object by placeholder': 'SELECT count(*) FROM {object} WHERE amount < 0',
    'the object by its name': 'SELECT count(*) FROM victim WHERE amount < 0',
  };
  const server = {
    server: 'warehouse-pg',
    type: 'postgresql',
    host: 'localhost',
    port: 5432,
    database: 'x',
    schema: 'public',
  };
  let postgres: TestPostgres;
  let database: TestDatabase;
  let dir: string;
  let results: Map<string, CheckResult>;

  const victimRows = (): Promise<unknown> =>
    withClient(database.url, async (client) => {
      const rows = await client.query('SELECT id, amount FROM victim ORDER BY id');
      const stolen = await client.query<{ t: string | null }>(
        "SELECT to_regclass('public.stolen') AS t",
      );
      return { rows: rows.rows, stolen: stolen.rows[0]?.t };
    });
  const UNTOUCHED = {
    rows: [
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
      { id: 3, amount: 30 },
    ],
    stolen: null,
  };

  before(async () => {
    postgres = await startTestPostgres();
    database = await createTestDatabase(postgres.url);
    await withClient(database.url, async (client) => {
      await client.query('CREATE TABLE victim (id integer, amount integer)');
      await client.query('INSERT INTO victim VALUES (1, 10), (2, 20), (3, 30)');
      await client.query('CREATE SEQUENCE victim_seq');
    });
    dir = await mkdtemp(join(tmpdir(), 'meshwork-rule-pg-'));
    const rules = { ...ATTACKS, ...FAIR };
    await writeFile(join(dir, 'victim.odcs.yaml'), contract(server, 'victim', rules));
    const run = await runContractTests({
      meshRoot: dir,
      contractFile: 'victim.odcs.yaml',
      env: { MESHWORK_WAREHOUSE_PG_URL: database.url },
      history: null,
    });
    results = byAttack(run, rules);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await database?.drop();
    await postgres?.stop();
  });

  it('refuses every rule that is not one SELECT, as an error saying why', () => {
    assertRefused(results, ATTACKS);
    assert.match(results.get('a second statement after ;')!.message, /not a SELECT|2 statements/);
    assert.match(results.get('CREATE TABLE AS')!.message, /not a SELECT/);
  });

  it('leaves the victim table and its rows as they were, and creates no table', async () => {
    assert.deepEqual(await victimRows(), UNTOUCHED);
  });

  it('still runs fair rules, the object named by placeholder or by its name (issue 9)', () => {
    for (const name of Object.keys(FAIR)) assert.equal(results.get(name)!.status, 'passed', name);
  });

  it('runs what it is handed as one read-only statement (second wall, no validation)', async () => {
    const connection = await connect(server, database.url, dir, 500);
    try {
      const refused: Record<string, RegExp> = {
        'SELECT 0; DROP TABLE public.victim': /multiple commands/,
        'WITH gone AS (DELETE FROM victim RETURNING 1) SELECT count(*) FROM gone': /read-only/,
        'WITH c AS (UPDATE victim SET amount = -1 RETURNING 1) SELECT count(*) FROM c': /read-only/,
        'SELECT * INTO stolen FROM victim': /read-only/,
        'CREATE TABLE stolen AS SELECT * FROM victim': /read-only/,
        'DROP TABLE victim': /read-only/,
        "SELECT nextval('victim_seq')": /read-only/,
        "SELECT set_config('transaction_read_only', 'off', true)": /before any query/,
        'SELECT pg_sleep(5)': /statement timeout/,
      };
      for (const [sql, reason] of Object.entries(refused)) {
        await assert.rejects(connection.queryRule(sql, { names: {} }), reason, sql);
      }
      const rows = await connection.queryRule('SELECT count(*) AS n FROM victim', { names: {} });
      assert.equal(Number(rows[0]?.n), 3);
    } finally {
      await connection.close();
    }
    assert.deepEqual(await victimRows(), UNTOUCHED);
  });
});

describe('SQL rules cannot change data on MySQL/MariaDB', () => {
  const outfile = join(tmpdir(), `meshwork-outfile-${process.pid}.txt`);
  const ATTACKS: Attacks = {
    'a second statement after ;': 'SELECT 0; DROP TABLE victim',
    DELETE: 'DELETE FROM victim',
    'SELECT … INTO OUTFILE': `SELECT count(*) FROM victim INTO OUTFILE '${outfile}'`,
  };
  const FAIR: Attacks = {
    'the object by its name': 'SELECT count(*) FROM victim WHERE amount < 0',
  };
  let server: TestMysql;
  let url: string;
  let entry: ServerEntry;
  let dir: string;
  let results: Map<string, CheckResult>;

  const victimRows = async (): Promise<unknown> => {
    const connection = await mysql.createConnection(url);
    try {
      const [rows] = await connection.query('SELECT id, amount FROM victim ORDER BY id');
      return rows;
    } finally {
      await connection.end();
    }
  };
  const UNTOUCHED = [
    { id: 1, amount: 10 },
    { id: 2, amount: 20 },
  ];

  before(async () => {
    server = await startTestMysql();
    const database = await createMysqlDatabase(server.url);
    url = database.url;
    const connection = await mysql.createConnection(url);
    await connection.query('CREATE TABLE victim (id INT, amount INT)');
    await connection.query('INSERT INTO victim VALUES (1, 10), (2, 20)');
    await connection.end();
    dir = await mkdtemp(join(tmpdir(), 'meshwork-rule-mysql-'));
    entry = {
      server: 'shop-db',
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      database: database.name,
    };
    const rules = { ...ATTACKS, ...FAIR };
    await writeFile(join(dir, 'victim.odcs.yaml'), contract(entry, 'victim', rules));
    const run = await runContractTests({
      meshRoot: dir,
      contractFile: 'victim.odcs.yaml',
      env: { MESHWORK_SHOP_DB_URL: url },
      history: null,
    });
    results = byAttack(run, rules);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outfile, { force: true });
    await server?.stop();
  });

  it('refuses every rule that is not one SELECT, as an error saying why', () => {
    assertRefused(results, ATTACKS);
    const fair = results.get('the object by its name')!;
    assert.equal(fair.status, 'passed', fair.message);
  });

  it('runs what it is handed as one read-only statement, writing no file (second wall)', async () => {
    const connection = await connect(entry, url, dir, 300);
    try {
      const refused: Record<string, RegExp> = {
        'SELECT SLEEP(5) AS s': /max_statement_time|max_execution_time|interrupted/,
        'SELECT 0; DROP TABLE victim': /syntax/,
        'DELETE FROM victim': /syntax|READ ONLY/,
        'SELECT 1 FROM victim FOR UPDATE': /READ ONLY/,
        [`SELECT count(*) FROM victim INTO OUTFILE '${outfile}'`]: /syntax/,
        'SELECT 1) AS x; DROP TABLE victim; SELECT (1': /syntax/,
      };
      for (const [sql, reason] of Object.entries(refused)) {
        await assert.rejects(connection.queryRule(sql, { names: {} }), reason, sql);
      }
      const rows = await connection.queryRule('SELECT count(*) AS n FROM victim;', { names: {} });
      assert.equal(Number(rows[0]?.n), 2);
    } finally {
      await connection.close();
    }
    assert.deepEqual(await victimRows(), UNTOUCHED);
    assert.equal(existsSync(outfile), false, 'INTO OUTFILE wrote a file');
  });
});

describe('SQL rules cannot reach files or extensions on DuckDB', () => {
  let dir: string;
  let outside: string;
  let written: string;
  let attached: string;
  let results: Map<string, CheckResult>;
  let ATTACKS: Attacks;
  const FAIR: Attacks = {
    'the object by placeholder': 'SELECT count(*) FROM {object} WHERE amount > 15',
    // CSV is read as text; by its name the object is still typed, as {object} is (issue 9).
    'the object by its name': 'SELECT count(*) FROM orders WHERE amount > 15',
    'the object by its name, quoted': 'SELECT count(*) - 1 FROM "orders" WHERE id = 1',
  };
  const server = { server: 'files', type: 'local', path: './data/{model}.csv', format: 'csv' };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-rule-duckdb-'));
    outside = join(dir, 'secret.csv');
    written = join(dir, 'written.csv');
    attached = join(dir, 'evil.db');
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'orders.csv'), 'id,amount\n1,10\n2,20\n3,30\n');
    await writeFile(outside, 'secret\nsalary\n');
    ATTACKS = {
      'COPY … TO a file': `COPY (SELECT 1) TO '${written}'`,
      'ATTACH a new database file': `ATTACH '${attached}' AS evil`,
      'INSTALL an extension': 'INSTALL httpfs',
      'read_text of /etc/passwd': "SELECT count(*) - count(*) FROM read_text('/etc/passwd')",
      'read_csv outside the data folder': `SELECT count(*) - count(*) FROM read_csv('${outside}')`,
      'glob over the file system': "SELECT count(*) - count(*) FROM glob('/etc/*')",
    };
    const rules = { ...ATTACKS, ...FAIR };
    await writeFile(join(dir, 'orders.odcs.yaml'), contract(server, 'orders', rules));
    const run = await runContractTests({
      meshRoot: dir,
      contractFile: 'orders.odcs.yaml',
      history: null,
    });
    results = byAttack(run, rules);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses statements and file functions, as an error saying why', () => {
    assertRefused(results, ATTACKS);
    assert.match(results.get('COPY … TO a file')!.message, /not a SELECT/);
    for (const name of ['read_text of /etc/passwd', 'read_csv outside the data folder']) {
      assert.match(results.get(name)!.message, /disabled by configuration/, name);
    }
    assert.doesNotMatch(JSON.stringify([...results.values()]), /root:|salary/);
  });

  it('writes and attaches no file', () => {
    assert.equal(existsSync(written), false);
    assert.equal(existsSync(attached), false);
  });

  it('still reads the contract’s own data, by placeholder or by name (issue 9)', () => {
    const value = (name: string): unknown => results.get(name)!.value;
    assert.equal(value('the object by placeholder'), 2);
    assert.equal(value('the object by its name'), 2);
    assert.equal(value('the object by its name, quoted'), 0);
  });

  it('lets a rule name another object of the contract, and no file beyond them', async () => {
    await writeFile(join(dir, 'data', 'customers.csv'), 'id\n1\n2\n');
    const object = (name: string, quality: unknown[] = []): unknown => ({
      name,
      physicalName: name,
      properties: [{ name: 'id', logicalType: 'integer' }],
      quality,
    });
    await writeFile(
      join(dir, 'two.odcs.yaml'),
      stringify({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'urn:test:two',
        version: '1.0.0',
        status: 'active',
        servers: [server],
        schema: [
          object('orders', [
            {
              type: 'sql',
              query:
                'SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.id)',
              mustBe: 0,
            },
          ]),
          object('customers'),
        ],
      }),
    );
    const run = await runContractTests({
      meshRoot: dir,
      contractFile: 'two.odcs.yaml',
      history: null,
    });
    const rule = run.checks.find((check) => check.kind === 'sql')!;
    // Order 3 has no customer 3.
    assert.equal(rule.value, 1, rule.message);
  });

  it('runs what it is handed locked down, one SELECT, read-only (second wall)', async () => {
    const connection = await connect(server, undefined, dir, 300);
    try {
      const relation = await connection.relation({
        schema: 'orders',
        physicalName: 'orders',
        columns: ['id', 'amount'],
        baseDir: dir,
        server,
      });
      const names = { orders: relation };
      const refused: Record<string, RegExp> = {
        [`COPY (SELECT 1) TO '${written}'`]: /SELECT statement|disabled/,
        [`ATTACH '${attached}' AS evil`]: /SELECT statement|disabled/,
        'INSTALL httpfs': /SELECT statement|disabled/,
        'LOAD httpfs': /SELECT statement|disabled/,
        'SET enable_external_access = true': /SELECT statement|locked/,
        'SELECT 1; SELECT 2': /multiple statements/,
        'CREATE TABLE t AS SELECT 1': /SELECT statement|read-only/,
        "SELECT * FROM read_text('/etc/passwd')": /disabled by configuration/,
        [`SELECT * FROM read_csv('${outside}')`]: /disabled by configuration/,
        "SELECT * FROM read_csv('https://example.com/x.csv')": /disabled by configuration/,
        'SELECT count(*) FROM range(100000000000) a': /stopped after 0.3 s/,
      };
      for (const [sql, reason] of Object.entries(refused)) {
        await assert.rejects(connection.queryRule(sql, { names }), reason, sql);
      }
      const rows = await connection.queryRule('SELECT count(*) AS n FROM orders', { names });
      assert.equal(Number(rows[0]?.n), 3);
      // Meshwork's own instance is not locked: its checks go on after a rule.
      const own = await connection.query(`SELECT count(*) AS n FROM ${relation}`);
      assert.equal(Number(own[0]?.n), 3);
    } finally {
      await connection.close();
    }
    assert.equal(existsSync(written), false);
    assert.equal(existsSync(attached), false);
  });
});
