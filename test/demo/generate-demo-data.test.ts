import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { demoDataSizes } from '../../src/demo/demo-data-sql.ts';
import { ERP_TABLES, WEBSHOP_TABLES } from '../../src/demo/demo-tables.ts';
import { PRODUCTS } from '../../src/demo/reference-data.ts';
import { repoRoot } from '../support/standards.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import {
  createTestDatabase,
  runSqlScript,
  startTestPostgres,
  withClient,
} from '../support/postgres.ts';
import { loadDemoMesh, properties, schemaObject, text } from './demo-mesh.ts';
import { sourceRelation, withDuckDb } from './demo-build.ts';

const run = promisify(execFile);
const SCALE = '0.01';
const sizes = demoDataSizes(Number(SCALE));

function generate(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return run(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts', 'generate-demo-data.ts'), ...args],
    {
      cwd: repoRoot,
    },
  );
}

/** Relative path → SHA-256 of every file below `dir`. */
function digests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        out.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

async function count(sql: string): Promise<number> {
  return withDuckDb(async (connection) =>
    Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]),
  );
}

describe('scripts/generate-demo-data.ts', () => {
  let root: string;
  let first: string;
  let second: string;
  let summary: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'meshwork-demo-data-'));
    first = join(root, 'first');
    second = join(root, 'second');
    summary = (await generate(['--scale', SCALE, '--out', first])).stdout;
    await generate(['--scale', SCALE, '--out', second]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes the same bytes on every run', () => {
    const a = digests(first);
    assert.ok(a.size > 0);
    assert.deepEqual([...digests(second)], [...a]);
  });

  it('writes the webshop as dump and Parquet, and the ERP exports as CSV', () => {
    assert.deepEqual(
      [...digests(first).keys()].sort(),
      [
        ...ERP_TABLES.map((t) => join('erp', `${t.name}.csv`)),
        ...WEBSHOP_TABLES.map((t) => join('webshop', `${t.name}.parquet`)),
        join('webshop', 'webshop.sql'),
      ].sort(),
    );
    assert.match(summary, /customers\s+1,500 rows/);
    assert.match(summary, /rows in 8 tables, [\d.]+ s/);
  });

  it('sizes the tables by --scale', async () => {
    const parquet = (table: string): string =>
      `read_parquet('${join(first, 'webshop', `${table}.parquet`)}')`;
    const csv = (table: string): string => `read_csv('${join(first, 'erp', `${table}.csv`)}')`;
    assert.equal(await count(`SELECT count(*) FROM ${parquet('customers')}`), sizes.customers);
    assert.equal(await count(`SELECT count(*) FROM ${parquet('products')}`), PRODUCTS.length);
    assert.equal(await count(`SELECT count(*) FROM ${parquet('orders')}`), sizes.orders);
    const lines = await count(`SELECT count(*) FROM ${parquet('order_lines')}`);
    assert.ok(lines > 1.8 * sizes.orders && lines < 2.2 * sizes.orders, `${lines} order lines`);
    const invoices = await count(`SELECT count(*) FROM ${csv('invoices')}`);
    assert.ok(invoices > 0.9 * sizes.orders && invoices < sizes.orders, `${invoices} invoices`);
    assert.ok((await count(`SELECT count(*) FROM ${csv('payments')}`)) > 0.9 * invoices);
    assert.ok((await count(`SELECT count(*) FROM ${csv('inventory')}`)) > 1000);
    assert.ok((await count(`SELECT count(*) FROM ${csv('production_orders')}`)) > 100);
    // Order dates: the two years before the fixed anchor, never the wall clock.
    assert.equal(
      await count(
        `SELECT count(*) FROM ${parquet('orders')} WHERE ordered_at < TIMESTAMPTZ '2024-10-31 22:00:00+00' OR ordered_at >= TIMESTAMPTZ '2026-10-31 23:00:00+00'`,
      ),
      0,
    );
  });

  it('writes the columns the source contracts describe', async () => {
    const mesh = loadDemoMesh();
    const sources = mesh.contracts.filter((c) => c.path.startsWith('sources/'));
    assert.equal(sources.length, WEBSHOP_TABLES.length + ERP_TABLES.length);
    for (const contract of sources) {
      const names = properties(schemaObject(contract)).map((p) => String(p.name));
      if (contract.path.startsWith('sources/erp/')) {
        const file = join(first, 'erp', `${String(schemaObject(contract).physicalName)}.csv`);
        const [header] = readFileSync(file, 'utf8').split('\n', 1);
        assert.equal(header, names.join(','), `${contract.path}: CSV header`);
      }
      const columns = await withDuckDb(async (connection) => {
        const reader = await connection.runAndReadAll(
          `DESCRIBE SELECT * FROM ${sourceRelation(contract, first)}`,
        );
        return reader.getRowObjectsJson().map((row) => text(row.column_name));
      });
      assert.deepEqual(columns, names, `${contract.path}: columns`);
    }
  });

  it('rejects bad flags with one line and exit status 2', async () => {
    const cases = [
      ['--scale', 'abc'],
      ['--scale', '0'],
      ['--scale', '1000'],
      ['--bogus'],
      ['extra'],
    ];
    const failures = await Promise.all(
      cases.map((args) =>
        generate(args).then(
          () => assert.fail(`${args.join(' ')} was accepted`),
          (error: { code?: number; stderr?: string }) => ({ args, ...error }),
        ),
      ),
    );
    for (const { args, code, stderr = '' } of failures) {
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^generate-demo-data: .+\nusage: /, args.join(' '));
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });

  describe('webshop.sql in a real PostgreSQL', () => {
    let server: TestPostgres;
    let database: TestDatabase;

    before(async () => {
      server = await startTestPostgres();
      database = await createTestDatabase(server.url);
    });
    after(async () => {
      await database?.drop();
      await server?.stop();
    });

    it('loads, with its keys, and holds what the Parquet files hold', async () => {
      const dump = readFileSync(join(first, 'webshop', 'webshop.sql'), 'utf8');
      await withClient(database.url, async (client) => {
        await runSqlScript(client, dump);
        const rows = async (sql: string): Promise<number> =>
          Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
        for (const table of WEBSHOP_TABLES) {
          const parquet = join(first, 'webshop', `${table.name}.parquet`);
          assert.equal(
            await rows(`SELECT count(*) AS n FROM public.${table.name}`),
            await count(`SELECT count(*) FROM read_parquet('${parquet}')`),
            table.name,
          );
        }
        // The dump's foreign keys hold (it would not have loaded otherwise); join along them.
        const constraints = await rows(
          "SELECT count(*) AS n FROM information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY' AND table_schema = 'public'",
        );
        assert.equal(constraints, 3);
        assert.equal(
          await rows(
            'SELECT count(*) AS n FROM order_lines l JOIN orders o USING (order_id) JOIN customers c USING (customer_id) JOIN products p USING (product_id)',
          ),
          await rows('SELECT count(*) AS n FROM order_lines'),
        );
        assert.equal(
          await rows(
            'SELECT count(*) AS n FROM orders o JOIN (SELECT order_id, sum(line_amount_eur) AS s FROM order_lines GROUP BY order_id) l USING (order_id) WHERE o.subtotal_eur <> l.s',
          ),
          0,
        );
        // Text survives the COPY format (umlauts, quotes in product names), and so do time stamps.
        const sample = await client.query<{ name: string }>(
          "SELECT name FROM products WHERE sku = 'AB-PRT-TUB'",
        );
        assert.equal(sample.rows[0]?.name, 'Inner Tube 29"');
        assert.ok(
          (await rows("SELECT count(*) AS n FROM customers WHERE last_name LIKE '%ü%'")) > 0,
        );
        const earliest = await client.query<{ t: string }>(
          "SELECT to_char(min(ordered_at) AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD') AS t FROM orders",
        );
        assert.equal(earliest.rows[0]?.t, '2024-11-01');
      });
    });
  });
});
