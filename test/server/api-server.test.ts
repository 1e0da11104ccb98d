import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import type { ApiFixture } from './api-support.ts';
import { DEMO_MESH, createApiFixture, getJson } from './api-support.ts';

let f: ApiFixture;
let webRoot: string;
before(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'meshwork-web-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>portal</title>');
  await writeFile(join(webRoot, 'assets', 'app-1234.js'), 'console.log(1)');
  f = await createApiFixture({ webRoot });
});
after(async () => {
  await rm(webRoot, { recursive: true, force: true });
});

interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

/** The API routes the server core answers (the auth routes are tested with the auth seam). */
const CORE_ROUTES = [
  'get /health',
  'get /products',
  'get /products/{id}',
  'get /products/{id}/lineage',
  'get /domains',
  'get /domains/{name}',
  'get /incidents',
  'get /products/{id}/slas',
  'get /teams',
  'get /scorecards',
  'post /scorecards',
  'get /governance',
  'get /contracts/{id}',
  'get /contracts/{id}/runs',
  'get /runs/{id}',
  'post /runs',
  'post /sync',
  'put /catalog',
  'get /purposes',
  'post /access-requests',
  'get /access-requests',
  'post /access-requests/{id}/decision',
  'get /grants',
  'delete /grants/{id}',
  'post /grants/{id}/recertify',
  'post /access/sweep',
  'get /products/{id}/ports/{port}/data',
  'get /audit',
  'get /audit/verify',
  'get /privacy/record',
  'get /privacy/tasks',
  'get /jobs',
  'get /jobs/{id}',
  'post /jobs/{id}/cancel',
  'post /products/{id}/run',
  'get /products/{id}/jobs',
  'post /privacy/tasks/{id}/done',
  'get /canvas/options',
  'post /canvas/draft',
  'post /canvas/commit',
  'get /dashboard',

  'get /subscriptions',
  'post /subscriptions',
  'delete /subscriptions/{id}',
  'post /subscriptions/{id}/test',
  'get /notifications/deliveries',
];

const PUBLIC = new Set([
  '/health',
  '/auth/login',
  '/auth/config',
  '/auth/oidc/login',
  '/auth/oidc/callback',
]);

describe('the OpenAPI document', () => {
  test('is an OpenAPI 3 document covering every route, each with its responses', async () => {
    const { status, body } = await getJson<OpenApi>(f.app, '/api/openapi.json', f.admin);
    assert.equal(status, 200);
    assert.match(body.openapi, /^3\.\d+\.\d+$/);
    assert.equal(body.info.title, 'Meshwork API');
    const documented = Object.entries(body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    for (const route of CORE_ROUTES)
      assert.ok(documented.includes(route), `${route} is documented`);
    for (const route of ['post /auth/login', 'get /auth/me', 'get /tokens', 'get /users'])
      assert.ok(documented.includes(route), `${route} (auth seam) is documented`);
    for (const [path, ops] of Object.entries(body.paths))
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses);
        assert.ok(
          codes.some((code) => /^[23]\d\d$/.test(code)),
          `${method} ${path} has a success response`,
        );
        if (CORE_ROUTES.includes(`${method} ${path}`) && !PUBLIC.has(path))
          assert.ok(codes.includes('401'), `${method} ${path} documents 401`);
      }
    const refs = JSON.stringify(body).match(/#\/components\/schemas\/[A-Za-z0-9_]+/g) ?? [];
    for (const ref of new Set(refs))
      assert.ok(body.components.schemas[ref.split('/').pop()!], `${ref} resolves`);
  });
});

describe('authentication', () => {
  test('every documented route but health and sign-in refuses an anonymous call with 401', async () => {
    const { body } = await getJson<OpenApi>(f.app, '/api/openapi.json', f.admin);
    let checked = 0;
    for (const [path, ops] of Object.entries(body.paths)) {
      for (const method of Object.keys(ops)) {
        const url = `/api${path.replaceAll(/\{[^}]+\}/g, 'x')}`;
        const res = await f.app.request(url, {
          method: method.toUpperCase(),
          ...(method === 'get'
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: '{}' }),
        });
        if (PUBLIC.has(path)) {
          assert.notEqual(res.status, 401, `${method} ${path} is public`);
          continue;
        }
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
        checked++;
      }
    }
    assert.ok(checked >= CORE_ROUTES.length - 1);
    const doc = await f.app.request('/api/openapi.json');
    assert.equal(doc.status, 401);
  });

  test('health answers without a session', async () => {
    const { status, body } = await getJson(f.app, '/api/health', {});
    assert.equal(status, 200);
    assert.equal(body.status, 'ok');
    assert.equal(typeof body.version, 'string');
  });

  test('an unknown API path is a 404 problem, not the portal', async () => {
    const res = await f.app.request('/api/nothing-here', { headers: f.admin });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
  });
});

const RUN = {
  status: 'failed',
  startedAt: '2026-11-20T03:00:00.000Z',
  durationMs: 42,
  checks: [
    {
      id: 'orders.order_id.unique',
      schema: 'orders',
      property: 'order_id',
      kind: 'unique',
      status: 'passed',
      value: 0,
      threshold: { operator: 'mustBe', value: 0 },
      message: 'ok',
      samples: [],
    },
    {
      id: 'orders.rowCount',
      schema: 'orders',
      property: null,
      kind: 'rowCount',
      status: 'failed',
      value: 0,
      threshold: { operator: 'mustBeGreaterThan', value: 0 },
      message: 'empty',
      samples: [{ order_id: 1 }],
    },
  ],
};

describe('runs', () => {
  test('a reported run is stored, listed per contract and changes the product’s quality', async () => {
    // Read first, so the answers below must not come from the routes' caches.
    const before = await f.app.request('/api/products/sales-orders', { headers: f.admin });
    const searchedBefore = await getJson<{ items: { id: string; quality: { status: string } }[] }>(
      f.app,
      '/api/products?q=orders',
      f.admin,
    );
    assert.notEqual(
      searchedBefore.body.items.find((p) => p.id === 'sales-orders')?.quality.status,
      'failed',
    );
    const res = await f.app.request('/api/runs', {
      method: 'POST',
      headers: { ...f.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ contractId: 'sales-orders-v1', server: 'warehouse', run: RUN }),
    });
    assert.equal(res.status, 201);
    const stored = (await res.json()) as {
      id: string;
      productId: string;
      port: string;
      reportedBy: string;
    };
    assert.equal(stored.productId, 'sales-orders');
    assert.equal(stored.port, 'orders');
    assert.equal(stored.reportedBy, 'admin');
    const one = await getJson<{ run: { checks: unknown[] } }>(
      f.app,
      `/api/runs/${stored.id}`,
      f.admin,
    );
    assert.equal(one.body.run.checks.length, 2);
    const list = await getJson<{ items: { id: string }[] }>(
      f.app,
      '/api/contracts/sales-orders-v1/runs',
      f.admin,
    );
    assert.deepEqual(
      list.body.items.map((r) => r.id),
      [stored.id],
    );
    const product = await getJson<{
      product: { quality: { status: string; failed: number; passed: number } };
      qualityTrend: { runId: string; failed: number }[];
    }>(f.app, '/api/products/sales-orders', f.admin);
    assert.deepEqual(product.body.product.quality.status, 'failed');
    assert.equal(product.body.product.quality.failed, 1);
    assert.deepEqual(
      product.body.qualityTrend.map((t) => t.runId),
      [stored.id],
    );
    assert.notEqual(product.headers.get('etag'), before.headers.get('etag'));
    const searched = await getJson<{ items: { id: string; quality: { status: string } }[] }>(
      f.app,
      '/api/products?q=orders',
      f.admin,
    );
    assert.equal(
      searched.body.items.find((p) => p.id === 'sales-orders')?.quality.status,
      'failed',
    );
    assert.equal((await f.app.request('/api/runs/nope', { headers: f.admin })).status, 404);
  });

  test('only the owners and members of the contract’s domain (or an admin) may report', async () => {
    const outsider = await f.signInAs('mweber'); // owns sales-team, not marketing
    const post = (headers: Record<string, string>, contractId: string) =>
      f.app.request('/api/runs', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ contractId, run: RUN }),
      });
    assert.equal((await post(outsider, 'marketing-customer-360-v1')).status, 403);
    assert.equal((await post(outsider, 'sales-orders-v1')).status, 201);
    // A source system's contract: the domains reading it may report (sales reads the webshop).
    assert.equal((await post(outsider, 'webshop-orders-v1')).status, 201);
    const finance = await f.signInAs('tbauer');
    assert.equal((await post(finance, 'webshop-orders-v1')).status, 403);
    const bad = await f.app.request('/api/runs', {
      method: 'POST',
      headers: { ...f.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ contractId: 'sales-orders-v1', run: { status: 'nonsense' } }),
    });
    assert.equal(bad.status, 400);
  });
});

describe('scorecards', () => {
  test('admin records a scorecard; the list and the domain’s trend show it', async () => {
    const card = f.catalog.current.scorecard;
    assert.ok(card);
    const user = await f.signInAs('lschuster');
    const post = (headers: Record<string, string>) =>
      f.app.request('/api/scorecards', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ scorecard: card }),
      });
    assert.equal((await post(user)).status, 403);
    assert.equal((await post(f.admin)).status, 201);
    const list = await getJson<{ items: { scorecard: { domains: { name: string }[] } }[] }>(
      f.app,
      '/api/scorecards?domain=sales',
      f.admin,
    );
    assert.equal(list.body.items.length, 1);
    assert.deepEqual(
      list.body.items[0]!.scorecard.domains.map((d) => d.name),
      ['sales'],
    );
    const domain = await getJson<{ scorecardTrend: { share: number }[] }>(
      f.app,
      '/api/domains/sales',
      f.admin,
    );
    assert.equal(domain.body.scorecardTrend.length, 1);
  });
});

describe('sync and publish', () => {
  test('POST /api/sync re-indexes for admin and governance only', async () => {
    const user = await f.signInAs('jhuber');
    const refused = await f.app.request('/api/sync', { method: 'POST', headers: user });
    assert.equal(refused.status, 403);
    const res = await f.app.request('/api/sync', { method: 'POST', headers: f.admin });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { products: number; revision: string };
    assert.equal(body.products, f.catalog.current.products.length);
  });

  test('PUT /api/catalog serves the pushed mesh and keeps it in the store', async () => {
    const pushed = await createApiFixture({ meshRoot: null });
    const empty = await getJson<{ total: number }>(pushed.app, '/api/products', pushed.admin);
    assert.equal(empty.body.total, 0);
    const texts = (await readMeshTexts(DEMO_MESH)).filter(
      (t) => !t.path.startsWith('domains/marketing/'),
    );
    const res = await pushed.app.request('/api/catalog', {
      method: 'PUT',
      headers: { ...pushed.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents: texts }),
    });
    assert.equal(res.status, 200);
    const after = await getJson<{ total: number; facets: { domain: { value: string }[] } }>(
      pushed.app,
      '/api/products',
      pushed.admin,
    );
    assert.ok(after.body.total > 0);
    assert.ok(!after.body.facets.domain.some((d) => d.value === 'marketing'));
    const stored = await pushed.store.catalog.current();
    assert.equal(stored?.documents.length, texts.length);
    assert.equal(stored?.source, 'publish by admin');
    const unsafe = await pushed.app.request('/api/catalog', {
      method: 'PUT',
      headers: { ...pushed.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ path: '../etc/passwd', text: '' }] }),
    });
    assert.equal(unsafe.status, 400);
  });
});

describe('the portal', () => {
  test('serves files of web/dist and index.html for the portal’s own routes', async () => {
    const deep = await f.app.request('/products/sales-orders');
    assert.equal(deep.status, 200);
    assert.match(await deep.text(), /portal/);
    assert.ok(deep.headers.get('content-security-policy'), 'security headers are set');
    const asset = await f.app.request('/assets/app-1234.js');
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await f.app.request('/assets/missing.js')).status, 404);
    const escape = await f.app.request('/%2e%2e/%2e%2e/%2e%2e/etc/passwd');
    assert.doesNotMatch(await escape.text(), /root:/);
  });
});
