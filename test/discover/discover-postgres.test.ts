import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestPostgres } from '../support/postgres.ts';
import {
  createTestDatabase,
  startEmbeddedPostgres,
  startTestPostgres,
  withClient,
} from '../support/postgres.ts';
import { cli } from '../support/cli.ts';

/**
 * A planted schema: a sales group and a stock group (dense keys inside, one key across),
 * a table linked to nothing, odd identifiers, a key into another schema.
 */
const PLANTED = `
  CREATE SCHEMA archive;
  CREATE TABLE archive.old_orders (id int PRIMARY KEY);
  CREATE TABLE customers (id int PRIMARY KEY);
  CREATE TABLE addresses (id int PRIMARY KEY, customer_id int REFERENCES customers);
  CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers,
                       address_id int REFERENCES addresses, old_id int REFERENCES archive.old_orders);
  CREATE TABLE payments (id int PRIMARY KEY, order_id int REFERENCES orders,
                         customer_id int REFERENCES customers);
  CREATE TABLE "Order Lines" (order_id int REFERENCES orders, n int,
                              product_id int, PRIMARY KEY (order_id, n));
  CREATE TABLE products (id int PRIMARY KEY);
  CREATE TABLE warehouses (id int PRIMARY KEY);
  CREATE TABLE stock (product_id int REFERENCES products, warehouse_id int REFERENCES warehouses,
                      PRIMARY KEY (product_id, warehouse_id));
  CREATE TABLE stock_moves (id int PRIMARY KEY, product_id int, warehouse_id int,
                            FOREIGN KEY (product_id, warehouse_id) REFERENCES stock,
                            to_warehouse int REFERENCES warehouses);
  ALTER TABLE "Order Lines" ADD FOREIGN KEY (product_id) REFERENCES products;
  CREATE TABLE settings (k text PRIMARY KEY, v text);
  CREATE TABLE "evil\u001b[31m" (x int);
  CREATE VIEW big_orders AS SELECT * FROM orders;
`;

interface JsonReport {
  tables: number;
  foreignKeys: number;
  coAccess: { available: boolean; reason?: string; pairs?: number; statements?: number };
  domains: { name: string; hub: string; tables: { table: string; reason: string }[] }[];
  isolated: { table: string; reason: string }[];
  notes: string[];
}

const domainOf = (report: JsonReport, table: string): string | undefined =>
  report.domains.find((d) => d.tables.some((t) => t.table === table))?.name;

describe('meshwork discover domains on a real PostgreSQL', { timeout: 240_000 }, () => {
  let pg: TestPostgres;
  let url: string;
  let drop: () => Promise<void>;
  before(async () => {
    pg = await startTestPostgres();
    const db = await createTestDatabase(pg.url, 'meshwork_discover');
    url = db.url;
    drop = () => db.drop();
    await withClient(url, (c) => c.query(PLANTED));
  });
  after(async () => {
    await drop?.();
    await pg?.stop();
  });

  it('suggests the planted groups, with reasons, and says co-access is not available', async () => {
    const run = await cli(['discover', 'domains', url, '--format', 'json'], process.cwd());
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.tables, 12);
    // 2 + 3 + 2 + 2 + 2 + 2 (the archive one included, said as outside).
    assert.equal(report.foreignKeys, 12);
    const sales = ['customers', 'addresses', 'orders', 'payments'].map((t) => domainOf(report, t));
    const stock = ['stock', 'warehouses', 'stock_moves'].map((t) => domainOf(report, t));
    assert.equal(new Set(sales).size, 1, run.stdout);
    assert.equal(new Set(stock).size, 1, run.stdout);
    assert.notEqual(sales[0], stock[0]);
    assert.deepEqual(
      report.isolated.map((t) => t.table),
      ['big_orders', 'evil\u001b[31m', 'settings'],
    );
    assert.equal(report.coAccess.available, false);
    assert.match(report.coAccess.reason ?? '', /pg_stat_statements not installed/);
    const orders = report.domains.flatMap((d) => d.tables).find((t) => t.table === 'orders')!;
    assert.match(orders.reason, /^2 foreign keys to addresses, customers; referenced by/);
    assert.match(orders.reason, /1 foreign key to tables not described here: archive\.old_orders/);
    // The composite key counts once.
    const moves = report.domains.flatMap((d) => d.tables).find((t) => t.table === 'stock_moves')!;
    assert.match(moves.reason, /^2 foreign keys to stock, warehouses/);
    assert.ok(domainOf(report, 'Order Lines') !== undefined, 'the quoted name is read');
  });

  it('prints text and Mermaid, and never the password', async () => {
    const password = new URL(url).password;
    const text = await cli(['discover', 'domains', url], process.cwd());
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /co-access: not available \(pg_stat_statements not installed in this database\)/,
    );
    assert.match(
      text.stdout,
      /Isolated — 3 table\(s\) linked to no other:\n {2}big_orders\n {4}isolated: no foreign key to or from another table; a view \(views have no keys of their own\)\n {2}evil\?\[31m\n.*\n {2}settings\n/,
    );
    // A table name cannot reach the terminal as an escape sequence.
    assert.ok(!text.stdout.includes('\u001b'), 'no raw ESC in the output');
    const mermaid = await cli(['discover', 'domains', url, '--format', 'mermaid'], process.cwd());
    assert.match(mermaid.stdout, /^flowchart LR\n/);
    assert.match(mermaid.stdout, /\["Order Lines"\]/);
    assert.match(mermaid.stdout, /\["evil#27;#91;31m"\]/);
    for (const run of [text, mermaid]) {
      if (password) assert.ok(!`${run.stdout}${run.stderr}`.includes(password));
    }
  });

  it('reads --schema, and says when the schema has no tables', async () => {
    const archive = await cli(
      ['discover', 'domains', url, '--schema', 'archive', '--format', 'json'],
      process.cwd(),
    );
    assert.equal(archive.code, 0, archive.stderr);
    assert.deepEqual(
      (JSON.parse(archive.stdout) as JsonReport).isolated.map((t) => t.table),
      ['old_orders'],
    );
    const none = await cli(['discover', 'domains', url, '--schema', 'nope'], process.cwd());
    assert.equal(none.code, 2);
    assert.match(none.stderr, /has no tables/);
  });

  it('says pg_stat_statements is installed but not loaded where the server lacks the preload', async () => {
    const preloaded = await withClient(url, (c) =>
      c.query<{ shared_preload_libraries: string }>('SHOW shared_preload_libraries'),
    );
    if (String(preloaded.rows[0]?.shared_preload_libraries).includes('pg_stat_statements')) return;
    await withClient(url, (c) => c.query('CREATE EXTENSION pg_stat_statements'));
    const run = await cli(['discover', 'domains', url], process.cwd());
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /co-access: not available \(pg_stat_statements installed but not loaded/,
    );
    await withClient(url, (c) => c.query('DROP EXTENSION pg_stat_statements'));
  });

  it('fails with exit 2 and a masked message for a wrong password', async () => {
    const wrong = new URL(url);
    wrong.password = 'not-the-Secret-42';
    const run = await cli(['discover', 'domains', wrong.toString()], process.cwd());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot connect/);
    assert.ok(!run.stderr.includes('not-the-Secret-42'), run.stderr);
  });
});

describe(
  'co-access from pg_stat_statements (an embedded PostgreSQL with the library preloaded)',
  { timeout: 300_000 },
  () => {
    let pg: TestPostgres;
    before(async () => {
      pg = await startEmbeddedPostgres({ sharedPreloadLibraries: ['pg_stat_statements'] });
    });
    after(async () => {
      await pg?.stop();
    });

    it('ties tables that statements use together, weighted by their calls', async () => {
      const db = await createTestDatabase(pg.url, 'meshwork_coaccess');
      try {
        await withClient(db.url, async (c) => {
          await c.query('CREATE EXTENSION pg_stat_statements');
          // No foreign keys at all: only the statements below tie the tables together.
          await c.query(`
          CREATE TABLE orders (id int PRIMARY KEY, customer int);
          CREATE TABLE customers (id int PRIMARY KEY);
          CREATE TABLE shipments (id int PRIMARY KEY, order_id int);
          CREATE TABLE sensors (id int PRIMARY KEY);
          CREATE TABLE readings (sensor int, v int);
          CREATE TABLE lonely (id int);`);
          for (let i = 0; i < 30; i++)
            await c.query(
              'SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer WHERE o.id = $1',
              [i],
            );
          for (let i = 0; i < 7; i++)
            await c.query(
              'SELECT * FROM shipments s, orders o WHERE s.order_id = o.id AND s.id = $1',
              [i],
            );
          for (let i = 0; i < 12; i++)
            await c.query(
              'SELECT r.v FROM readings r JOIN sensors s ON s.id = r.sensor WHERE s.id = $1',
              [i],
            );
          await c.query('SELECT * FROM lonely');
        });
        const run = await cli(['discover', 'domains', db.url, '--format', 'json'], process.cwd());
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout) as JsonReport;
        assert.equal(report.coAccess.available, true, JSON.stringify(report.coAccess));
        assert.equal(report.coAccess.pairs, 3);
        // The embedded server is PostgreSQL 18: its alias grouping is said with the result.
        assert.match(
          (report.coAccess as { caveat?: string }).caveat ?? '',
          /same table aliases as one/,
        );
        assert.equal(domainOf(report, 'orders'), domainOf(report, 'customers'));
        assert.equal(domainOf(report, 'shipments'), domainOf(report, 'orders'));
        assert.equal(domainOf(report, 'readings'), domainOf(report, 'sensors'));
        assert.notEqual(domainOf(report, 'orders'), domainOf(report, 'sensors'));
        const tables = report.domains.flatMap((d) => d.tables);
        assert.equal(
          tables.find((t) => t.table === 'customers')!.reason,
          'used together with orders in 30 calls',
        );
        assert.equal(
          tables.find((t) => t.table === 'orders')!.reason,
          'used together with customers, shipments in 37 calls',
        );
        assert.deepEqual(
          report.isolated.map((t) => t.table),
          ['lonely'],
        );
        assert.match(report.isolated[0]!.reason, /no statement read uses it together with another/);
        const text = await cli(['discover', 'domains', db.url], process.cwd());
        assert.match(
          text.stdout,
          /co-access: pg_stat_statements, \d+ statements read, 3 pairs of tables used together/,
        );
      } finally {
        await db.drop();
      }
    });

    it("counts the statements it could not use: other users' texts, and those over too many tables", async () => {
      const db = await createTestDatabase(pg.url, 'meshwork_coaccess');
      try {
        const tables = Array.from({ length: 10 }, (_, i) => `t${i}`);
        await withClient(db.url, async (c) => {
          await c.query('CREATE EXTENSION pg_stat_statements');
          await c.query(tables.map((t) => `CREATE TABLE ${t} (id int);`).join('\n'));
          await c.query(`SELECT 1 FROM ${tables.slice(0, 9).join(', ')}`);
          await c.query('SELECT 1 FROM t0 JOIN t1 ON true');
          await c.query('DROP ROLE IF EXISTS discover_limited');
          await c.query("CREATE ROLE discover_limited LOGIN PASSWORD 'limited-pw'");
          await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO discover_limited`);
        });
        const limited = new URL(db.url);
        limited.username = 'discover_limited';
        limited.password = 'limited-pw';
        await withClient(limited.toString(), (c) => c.query('SELECT 1 FROM t2 JOIN t3 ON true'));

        const asOwner = await cli(
          ['discover', 'domains', db.url, '--format', 'json'],
          process.cwd(),
        );
        const owner = JSON.parse(asOwner.stdout) as JsonReport & {
          coAccess: { tooWide: number; unreadable: number };
        };
        assert.equal(owner.coAccess.tooWide, 1);
        assert.equal(owner.coAccess.pairs, 2);
        assert.equal(owner.coAccess.unreadable, 0);

        const asLimited = await cli(
          ['discover', 'domains', limited.toString(), '--format', 'json'],
          process.cwd(),
        );
        assert.equal(asLimited.code, 0, asLimited.stderr);
        const report = JSON.parse(asLimited.stdout) as JsonReport & {
          coAccess: { unreadable: number };
        };
        assert.equal(report.coAccess.pairs, 1, JSON.stringify(report.coAccess));
        assert.ok(report.coAccess.unreadable >= 2, JSON.stringify(report.coAccess));
        const text = await cli(['discover', 'domains', limited.toString()], process.cwd());
        assert.match(
          text.stdout,
          /\d+ statements of other users not readable \(grant pg_read_all_stats\)/,
        );
        assert.ok(!text.stdout.includes('limited-pw'));
      } finally {
        await db.drop();
      }
    });
  },
);
