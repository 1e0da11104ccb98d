import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { contractServings, warehouseServing } from '../../src/app/catalog/port-usage.ts';
import { builtinPolicyTexts } from '../../src/app/governance/builtin/policy-texts.ts';
import type { StoredRun } from '../../src/app/store/store.ts';
import type { ApiFixture } from './api-support.ts';
import { createApiFixture, getJson } from './api-support.ts';

let f: ApiFixture;
before(async () => {
  f = await createApiFixture();
});

const get = <T>(path: string) => getJson<T>(f.app, path, f.admin);

function run(id: string, startedAt: string, statuses: string[]): StoredRun {
  return {
    id,
    contractId: 'sales-orders-v1',
    productId: 'sales-orders',
    port: 'orders',
    server: 'warehouse',
    reportedBy: 'cli',
    run: {
      status: statuses.includes('error')
        ? 'error'
        : statuses.includes('failed')
          ? 'failed'
          : 'passed',
      startedAt,
      durationMs: 3,
      trigger: 'build',
      evidence: {
        server: { name: 'warehouse', type: 'local', location: 'orders.parquet' },
        passedOver: [],
      },
      checks: statuses.map((status, i) => ({
        id: `orders.check${i}`,
        schema: 'orders',
        property: 'order_id',
        kind: 'unique',
        status: status as 'passed' | 'failed' | 'error',
        value: i,
        threshold: { operator: 'mustBe', value: 0 },
        message: `check ${i}`,
        samples: [],
      })),
    },
  };
}

describe('GET /api/domains/{name}/failing-checks', () => {
  test('lists the failed and erroneous checks of the latest run per contract only', async () => {
    await f.store.runs.record(run('old', '2026-01-01T00:00:00.000Z', ['failed', 'failed']));
    await f.store.runs.record(
      run('new', '2026-01-02T00:00:00.000Z', ['passed', 'failed', 'error']),
    );
    const { status, body } = await get<{
      items: { runId: string; trigger: string | null; checks: { status: string }[] }[];
    }>('/api/domains/sales/failing-checks');
    assert.equal(status, 200);
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0]!.runId, 'new');
    assert.equal(body.items[0]!.trigger, 'build');
    assert.deepEqual(
      body.items[0]!.checks.map((k) => k.status),
      ['failed', 'error'],
    );
    const run404 = await get('/api/domains/no-such/failing-checks');
    assert.equal(run404.status, 404);
  });

  test("a product's quality trend counts errors apart from failed checks", async () => {
    const { body } = await get<{
      qualityTrend: { runId: string; failed: number; errors: number; passed: number }[];
    }>('/api/products/sales-orders');
    const point = body.qualityTrend.find((p) => p.runId === 'new');
    assert.deepEqual(
      { passed: point?.passed, failed: point?.failed, errors: point?.errors },
      { passed: 1, failed: 1, errors: 1 },
    );
  });

  test('GET /api/runs/{id} passes the evidence and the trigger through', async () => {
    const { body } = await get<{ run: { evidence?: { server: { name: string } } } }>(
      '/api/runs/new',
    );
    assert.equal(body.run.evidence?.server.name, 'warehouse');
  });
});

describe('GET /api/contracts/{id}/yaml', () => {
  test('answers the contract file as a YAML download', async () => {
    const res = await f.app.request('/api/contracts/sales-orders-v1/yaml', { headers: f.admin });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/yaml/);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="orders.odcs.yaml"');
    const text = await res.text();
    assert.equal(text, f.catalog.current.contracts.get('sales-orders-v1')!.yaml);
    assert.match(text, /^id: sales-orders-v1$/m);
    const missing = await f.app.request('/api/contracts/nope/yaml', { headers: f.admin });
    assert.equal(missing.status, 404);
  });
});

describe('GET /api/products/{id}/usage', () => {
  test('names the warehouse Parquet file of each output port, resolved from the contract', async () => {
    const { status, body } = await get<{
      items: {
        port: string;
        servings: { server: string; format: string; objects: { location: string }[] }[];
      }[];
    }>('/api/products/sales-orders/usage');
    assert.equal(status, 200);
    const orders = body.items.find((p) => p.port === 'orders');
    assert.ok(orders);
    assert.deepEqual(orders.servings[0], {
      server: 'warehouse',
      type: 'local',
      format: 'parquet',
      objects: [
        {
          name: 'orders',
          location: '.meshwork/warehouse/sales/sales-orders/orders/current/orders.parquet',
        },
      ],
      connection: null,
    });
  });

  test("names the file the build writes: the object's name (not its physicalName), else the port", () => {
    const contract = { schema: [{ name: 'orders', physicalName: 'orders_v1' }] };
    assert.equal(
      warehouseServing('sales/sales-orders', 'orders-port', contract).objects[0]!.location,
      '.meshwork/warehouse/sales/sales-orders/orders-port/current/orders.parquet',
    );
    assert.equal(
      warehouseServing('sales/sales-orders', 'orders-port', { schema: [] }).objects[0]!.location,
      '.meshwork/warehouse/sales/sales-orders/orders-port/current/orders-port.parquet',
    );
  });

  test('names the PostgreSQL table and connection of a server, never a credential', () => {
    const servings = contractServings(
      {
        schema: [{ name: 'orders', physicalName: 'orders_v1' }],
        servers: [
          {
            server: 'dwh',
            type: 'postgresql',
            host: 'db.example',
            port: 5432,
            database: 'sales',
            schema: 'mart',
          },
        ],
      },
      'domains/sales/sales-orders/orders.odcs.yaml',
    );
    assert.deepEqual(servings, [
      {
        server: 'dwh',
        type: 'postgresql',
        format: 'postgresql',
        objects: [{ name: 'orders', location: 'mart.orders_v1' }],
        connection: { host: 'db.example', port: '5432', database: 'sales' },
      },
    ]);
  });
});

describe('GET /api/governance/texts', () => {
  test('answers the German texts of the built-in policies; another language is a 400', async () => {
    const { status, body } = await get<{ policies: Record<string, { title: string }> }>(
      '/api/governance/texts?lang=de',
    );
    assert.equal(status, 200);
    assert.equal(body.policies['support-channel']?.title, 'Es gibt einen Supportkanal');
    assert.equal((await get('/api/governance/texts?lang=fr')).status, 400);
  });

  test('every built-in policy has its German text, and no text is stale', async () => {
    const folder = join(import.meta.dirname, '../../src/app/governance/builtin');
    const ids = (await readdir(folder))
      .filter((n) => n.endsWith('.policy.yaml'))
      .map((n) => n.replace('.policy.yaml', ''))
      .sort();
    assert.deepEqual(Object.keys(builtinPolicyTexts('de')).sort(), ids);
  });
});
