import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { GrantAdmin, GrantSpec, GrantTargetRowFilter } from '../../src/engines/engine.ts';
import { replaceTableFromCsv } from '../../src/engines/postgresql/bulk.ts';
import { createGrantViewSql } from '../../src/engines/postgresql/grant-sql.ts';
import { postgresEngine } from '../../src/engines/postgresql/index.ts';
import { rowFilterLiteral } from '../../src/engines/postgresql/row-filter-sql.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';

/**
 * A grant's row filter in its PostgreSQL view (issue 14), against a real server: the
 * consumer's own login sees only the filtered rows, for every logical type; values that
 * try to break out of their literal (quotes, `') OR 1=1 --`, backslashes, dollar quotes)
 * match nothing more than their own text; a consumer's leaky function never sees a row the
 * filter leaves out; a rebuild keeps the filter. Roles are cluster-wide: names carry a tag.
 */
const TAG = randomBytes(4).toString('hex');
const PASSWORD = randomBytes(12).toString('hex');
const TEAM = `filtered-${TAG}`;
const DOMAIN = 'marketing';
const CONSUMER = `rf_consumer_${TAG}`;
const ADMIN = `rf_admin_${TAG}`;

const COLUMNS = [
  { name: 'order_id', type: 'bigint' },
  { name: 'region', type: 'text' },
  { name: 'paid', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'amount', type: 'numeric(10,2)' },
];
const ORDERS = { schema: 'sales', table: 'orders' };
/** The region texts include the attack strings themselves, so an exact match is visible. */
const ROWS = [
  [1, 'EU', true, '2026-01-01', '10.00'],
  [2, 'CH', false, '2026-01-02', '20.00'],
  [3, 'US', true, '2026-01-03', '30.00'],
  [4, "O'Brien", false, '2026-01-04', '40.00'],
  [5, 'a\\b', true, '2026-01-05', '50.00'],
  [6, '', false, '2026-01-06', '60.00'],
];
const CSV = ROWS.map((r) =>
  r
    .map((v) =>
      typeof v === 'string' && /[",']/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v),
    )
    .join(','),
).join('\n');

function urlAs(base: string, user: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = PASSWORD;
  return url.toString();
}

let counter = 0;
function spec(filter: GrantTargetRowFilter | undefined): GrantSpec {
  counter += 1;
  return {
    grantId: `rf-${TAG}-${counter}`,
    team: TEAM,
    domain: DOMAIN,
    targets: [
      {
        ...ORDERS,
        columns: [
          { name: 'order_id', personal: false },
          { name: 'region', personal: false },
        ],
        ...(filter ? { rowFilter: filter } : {}),
      },
    ],
    personalInClear: false,
    memberLogins: [CONSUMER],
  };
}

describe('a row filter in the PostgreSQL grant view', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let dir: string;
  let grants: GrantAdmin;
  let adminUrl: string;

  const serve = async (csv: string): Promise<void> => {
    const file = join(dir, `orders-${randomBytes(3).toString('hex')}.csv`);
    writeFileSync(file, `${csv}\n`);
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await replaceTableFromCsv(client, ORDERS, COLUMNS, file);
    } finally {
      await client.end();
    }
  };

  /** The order ids the consumer's login reads through the grant filtered so. */
  const idsThrough = async (filter: GrantTargetRowFilter | undefined): Promise<number[]> => {
    const made = await grants.provision(spec(filter));
    const rows = await withClient(
      urlAs(db.url, CONSUMER),
      async (c) =>
        (
          await c.query<{ id: number }>(
            `SELECT order_id::int AS id FROM ${made.objects[0]} ORDER BY 1`,
          )
        ).rows,
    );
    return rows.map((r) => r.id);
  };

  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_row_filter');
    dir = mkdtempSync(join(tmpdir(), 'meshwork-pg-row-filter-'));
    await withClient(db.url, async (client) => {
      await client.query(`CREATE ROLE ${CONSUMER} LOGIN PASSWORD '${PASSWORD}'`);
      await client.query(`CREATE ROLE ${ADMIN} LOGIN CREATEROLE PASSWORD '${PASSWORD}'`);
      await client.query(`GRANT CREATE ON DATABASE ${db.name} TO ${ADMIN}`);
      await client.query(`CREATE SCHEMA sales AUTHORIZATION ${ADMIN}`);
    });
    adminUrl = urlAs(db.url, ADMIN);
    await serve(CSV);
    const opened = postgresEngine.openGrants?.({
      server: { server: 'warehouse', type: 'postgresql' },
      credentials: { url: adminUrl },
      baseDir: dir,
    });
    assert.ok(opened);
    grants = await opened;
  });

  after(async () => {
    await grants?.close();
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
    await withClient(server.url, async (client) => {
      const roles = await client.query<{ rolname: string }>(
        `SELECT rolname FROM pg_roles WHERE rolname LIKE '%' || $1 || '%'`,
        [TAG],
      );
      const names = roles.rows.map((row) => row.rolname);
      names.sort((a, b) => Number(a === ADMIN) - Number(b === ADMIN));
      for (const name of names)
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`);
    });
    await server?.stop();
  });

  it('without a filter every row; with one only its rows, for each logical type', async () => {
    assert.deepEqual(await idsThrough(undefined), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      await idsThrough({ column: 'region', logicalType: 'string', values: ['EU', 'CH'] }),
      [1, 2],
    );
    assert.deepEqual(
      await idsThrough({ column: 'order_id', logicalType: 'integer', values: [3, '5'] }),
      [3, 5],
    );
    assert.deepEqual(
      await idsThrough({ column: 'paid', logicalType: 'boolean', values: [false] }),
      [2, 4, 6],
      'the filter column need not be a granted one',
    );
    assert.deepEqual(
      await idsThrough({ column: 'day', logicalType: 'date', values: ['2026-01-03'] }),
      [3],
    );
    assert.deepEqual(
      await idsThrough({ column: 'amount', logicalType: 'number', values: [40, '60.00'] }),
      [4, 6],
    );
  });

  it('attack values match only their own text, never widen the result', async () => {
    const attacks = [
      "') OR 1=1 --",
      "' OR '1'='1",
      "EU' OR TRUE OR region = '",
      "EU'); DROP TABLE sales.orders; --",
      '$$ OR 1=1 $$',
      "\\' OR 1=1 --",
      'EU\\',
    ];
    assert.deepEqual(
      await idsThrough({ column: 'region', logicalType: 'string', values: attacks }),
      [],
    );
    assert.deepEqual(
      await idsThrough({ column: 'region', logicalType: 'string', values: ["O'Brien", 'a\\b'] }),
      [4, 5],
      'a quote and a backslash are data',
    );
    const count = await withClient(
      db.url,
      async (c) =>
        (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM sales.orders')).rows[0]?.n,
    );
    assert.equal(count, ROWS.length, 'the served table is whole');
  });

  it('a value of the wrong type is refused before any SQL is written', () => {
    for (const [value, type] of [
      ['1 OR 1=1', 'integer'],
      ['1e3; --', 'number'],
      ['true', 'boolean'],
      ["2026-01-01' OR '1'='1", 'date'],
      [1, 'string'],
      ['', 'string'],
      ['x', 'timestamp'],
    ] as const)
      assert.throws(
        () => rowFilterLiteral(value, type),
        /not a|cannot compare/,
        `${String(value)} as ${type}`,
      );
    assert.throws(() =>
      createGrantViewSql({
        viewSchema: 's',
        viewName: 'v',
        team: 't',
        personalInClear: true,
        target: {
          schema: 'sales',
          table: 'orders',
          columns: [{ name: 'order_id', personal: false }],
          rowFilter: { column: 'order_id', logicalType: 'integer', values: ['1) OR (1=1'] },
        },
      }),
    );
    const sql = createGrantViewSql({
      viewSchema: 's',
      viewName: 'v',
      team: 't',
      personalInClear: true,
      target: {
        schema: 'sales',
        table: 'orders',
        columns: [{ name: 'order_id', personal: false }],
        rowFilter: { column: 'we"ird', logicalType: 'string', values: ["it's"] },
      },
    });
    assert.match(sql, / WHERE t\."we""ird" IN \('it''s'\)$/);
  });

  it("a consumer's leaky function never sees a row the filter leaves out", async () => {
    const made = await grants.provision(
      spec({ column: 'region', logicalType: 'string', values: ['EU'] }),
    );
    const seen: string[] = [];
    await withClient(urlAs(db.url, CONSUMER), async (client) => {
      client.on('notice', (notice) => seen.push(String(notice.message)));
      await client.query(
        `CREATE FUNCTION pg_temp.leak(value text) RETURNS boolean LANGUAGE plpgsql COST 0.0001
           AS $$ BEGIN RAISE NOTICE '%', value; RETURN true; END $$`,
      );
      await client.query(`SELECT order_id FROM ${made.objects[0]} WHERE pg_temp.leak(region)`);
    });
    assert.deepEqual(seen, ['EU']);
  });

  it('a rebuild of the served table keeps the filter', async () => {
    const made = await grants.provision(
      spec({ column: 'region', logicalType: 'string', values: ['CH'] }),
    );
    await serve(`${CSV}\n7,CH,true,2026-01-07,70.00\n8,EU,true,2026-01-08,80.00`);
    const rows = await withClient(
      urlAs(db.url, CONSUMER),
      async (c) =>
        (
          await c.query<{ id: number }>(
            `SELECT order_id::int AS id FROM ${made.objects[0]} ORDER BY 1`,
          )
        ).rows,
    );
    assert.deepEqual(
      rows.map((r) => r.id),
      [2, 7],
    );
  });
});
