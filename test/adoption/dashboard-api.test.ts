import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AccessRequest, Grant } from '../../src/core/access/model.ts';
import type { AdoptionSnapshot } from '../../src/core/adoption/adoption-model.ts';
import type { Dashboard } from '../../src/app/adoption/dashboard.ts';
import { addUser, signIn } from '../server/auth/support.ts';
import type { ApiFixture } from '../server/api-support.ts';
import { ADMIN_PASSWORD, createApiFixture, getJson } from '../server/api-support.ts';

const NOW = new Date('2026-06-15T10:00:00Z');

/**
 * `GET /api/dashboard` over the demo mesh with a store in memory: who may read it, the
 * span's checks, the stored history, and today's figures measured from the catalog, the
 * grants and the access requests — each a count the test planted.
 */
describe('GET /api/dashboard', () => {
  let f: ApiFixture;
  before(async () => {
    f = await createApiFixture({ now: () => NOW });
  });

  it('admins, governance and domain owners may read it; members and others may not', async () => {
    await addUser(f.store, 'gov', ADMIN_PASSWORD, ['governance']);
    const gov = await signIn(f.app, 'gov', ADMIN_PASSWORD);
    const asGov = { cookie: gov.cookie, 'x-csrf-token': gov.csrfToken };
    assert.equal((await getJson(f.app, '/api/dashboard', f.admin)).status, 200);
    assert.equal((await getJson(f.app, '/api/dashboard', asGov)).status, 200);
    // mweber owns the sales domain's team; jhuber is a member of it; nobody is in none.
    assert.equal((await getJson(f.app, '/api/dashboard', await f.signInAs('mweber'))).status, 200);
    const member = await getJson<{ detail: string }>(
      f.app,
      '/api/dashboard',
      await f.signInAs('jhuber'),
    );
    assert.equal(member.status, 403);
    assert.match(member.body.detail, /admins, governance and domain owners/);
    assert.equal((await getJson(f.app, '/api/dashboard', await f.signInAs('nobody'))).status, 403);
    assert.equal((await f.app.request('/api/dashboard')).status, 401);
  });

  it('refuses a span that is no real day, runs backwards or is longer than 731 days', async () => {
    for (const query of [
      'from=2026-02-30',
      'to=26-01-01',
      'from=2026-06-02&to=2026-06-01',
      'from=2024-01-01&to=2026-01-01',
      "from=2026-01-01'--",
    ]) {
      const res = await getJson<{ status: number }>(f.app, `/api/dashboard?${query}`, f.admin);
      assert.equal(res.status, 400, query);
    }
    const longest = await getJson(f.app, '/api/dashboard?from=2024-01-02&to=2026-01-01', f.admin);
    assert.equal(longest.status, 200);
  });

  it('measures today from the catalog, the grants and the requests, naming the sources', async () => {
    await f.store.grants.create(grant('g1', 'sales-orders', 'controlling-team'));
    await f.store.grants.create(grant('g2', 'sales-orders', 'marketing-team'));
    await f.store.grants.create(grant('g3', 'sales-orders', 'marketing-team'));
    await f.store.grants.create({ ...grant('g4', 'sales-customers', 'x'), state: 'revoked' });
    // Approved after 10 h and 30 h (median 20 h); one pending, one rejected; one approved
    // 40 days ago, outside the 30-day window of the median.
    await f.store.accessRequests.create(request('r1', 'active', '2026-06-10T00:00:00Z', 10));
    await f.store.accessRequests.create(request('r2', 'approved', '2026-06-11T00:00:00Z', 30));
    await f.store.accessRequests.create(request('r3', 'pending', '2026-06-12T00:00:00Z'));
    await f.store.accessRequests.create(request('r4', 'rejected', '2026-06-12T00:00:00Z'));
    await f.store.accessRequests.create(request('r5', 'expired', '2026-05-01T00:00:00Z', 100));

    const { status, body } = await getJson<Dashboard>(f.app, '/api/dashboard', f.admin);
    assert.equal(status, 200);
    assert.equal(body.to, '2026-06-15');
    assert.equal(body.from, '2026-03-18', 'the last 90 days by default');
    const now = body.current.figures;
    const catalog = f.catalog.current;
    assert.equal(now.products, catalog.products.length);
    assert.equal(now.productsByDomain.sales, catalog.domains.get('sales')?.products.length);
    assert.deepEqual(now.consumers, {
      activeGrants: 3,
      perProduct: { 'sales-orders': 2 },
    });
    assert.deepEqual(now.requests, {
      submitted: 5,
      approved: 3,
      rejected: 1,
      pending: 1,
      medianHoursToApproval: 20,
      approvedInWindow: 2,
    });
    // Nothing was built or tested in this fixture: contracts exist, none has a run.
    assert.ok(now.quality !== null && now.quality.contracts > 0);
    assert.equal(now.quality?.tested, 0);
    assert.equal(now.withPassingContracts, 0);
    // No SLA evaluation ran: compliance is not available, never 100 %.
    assert.equal(now.sla, null);
    assert.match(body.current.gaps.sla ?? '', /evaluated|could not be read/);
    assert.deepEqual(body.sources.consumers, ['grants']);
    assert.deepEqual(body.sources.sla, ['jobs']);
  });

  it('returns the stored snapshots of the span, oldest first', async () => {
    await f.store.adoption.record(stored('2026-06-01', 'index', 9));
    await f.store.adoption.record(stored('2026-05-20', 'git', 4));
    await f.store.adoption.record(stored('2026-01-01', 'git', 1));
    const { body } = await getJson<Dashboard>(
      f.app,
      '/api/dashboard?from=2026-05-01&to=2026-06-15',
      f.admin,
    );
    assert.deepEqual(
      body.history.map((d) => [d.day, d.source, d.figures.products]),
      [
        ['2026-05-20', 'git', 4],
        ['2026-06-01', 'index', 9],
      ],
    );
    assert.equal(body.history[0]?.gaps.consumers, 'not in git');
    assert.ok(
      body.history[0] && !('milestones' in body.history[0]),
      'the per-product history stays in the store',
    );
  });
});

function grant(id: string, productId: string, team: string): Grant {
  return {
    id,
    requestId: `req-${id}`,
    productId,
    port: 'orders',
    consumerTeam: team,
    consumerDomain: 'finance',
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: '2026-06-01T00:00:00.000Z',
    endsAt: '2026-12-31T00:00:00.000Z',
    certifiedAt: '2026-06-01T00:00:00.000Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
  };
}

function request(
  id: string,
  state: AccessRequest['state'],
  createdAt: string,
  approvedAfterHours?: number,
): AccessRequest {
  const approvals =
    approvedAfterHours === undefined
      ? []
      : [
          {
            role: 'owner' as const,
            by: 'mweber',
            at: new Date(Date.parse(createdAt) + approvedAfterHours * 3_600_000).toISOString(),
            comment: null,
          },
        ];
  return {
    id,
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'controlling-team',
    consumerDomain: 'finance',
    requester: 'someone',
    purpose: 'reporting',
    endsAt: '2026-12-31T00:00:00.000Z',
    columns: null,
    justification: 'planning',
    state,
    requiredApprovals: ['owner'],
    approvals,
    rejection: null,
    findings: [],
    renewalOf: null,
    grantId: null,
    createdAt,
    updatedAt: createdAt,
  };
}

function stored(day: string, source: 'index' | 'git', products: number): AdoptionSnapshot {
  return {
    day,
    recordedAt: `${day}T01:00:00.000Z`,
    source,
    figures: {
      products,
      productsByDomain: { sales: products },
      productsByStatus: { active: products },
      withOwner: null,
      withDescription: null,
      withPassingContracts: null,
      consumers: null,
      requests: null,
      quality: null,
      sla: null,
      policyShare: null,
      proposalToActive: { products: 0, medianDays: null },
    },
    gaps: { consumers: 'not in git' },
    milestones: {},
  };
}
