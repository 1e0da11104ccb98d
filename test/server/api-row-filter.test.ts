import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, Grant } from '../../src/core/access/model.ts';
import type { AccessFixture } from './access-support.ts';
import { PORT, PRODUCT, call, createAccessFixture, requestBody } from './access-support.ts';

/**
 * A grant's row filter through the access API (issue 14): set with the owners' approval,
 * checked against the port's contract (a granted column, values of its logical type,
 * bounded), carried to the grant, in the audit trail and the OpenAPI document; refused
 * with a rejection and with the DPO's approval. The data it lets through is tested in
 * api-row-filter-data.test.ts and the PostgreSQL grant view's tests.
 */
let f: AccessFixture;
before(async () => {
  f = await createAccessFixture();
});
after(() => f.close());

async function newRequest(overrides: Record<string, unknown> = {}): Promise<AccessRequest> {
  const created = await call(
    f.app,
    'POST',
    '/api/access-requests',
    f.as.consumer,
    requestBody(overrides),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as AccessRequest;
}

const decide = (id: string, who: keyof AccessFixture['as'], body: Record<string, unknown>) =>
  call(f.app, 'POST', `/api/access-requests/${id}/decision`, f.as[who], body);

/** The request as its requester lists it (there is no route for one request). */
async function stored(id: string): Promise<AccessRequest> {
  const mine = await call(f.app, 'GET', '/api/access-requests?view=mine&limit=200', f.as.consumer);
  const found = (mine.body as { items: AccessRequest[] }).items.find((r) => r.id === id);
  assert.ok(found, `request ${id} listed`);
  return found;
}

const REGION = { column: 'orders.shipping_country_code', values: ['AT', 'CH'] };

describe('approving with a row filter', () => {
  test('the owner sets it, the DPO approves, the grant carries it; the audit trail names it', async () => {
    const request = await newRequest();
    const owner = await decide(request.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: { column: REGION.column, values: ['AT', 'CH', 'AT'] },
    });
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
    const pending = owner.body as AccessRequest;
    assert.equal(pending.state, 'pending');
    // Repeated values are kept once.
    assert.deepEqual(pending.rowFilter, REGION);
    const dpo = await decide(request.id, 'dpo', { decision: 'approve' });
    assert.equal(dpo.status, 200, JSON.stringify(dpo.body));
    const active = dpo.body as AccessRequest;
    assert.equal(active.state, 'active');
    const grant = await call(f.app, 'GET', `/api/grants/${active.grantId}`, f.as.consumer);
    assert.equal(grant.status, 200);
    assert.deepEqual((grant.body as Grant).rowFilter, REGION);
    const list = await call(f.app, 'GET', '/api/grants?state=active', f.as.consumer);
    const listed = (list.body as { items: Grant[] }).items.find((g) => g.id === active.grantId);
    assert.deepEqual(listed?.rowFilter, REGION);

    const audit = await call(f.app, 'GET', '/api/audit?limit=200', f.as.dpo);
    const events = (
      audit.body as {
        items: { action: string; target: string; details: Record<string, unknown> }[];
      }
    ).items;
    const decision = events.find(
      (e) =>
        e.action === 'access.decision' && e.target === request.id && e.details.role === 'owner',
    );
    assert.equal(decision?.details.rowFilterColumn, REGION.column);
    assert.equal(decision?.details.rowFilterValues, JSON.stringify(REGION.values));
    const created = events.find((e) => e.action === 'grant.create' && e.target === active.grantId);
    assert.equal(created?.details.rowFilter, 'orders.shipping_country_code ∈ {AT, CH}');
  });

  test('a grant approved without one answers rowFilter null (every row)', async () => {
    const request = await newRequest();
    await decide(request.id, 'producerOwner', { decision: 'approve' });
    const done = await decide(request.id, 'dpo', { decision: 'approve' });
    const active = done.body as AccessRequest;
    assert.equal(active.state, 'active', JSON.stringify(active));
    assert.equal(active.rowFilter ?? null, null);
    const grant = await call(f.app, 'GET', `/api/grants/${active.grantId}`, f.as.consumer);
    assert.equal((grant.body as Grant).rowFilter, null);
  });

  test('an integer column takes numbers and int64 text; a date column ISO dates', async () => {
    const ints = await newRequest();
    const id = await decide(ints.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: { column: 'orders.order_id', values: [1, '9223372036854775807'] },
    });
    assert.equal(id.status, 200, JSON.stringify(id.body));
    const dates = await newRequest();
    const date = await decide(dates.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: { column: 'orders.order_date', values: ['2026-01-31'] },
    });
    assert.equal(date.status, 200, JSON.stringify(date.body));
  });
});

describe('renewals', () => {
  /** An active grant with REGION; returns its request's id and the grant's id. */
  async function filteredGrant(): Promise<{ requestId: string; grantId: string }> {
    const request = await newRequest();
    await decide(request.id, 'producerOwner', { decision: 'approve', rowFilter: REGION });
    const done = await decide(request.id, 'dpo', { decision: 'approve' });
    const active = done.body as AccessRequest;
    assert.equal(active.state, 'active', JSON.stringify(active));
    return { requestId: request.id, grantId: active.grantId! };
  }

  const grantOf = async (request: AccessRequest): Promise<Grant> =>
    (await call(f.app, 'GET', `/api/grants/${request.grantId}`, f.as.consumer)).body as Grant;

  test('a renewal carries the rows of what it renews; approved without a word, it keeps them', async () => {
    const earlier = await filteredGrant();
    const renewal = await newRequest({ renewalOf: earlier.grantId });
    assert.deepEqual(renewal.rowFilter, REGION, 'shown to the owners before they decide');
    await decide(renewal.id, 'producerOwner', { decision: 'approve' });
    const done = (await decide(renewal.id, 'dpo', { decision: 'approve' })).body as AccessRequest;
    assert.equal(done.state, 'active');
    assert.deepEqual((await grantOf(done)).rowFilter, REGION);
  });

  test('the owners may widen a renewal to every row (null) or set other rows — the DPO may do neither', async () => {
    const earlier = await filteredGrant();
    const renewal = await newRequest({ renewalOf: earlier.requestId });
    const dpo = await decide(renewal.id, 'dpo', { decision: 'approve', rowFilter: null });
    assert.equal(dpo.status, 403, JSON.stringify(dpo.body));
    const owner = await decide(renewal.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: null,
    });
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
    assert.equal((owner.body as AccessRequest).rowFilter, null);
    const done = (await decide(renewal.id, 'dpo', { decision: 'approve' })).body as AccessRequest;
    assert.equal((await grantOf(done)).rowFilter, null);

    const other = await newRequest({ renewalOf: earlier.requestId });
    const narrowed = { column: 'orders.status', values: ['shipped'] };
    await decide(other.id, 'producerOwner', { decision: 'approve', rowFilter: narrowed });
    const second = (await decide(other.id, 'dpo', { decision: 'approve' })).body as AccessRequest;
    assert.deepEqual((await grantOf(second)).rowFilter, narrowed);
  });

  test("a carried filter the renewal's columns no longer grant is refused until the owners choose", async () => {
    const earlier = await filteredGrant();
    const renewal = await newRequest({
      renewalOf: earlier.grantId,
      columns: ['orders.order_id', 'orders.status'],
    });
    const kept = await decide(renewal.id, 'producerOwner', { decision: 'approve' });
    assert.equal(kept.status, 400, JSON.stringify(kept.body));
    assert.match(JSON.stringify(kept.body), /not a granted column/);
    const chosen = await decide(renewal.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: null,
    });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
  });
});

describe('refused row filters, nothing stored', () => {
  const refusals: [string, unknown, RegExp][] = [
    ['an unknown column', { column: 'orders.region', values: ['EU'] }, /not a granted column/],
    ['a column without its object', { column: 'status', values: ['x'] }, /not a granted column/],
    [
      'a column of a type a filter cannot compare',
      { column: 'orders.ordered_at', values: ['2026-01-01T00:00:00Z'] },
      /logical type timestamp/,
    ],
    ['text for an integer column', { column: 'orders.order_id', values: ['1 OR 1=1'] }, /integer/],
    [
      'an integer beyond int64',
      { column: 'orders.order_id', values: ['9223372036854775808'] },
      /64-bit/,
    ],
    ['a fraction for an integer column', { column: 'orders.order_id', values: [1.5] }, /integer/],
    ['a number for a text column', { column: 'orders.status', values: [1] }, /string/],
    ['a bad date', { column: 'orders.order_date', values: ['2026-02-30x'] }, /date/],
    ['a control character', { column: 'orders.status', values: ['a\u0000b'] }, /control/],
    ['an empty text', { column: 'orders.status', values: [''] }, /string/],
  ];
  for (const [name, rowFilter, message] of refusals)
    test(`${name}: 400 and the request still pending without a filter`, async () => {
      const request = await newRequest();
      const res = await decide(request.id, 'producerOwner', { decision: 'approve', rowFilter });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(JSON.stringify(res.body), message);
      const after = await stored(request.id);
      assert.equal(after.state, 'pending');
      assert.equal(after.approvals.length, 0);
      assert.equal(after.rowFilter, undefined);
    });

  test('a column the request does not grant is refused', async () => {
    const request = await newRequest({ columns: ['orders.order_id', 'orders.status'] });
    const res = await decide(request.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: { column: 'orders.channel', values: ['web'] },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(JSON.stringify(res.body), /not a granted column/);
  });

  test('bounds come before the service: 0 or 101 values, a 201-character value, unknown keys', async () => {
    const request = await newRequest();
    const bodies = [
      { column: 'orders.status', values: [] },
      { column: 'orders.status', values: Array.from({ length: 101 }, (_, i) => `v${i}`) },
      { column: 'orders.status', values: ['x'.repeat(201)] },
      { column: 'orders.status', values: ['x'], sql: '1=1' },
      { column: 'orders.status', values: [{ nested: true }] },
      { column: 'x'.repeat(401), values: ['x'] },
    ];
    for (const rowFilter of bodies) {
      const res = await decide(request.id, 'producerOwner', { decision: 'approve', rowFilter });
      assert.equal(res.status, 400, JSON.stringify(rowFilter).slice(0, 80));
    }
    const hundred = await decide(request.id, 'producerOwner', {
      decision: 'approve',
      rowFilter: {
        column: 'orders.status',
        values: Array.from({ length: 100 }, (_, i) => `v${i}`),
      },
    });
    assert.equal(hundred.status, 200, JSON.stringify(hundred.body));
  });

  test('with a rejection it is refused', async () => {
    const request = await newRequest();
    const res = await decide(request.id, 'producerOwner', {
      decision: 'reject',
      rowFilter: REGION,
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
  });

  test('null from the DPO on a request without a filter changes nothing and is no refusal', async () => {
    const request = await newRequest();
    const dpo = await decide(request.id, 'dpo', { decision: 'approve', rowFilter: null });
    assert.equal(dpo.status, 200, JSON.stringify(dpo.body));
    assert.equal((dpo.body as AccessRequest).rowFilter, undefined);
  });

  test('the DPO may not set one (403); an admin approving as DPO after the owners is 409', async () => {
    const request = await newRequest();
    const dpo = await decide(request.id, 'dpo', { decision: 'approve', rowFilter: REGION });
    assert.equal(dpo.status, 403, JSON.stringify(dpo.body));
    const owner = await decide(request.id, 'producerOwner', { decision: 'approve' });
    assert.equal(owner.status, 200);
    const admin = await decide(request.id, 'admin', { decision: 'approve', rowFilter: REGION });
    assert.equal(admin.status, 409, JSON.stringify(admin.body));
    const after = await stored(request.id);
    assert.equal(after.state, 'pending');
    assert.equal(after.rowFilter, undefined);
  });
});

describe('OpenAPI', () => {
  test('the decision body, the request and the grant document the row filter', async () => {
    const res = await call(f.app, 'GET', '/api/openapi.json', f.as.consumer);
    assert.equal(res.status, 200);
    const doc = res.body as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const schemas = doc.components.schemas;
    assert.ok(schemas.GrantRowFilter?.properties?.column);
    assert.ok(schemas.GrantRowFilter?.properties?.values);
    for (const name of ['AccessDecision', 'AccessRequest', 'Grant'])
      assert.ok(schemas[name]?.properties?.rowFilter, `${name} has rowFilter`);
    assert.match(JSON.stringify(schemas.GrantRowFilter), /1–100/);
  });
});

void PORT;
void PRODUCT;
