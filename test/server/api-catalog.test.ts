import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ApiFixture } from './api-support.ts';
import { createApiFixture, getJson } from './api-support.ts';

interface Summary {
  id: string;
  name: string;
  domain: string;
  status: string;
  tags: string[];
  consumers: number;
  quality: { status: string };
  freshness: { status: string };
}
interface FacetCount {
  value: string;
  count: number;
}
interface ProductPage {
  items: Summary[];
  total: number;
  next: string | null;
  facets: Record<'domain' | 'status' | 'tag' | 'classification', FacetCount[]>;
}

let f: ApiFixture;
before(async () => {
  f = await createApiFixture();
});

const get = <T>(path: string) => getJson<T>(f.app, path, f.admin);

describe('GET /api/products', () => {
  test('lists every product of the demo mesh with facets that add up', async () => {
    const { status, body } = await get<ProductPage>('/api/products?limit=200');
    assert.equal(status, 200);
    assert.equal(body.total, f.catalog.current.products.length);
    assert.equal(body.items.length, body.total);
    assert.equal(body.next, null);
    for (const facet of ['domain', 'status'] as const)
      assert.equal(
        body.facets[facet].reduce((n, c) => n + c.count, 0),
        body.total,
        `${facet} counts add up`,
      );
    const names = body.items.map((p) => p.name);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
  });

  test('searches names, descriptions, column names and tags', async () => {
    const byName = await get<ProductPage>('/api/products?q=customer%20360');
    assert.equal(byName.body.items[0]?.id, 'marketing-customer-360');
    // shipping_postal_code is a column of sales-orders only.
    const byColumn = await get<ProductPage>('/api/products?q=shipping_postal_code');
    assert.ok(byColumn.body.items.some((p) => p.id === 'sales-orders'));
    const byTag = await get<ProductPage>('/api/products?q=kpi');
    assert.ok(byTag.body.items.some((p) => p.id === 'sales-daily-sales'));
    const byPrefix = await get<ProductPage>('/api/products?q=invoi');
    assert.ok(byPrefix.body.items.some((p) => p.id === 'finance-invoices'));
    const none = await get<ProductPage>('/api/products?q=zzzznothing');
    assert.equal(none.body.total, 0);
    assert.deepEqual(none.body.items, []);
  });

  test('filters by facet; a facet’s own counts still show the other values', async () => {
    const all = await get<ProductPage>('/api/products?limit=200');
    const finance = await get<ProductPage>('/api/products?domain=finance&limit=200');
    assert.ok(finance.body.total > 0);
    assert.ok(finance.body.items.every((p) => p.domain === 'finance'));
    assert.deepEqual(finance.body.facets.domain, all.body.facets.domain);
    const twoDomains = await get<ProductPage>('/api/products?domain=finance,sales&limit=200');
    const expected = all.body.items.filter((p) => ['finance', 'sales'].includes(p.domain)).length;
    assert.equal(twoDomains.body.total, expected);
    const restricted = await get<ProductPage>('/api/products?classification=restricted&limit=200');
    assert.ok(restricted.body.total > 0 && restricted.body.total < all.body.total);
    const draft = await get<ProductPage>('/api/products?status=draft');
    assert.ok(draft.body.items.every((p) => p.status === 'draft'));
  });

  test('pages with an opaque cursor; a cursor it did not give out is a 400 problem', async () => {
    const first = await get<ProductPage>('/api/products?limit=4');
    assert.equal(first.body.items.length, 4);
    assert.ok(first.body.next);
    const second = await get<ProductPage>(`/api/products?limit=4&cursor=${first.body.next}`);
    assert.equal(second.body.total, first.body.total);
    const ids = new Set(first.body.items.map((p) => p.id));
    assert.ok(second.body.items.every((p) => !ids.has(p.id)));
    const bad = await f.app.request('/api/products?cursor=nonsense', { headers: f.admin });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    const tooMany = await f.app.request('/api/products?limit=100000', { headers: f.admin });
    assert.equal(tooMany.status, 400);
  });
});

describe('GET /api/products/{id}', () => {
  test('confidential revenue figures are no PII: no pii flag', async () => {
    const { status, body } = await get<{
      product: {
        outputPorts: {
          contract: {
            schema: { properties: { name: string; classification?: string; pii: boolean }[] }[];
          } | null;
        }[];
      };
    }>('/api/products/finance-revenue-reporting');
    assert.equal(status, 200);
    const properties = body.product.outputPorts.flatMap(
      (p) => p.contract?.schema.flatMap((o) => o.properties) ?? [],
    );
    const revenue = properties.find((p) => p.name === 'net_revenue_eur');
    assert.equal(revenue?.classification, 'confidential');
    assert.equal(revenue?.pii, false);
    assert.ok(
      properties.every((p) => !p.pii),
      'no column of the revenue report is personal',
    );
  });

  test('answers ports, contract schema with PII flags, sources and SLAs', async () => {
    const { status, body } = await get<{
      product: {
        id: string;
        inputPorts: { name: string; from: { kind: string; id: string } | null }[];
        outputPorts: {
          name: string;
          contract: { schema: { properties: { name: string; pii: boolean }[] }[] } | null;
        }[];
        support: unknown[];
        team: { members: unknown[] } | null;
      };
      findings: unknown[];
      qualityTrend: unknown[];
      sla: { property: string; status: string }[];
    }>('/api/products/sales-orders');
    assert.equal(status, 200);
    assert.equal(body.product.id, 'sales-orders');
    assert.deepEqual(
      body.product.inputPorts.map((p) => p.from?.kind),
      ['source', 'source'],
    );
    const orders = body.product.outputPorts.find((p) => p.name === 'orders');
    const properties = orders?.contract?.schema[0]?.properties ?? [];
    assert.equal(properties.find((p) => p.name === 'shipping_postal_code')?.pii, true);
    assert.equal(properties.find((p) => p.name === 'order_id')?.pii, false);
    assert.ok(body.product.support.length > 0);
    assert.ok((body.product.team?.members.length ?? 0) > 0);
    const latency = body.sla.find((s) => s.property === 'latency');
    assert.ok(latency && latency.status !== 'declared');
    assert.ok(body.sla.some((s) => s.property === 'retention' && s.status === 'declared'));
  });

  test('a product reading another product names it as the origin of the port', async () => {
    const { body } = await get<{
      product: { inputPorts: { from: { kind: string; id: string } | null }[] };
    }>('/api/products/sales-daily-sales');
    assert.ok(
      body.product.inputPorts.some(
        (p) => p.from?.kind === 'product' && p.from.id === 'sales-orders',
      ),
    );
  });

  test('an unknown product is a 404 problem', async () => {
    const res = await f.app.request('/api/products/nope', { headers: f.admin });
    assert.equal(res.status, 404);
    const problem = (await res.json()) as Record<string, unknown>;
    assert.equal(problem.status, 404);
    assert.equal(problem.instance, '/api/products/nope');
    assert.match(String(problem.detail), /nope/);
  });
});

describe('GET /api/products/{id}/lineage', () => {
  type Graph = { nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[] };

  test('walks up to sources and down to consumers, as deep as asked', async () => {
    const up = await get<Graph>(
      '/api/products/sales-daily-sales/lineage?direction=upstream&depth=1',
    );
    assert.ok(up.body.edges.every((e) => e.to === 'sales-daily-sales'));
    assert.ok(up.body.nodes.some((n) => n.id === 'sales-orders'));
    assert.ok(!up.body.nodes.some((n) => n.kind === 'source'));
    const deep = await get<Graph>(
      '/api/products/sales-daily-sales/lineage?direction=upstream&depth=5',
    );
    assert.ok(deep.body.nodes.some((n) => n.kind === 'source'));
    assert.ok(deep.body.edges.length > up.body.edges.length);

    const down = await get<Graph>(
      '/api/products/sales-orders/lineage?direction=downstream&depth=1',
    );
    assert.ok(down.body.edges.length > 0);
    assert.ok(down.body.edges.every((e) => e.from === 'sales-orders'));
    const both = await get<Graph>('/api/products/sales-orders/lineage?direction=both&depth=1');
    assert.ok(both.body.edges.some((e) => e.to === 'sales-orders'));
    assert.ok(both.body.edges.some((e) => e.from === 'sales-orders'));
    for (const e of both.body.edges)
      assert.ok(
        both.body.nodes.some((n) => n.id === e.from) && both.body.nodes.some((n) => n.id === e.to),
      );
  });

  test('names the teams with an active grant on the products of the graph, not the ended ones', async () => {
    const base = {
      requestId: 'r',
      consumerDomain: 'finance',
      columns: null,
      personalInClear: false,
      startsAt: '2026-12-01T00:00:00.000Z',
      endsAt: '2027-03-01T00:00:00.000Z',
      certifiedAt: '2026-12-01T00:00:00.000Z',
      endedAt: null,
      endedBy: null,
      provisioning: [],
      remindedAt: null,
    };
    await f.store.grants.create({
      ...base,
      id: 'lineage-g1',
      productId: 'sales-orders',
      port: 'orders',
      consumerTeam: 'finance-team',
      purpose: 'reporting',
      state: 'active',
    });
    await f.store.grants.create({
      ...base,
      id: 'lineage-g2',
      productId: 'sales-orders',
      port: 'orders',
      consumerTeam: 'marketing-team',
      purpose: 'newsletter',
      state: 'revoked',
    });
    type WithConsumers = { consumers: { product: string; team: string; purpose: string }[] };
    const graph = await get<WithConsumers>('/api/products/sales-orders/lineage?depth=1');
    assert.deepEqual(
      graph.body.consumers.map((c) => [c.product, c.team, c.purpose]),
      [['sales-orders', 'finance-team', 'reporting']],
    );
    const elsewhere = await get<WithConsumers>(
      '/api/products/production-inventory/lineage?direction=upstream&depth=1',
    );
    assert.deepEqual(elsewhere.body.consumers, []);
  });

  test('refuses a depth that is not a number with a 400 problem', async () => {
    const res = await f.app.request('/api/products/sales-orders/lineage?depth=abc', {
      headers: f.admin,
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
  });
});

describe('domains, teams, governance, contracts', () => {
  test('domains list and detail', async () => {
    const list = await get<{ items: { name: string; products: number }[]; total: number }>(
      '/api/domains',
    );
    assert.deepEqual(
      list.body.items.map((d) => d.name),
      ['finance', 'marketing', 'production-logistics', 'sales'],
    );
    assert.equal(
      list.body.items.reduce((n, d) => n + d.products, 0),
      f.catalog.current.products.length,
    );
    const sales = await get<{ teams: { name: string }[]; products: { domain: string }[] }>(
      '/api/domains/sales',
    );
    assert.deepEqual(
      sales.body.teams.map((t) => t.name),
      ['sales-team', 'ecommerce-team'],
    );
    assert.ok(sales.body.products.every((p) => p.domain === 'sales'));
    assert.equal((await f.app.request('/api/domains/nope', { headers: f.admin })).status, 404);
    const teams = await get<{ items: { name: string; members: unknown[] }[] }>(
      '/api/teams?limit=100',
    );
    assert.ok(teams.body.items.some((t) => t.name === 'ecommerce-team' && t.members.length === 2));
  });

  test('governance shows policies, adaptations and the demo’s deliberate violation', async () => {
    const { body } = await get<{
      policies: { id: string; scope: string }[];
      adaptations: { domain: string; valid: boolean }[];
      findings: { policy?: string; severity: string }[];
    }>('/api/governance');
    assert.ok(body.policies.some((p) => p.scope === 'global'));
    assert.ok(body.adaptations.some((a) => a.domain === 'production-logistics' && a.valid));
    assert.ok(body.findings.some((x) => x.policy !== undefined && x.severity === 'warning'));
  });

  test('a contract as YAML text and parsed', async () => {
    const { status, body } = await get<{
      id: string;
      file: string;
      yaml: string;
      contract: { id: string };
    }>('/api/contracts/sales-orders-v1');
    assert.equal(status, 200);
    assert.equal(body.file, 'domains/sales/sales-orders/orders.odcs.yaml');
    assert.match(body.yaml, /^apiVersion: v3/);
    assert.equal(body.contract.id, 'sales-orders-v1');
    assert.equal((await f.app.request('/api/contracts/nope', { headers: f.admin })).status, 404);
  });
});

describe('ETags', () => {
  test('a repeated GET with If-None-Match is a 304 without a body', async () => {
    const first = await f.app.request('/api/products/sales-orders', { headers: f.admin });
    const tag = first.headers.get('etag');
    assert.ok(tag);
    const again = await f.app.request('/api/products/sales-orders', {
      headers: { ...f.admin, 'if-none-match': tag },
    });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const other = await f.app.request('/api/products/sales-customers', {
      headers: { ...f.admin, 'if-none-match': tag },
    });
    assert.equal(other.status, 200);
  });
});
