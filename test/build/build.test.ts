import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BuildReport, BuildRequest } from '../../src/app/build/build-mesh.ts';
import { buildMesh } from '../../src/app/build/build-mesh.ts';
import type { BuildTestRun, ContractTester } from '../../src/app/build/contract-tests.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createDuckDbSession, quoteLiteral } from '../../src/engines/duckdb/session.ts';
import { ORDERS_CSV, createTestMesh } from './support.ts';
import type { TestMesh } from './support.ts';

const passing: ContractTester = () =>
  Promise.resolve({ status: 'passed', checks: [{ status: 'passed', id: 'rows' }] });

let parser: DuckDbSqlParser;
before(async () => {
  parser = await createDuckDbSqlParser();
});
after(() => parser.close());

function build(mesh: TestMesh, extra: Partial<BuildRequest> = {}): Promise<BuildReport> {
  return buildMesh({
    meshRoot: mesh.root,
    products: [],
    parallel: 2,
    keep: 3,
    env: {},
    test: passing,
    sqlParser: parser,
    ...extra,
  });
}

function portDir(mesh: TestMesh, path: string): string {
  return join(mesh.root, '.meshwork', 'warehouse', path);
}

function snapshots(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /^\d{8}T/.test(n))
    .sort();
}

async function readRows(file: string): Promise<Record<string, unknown>[]> {
  const session = await createDuckDbSession({ threads: 1 });
  try {
    const connection = await session.connect();
    return await connection.rows(`SELECT * FROM read_parquet(${quoteLiteral(file)}) ORDER BY ALL`);
  } finally {
    session.close();
  }
}

/** Revenue per day computed from the CSV the source serves, to compare with the build. */
function expectedRevenue(csv: string): Map<string, number> {
  const revenue = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [, , amount, date] = line.split(',');
    revenue.set(date!, (revenue.get(date!) ?? 0) + Number(amount));
  }
  return revenue;
}

describe('meshwork build', () => {
  it('builds the mesh in order and serves each port through current/', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const report = await build(mesh);
    assert.equal(report.status, 'passed', JSON.stringify(report, null, 2));
    assert.deepEqual(
      report.products.map((p) => [p.product, p.status]),
      [
        ['sales/orders', 'published'],
        ['marketing/segments', 'published'],
        ['sales/revenue', 'published'],
      ],
    );
    // The path the contract's local server names, exactly as a reader resolves it.
    const rows = await readRows(
      join(portDir(mesh, 'sales/revenue/daily'), 'current', 'daily_revenue.parquet'),
    );
    const expected = expectedRevenue(ORDERS_CSV);
    assert.equal(rows.length, expected.size);
    for (const row of rows) assert.equal(Number(row.revenue), expected.get(String(row.order_date)));
    const segments = await readRows(
      join(portDir(mesh, 'marketing/segments/segments'), 'current', 'segments.parquet'),
    );
    assert.deepEqual(
      segments.map((r) => r.segment),
      ['loyal', 'new', 'new'],
    );
  });

  it('keeps the newest snapshots up to --keep and never a temp folder', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const dir = portDir(mesh, 'sales/orders/orders');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const report = await build(mesh, { products: ['sales/orders'], keep: 2 });
      assert.equal(report.status, 'passed');
      const first = report.products[0]!;
      assert.ok(first.status === 'published');
      ids.push(first.ports[0]!.snapshot);
    }
    assert.deepEqual(snapshots(dir), ids.slice(1));
    assert.equal(readlinkSync(join(dir, 'current')), ids[2]);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith('.')),
      [],
    );
  });

  it('does not publish a product whose tests fail; the previous snapshot stays served', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    assert.equal((await build(mesh)).status, 'passed');
    const dir = portDir(mesh, 'sales/revenue/daily');
    const before = readlinkSync(join(dir, 'current'));
    const seen: string[] = [];
    const failRevenue: ContractTester = (request) => {
      seen.push(...Object.values(request.relationOverride ?? {}));
      const failed: BuildTestRun = {
        status: 'failed',
        checks: [{ status: 'failed', id: 'revenue-positive', message: 'revenue must be positive' }],
      };
      return Promise.resolve(
        request.contractFile.endsWith('revenue.odcs.yaml')
          ? failed
          : { status: 'warning', checks: [{ status: 'warning', id: 'w' }] },
      );
    };
    mesh.write('data/orders.csv', ORDERS_CSV + '\n5,13,1.00,2026-01-04\n');
    const report = await build(mesh, { test: failRevenue });
    assert.equal(report.status, 'failed');
    const revenue = report.products.find((p) => p.product === 'sales/revenue')!;
    assert.equal(revenue.status, 'failed');
    assert.match(revenue.message ?? '', /not published/);
    // Warnings do not stop a product.
    assert.equal(report.products.find((p) => p.product === 'sales/orders')!.status, 'published');
    // The tests ran on the new files, before publishing.
    assert.ok(
      seen.every((file) => file.includes('/.tmp-')),
      seen.join(', '),
    );
    assert.equal(readlinkSync(join(dir, 'current')), before);
    assert.deepEqual(snapshots(dir), [before]);
    assert.deepEqual(readdirSync(dir).sort(), [before, 'current']);
    const rows = await readRows(join(dir, 'current', 'daily_revenue.parquet'));
    assert.equal(rows.length, expectedRevenue(ORDERS_CSV).size);
  });

  it('reports a broken transform as an error, builds the rest and skips what is downstream', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    mesh.write(
      'domains/sales/orders/transform.sql',
      '-- port: orders\nSELECT nope FROM raw\n-- port: customers\nSELECT 1 AS customer_id, 2 AS orders\n',
    );
    const report = await build(mesh);
    assert.equal(report.status, 'error');
    const byProduct = new Map(report.products.map((p) => [p.product, p]));
    assert.equal(byProduct.get('sales/orders')!.status, 'error');
    assert.match(byProduct.get('sales/orders')!.message ?? '', /nope/);
    assert.equal(byProduct.get('sales/revenue')!.status, 'skipped');
    assert.equal(byProduct.get('marketing/segments')!.status, 'skipped');
    assert.equal(existsSync(portDir(mesh, 'sales/orders/customers/current')), false);
    for (const port of ['orders', 'customers']) {
      const dir = portDir(mesh, `sales/orders/${port}`);
      assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], [], port);
    }
  });

  it('names a missing port section and an upstream without a snapshot', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const report = await build(mesh, { products: ['sales-revenue-product'] });
    assert.equal(report.products[0]!.status, 'error');
    assert.match(
      report.products[0]!.message ?? '',
      /sales\/orders, which has no published snapshot yet; build it first/,
    );
    mesh.write('domains/sales/orders/transform.sql', '-- port: orders\nSELECT * FROM raw\n');
    const second = await build(mesh, { products: ['sales/orders'] });
    assert.match(second.products[0]!.message ?? '', /no "-- port: customers" section/);
  });

  it('refuses to build a mesh that does not validate', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    mesh.write('domains/sales/revenue/product.odps.yaml', {
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: 'x',
      domain: 'sales',
      status: 'active',
      inputPorts: [{ name: 'a', version: '1', contractId: 'missing' }],
    });
    const report = await build(mesh);
    assert.equal(report.status, 'error');
    assert.ok(
      report.findings.some((f) => f.code === 'unknown-contract'),
      JSON.stringify(report.findings),
    );
    assert.equal(existsSync(join(mesh.root, '.meshwork')), false);
  });
});
