import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { slaEvaluateExecutor } from '../../src/app/sla/index.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { ApiFixture } from '../server/api-support.ts';
import { createApiFixture, getJson } from '../server/api-support.ts';
import { DAY_MS, serveSnapshot, writeSlaMesh } from './sla-mesh.ts';

type IncidentPage = {
  items: { id: string; productId: string; state: string; sla: string }[];
  next: string | null;
};

/** The API over a mesh whose product breaks its latency SLA, after a real evaluation. */
describe('GET /api/incidents and the incidents of the product and domain answers', () => {
  let root: string;
  let api: ApiFixture;
  let user: Record<string, string>;
  before(async () => {
    root = await writeSlaMesh();
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    api = await createApiFixture({ meshRoot: root });
    user = await api.signInAs('reader');
    const outcome = await slaEvaluateExecutor.run({ id: 'j1', kind: 'sla-evaluate' } as Job, {
      meshRoot: root,
      store: api.store,
      env: {},
      now: () => new Date(),
      signal: new AbortController().signal,
      events: { publish: () => Promise.resolve() },
    });
    assert.equal(outcome.state, 'succeeded');
    // A resolved incident of another product, to test the filters.
    await api.store.incidents.open({
      id: 'inc_old',
      productId: 'other',
      domain: 'finance',
      team: null,
      contractId: 'c',
      port: 'p',
      sla: 'frequency',
      kind: 'frequency',
      promised: 'frequency ≤ 1 d',
      observed: null,
      message: 'late',
      state: 'open',
      openedAt: '2026-01-01T00:00:00.000Z',
      resolvedAt: null,
      resolution: null,
    });
    await api.store.incidents.resolve('inc_old', '2026-01-02T00:00:00.000Z', 'met');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('lists incidents to any signed-in user, filtered by state, product and domain', async () => {
    const all = await getJson<IncidentPage>(api.app, '/api/incidents', user);
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.items.map((i) => i.productId),
      ['other', 'sales-orders'],
    );
    const open = await getJson<IncidentPage>(api.app, '/api/incidents?state=open', user);
    assert.deepEqual(
      open.body.items.map((i) => [i.productId, i.sla]),
      [['sales-orders', 'latency']],
    );
    const byProduct = await getJson<IncidentPage>(api.app, '/api/incidents?product=other', user);
    assert.deepEqual(
      byProduct.body.items.map((i) => i.id),
      ['inc_old'],
    );
    const byDomain = await getJson<IncidentPage>(api.app, '/api/incidents?domain=sales', user);
    assert.deepEqual(
      byDomain.body.items.map((i) => i.productId),
      ['sales-orders'],
    );
    const paged = await getJson<IncidentPage>(api.app, '/api/incidents?limit=1', user);
    assert.equal(paged.body.items.length, 1);
    assert.ok(paged.body.next);
  });

  it('refuses anonymous callers and bad filters', async () => {
    assert.equal((await api.app.request('/api/incidents')).status, 401);
    for (const query of [
      'state=closed',
      'limit=0',
      'limit=1000',
      `product=${'x'.repeat(300)}`,
      'cursor=%%%',
    ])
      assert.equal(
        (await api.app.request(`/api/incidents?${query}`, { headers: user })).status,
        400,
        query,
      );
  });

  it('shows the open incidents in the product and domain answers', async () => {
    const product = await getJson<{ incidents: { productId: string; state: string }[] }>(
      api.app,
      '/api/products/sales-orders',
      user,
    );
    assert.equal(product.status, 200);
    assert.deepEqual(
      product.body.incidents.map((i) => [i.productId, i.state]),
      [['sales-orders', 'open']],
    );
    const domain = await getJson<{ incidents: { productId: string }[] }>(
      api.app,
      '/api/domains/sales',
      user,
    );
    assert.equal(domain.status, 200);
    assert.deepEqual(
      domain.body.incidents.map((i) => i.productId),
      ['sales-orders'],
    );
    const other = await getJson<{ incidents: unknown[] }>(api.app, '/api/domains/sales', user);
    assert.equal(other.body.incidents.length, 1, 'a resolved incident is not in the answer');
  });

  it("evaluates the product's SLAs now: breached, met, and unknown with its reason", async () => {
    const res = await getJson<{
      timeZone: string;
      evaluations: { sla: string; state: string; reason: string | null; message: string }[];
    }>(api.app, '/api/products/sales-orders/slas', user);
    assert.equal(res.status, 200);
    assert.equal(res.body.timeZone, 'Europe/Berlin');
    assert.deepEqual(
      res.body.evaluations.map((e) => [e.sla, e.state, e.reason]),
      [
        ['latency', 'breached', null],
        ['frequency', 'met', null],
        ['no-element', 'unknown', 'no-element'],
      ],
    );
    assert.match(res.body.evaluations[2]!.message, /names no element/);
    assert.equal((await api.app.request('/api/products/nope/slas', { headers: user })).status, 404);
    assert.equal((await api.app.request('/api/products/sales-orders/slas')).status, 401);
  });
});

describe('GET /api/products/{id}/slas reads the served snapshot now, not the index', () => {
  let root: string;
  after(() => rm(root, { recursive: true, force: true }));

  it('judges frequency on a build made after the catalog was indexed', async () => {
    root = await writeSlaMesh([{ property: 'frequency', value: 1, unit: 'd' }]);
    await serveSnapshot(root, new Date(Date.now() - 3 * DAY_MS), new Date());
    const api = await createApiFixture({ meshRoot: root });
    const user = await api.signInAs('reader');
    await serveSnapshot(root, new Date(), new Date());
    const res = await getJson<{ evaluations: { state: string; observed: string | null }[] }>(
      api.app,
      '/api/products/sales-orders/slas',
      user,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.evaluations[0]?.state, 'met', JSON.stringify(res.body.evaluations));
  });
});
