import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import type { AccessRequestInput } from '../../../src/app/access/access-service.ts';
import { grantIdOf } from '../../../src/app/access/access-service.ts';
import { RECOVERY_GRACE_MS } from '../../../src/app/access/recover-approved.ts';
import type { AccessRequest, Grant } from '../../../src/core/access/model.ts';
import type { Harness } from './access-fixture.ts';
import { NOW, USERS, days, harness } from './access-fixture.ts';

const kpis: AccessRequestInput = {
  productId: 'sales-kpis',
  port: 'kpis',
  consumerTeam: 'marketing-team',
  purpose: 'reporting',
  endsAt: days(100),
  justification: 'Dashboards',
};

/** `decide`'s first write only — the server was killed before (or while) it activated. */
async function approvedThenKilled(h: Harness): Promise<AccessRequest> {
  const created = await h.service.request(USERS.max, kpis);
  const at = h.clock.toISOString();
  const approved = await h.store.accessRequests.update(created.id, (r) => ({
    ...r,
    state: 'approved',
    approvals: [{ role: 'owner', by: 'olga', at, comment: null }],
    updatedAt: at,
  }));
  assert.equal(approved?.state, 'approved');
  return approved;
}

/** …and its grant stored too: killed between `grants.create` and the request's last update. */
async function withStoredGrant(h: Harness, request: AccessRequest, id: string): Promise<Grant> {
  const at = h.clock.toISOString();
  const grant: Grant = {
    id,
    requestId: request.id,
    productId: request.productId,
    port: request.port,
    consumerTeam: request.consumerTeam,
    consumerDomain: request.consumerDomain,
    purpose: request.purpose,
    columns: request.columns,
    personalInClear: false,
    state: 'active',
    startsAt: at,
    endsAt: request.endsAt,
    certifiedAt: at,
    endedAt: null,
    endedBy: null,
    provisioning: [{ engine: 'embedded', server: null, objects: ['/x'], role: null }],
    remindedAt: null,
  };
  await h.store.grants.create(grant);
  return grant;
}

const after = (ms: number): Date => new Date(NOW.getTime() + ms);

async function grantsOf(h: Harness, requestId: string): Promise<Grant[]> {
  const page = await h.store.grants.list({ productIds: ['sales-kpis'], limit: 100 });
  return page.items.filter((g) => g.requestId === requestId);
}

describe('access sweep: requests an approval left approved (a killed server)', () => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  const fresh = async (): Promise<Harness> => {
    const h = await harness();
    open.push(h);
    return h;
  };

  it('the grant id is the request’s: the happy path stores grantIdOf(request)', async () => {
    const h = await fresh();
    const created = await h.service.request(USERS.max, kpis);
    const decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
    assert.equal(decided.state, 'active');
    assert.equal(decided.grantId, grantIdOf(created.id));
    assert.match(
      decided.grantId,
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // A sweep finds nothing to recover and provisions nothing again.
    const report = await h.service.sweep(after(RECOVERY_GRACE_MS * 10));
    assert.deepEqual(report.recovery, {
      completed: [],
      activated: [],
      waiting: [],
      provisionFailed: [],
      failed: [],
    });
    assert.equal(h.provisioner.provisioned.length, 1);
  });

  it('with its grant stored: marks the request active with that grant, once', async () => {
    const h = await fresh();
    const request = await approvedThenKilled(h);
    const grant = await withStoredGrant(h, request, grantIdOf(request.id));
    // Within the grace too: the grant is there, nothing is left to wait for.
    const report = await h.service.sweep(after(1000));
    assert.deepEqual(report.recovery?.completed, [{ requestId: request.id, grantId: grant.id }]);
    assert.deepEqual(report.recovery?.activated, []);
    const stored = await h.store.accessRequests.get(request.id);
    assert.equal(stored?.state, 'active');
    assert.equal(stored?.grantId, grant.id);
    assert.equal(h.provisioner.provisioned.length, 0);
    const audited = (await h.store.audit.list({ action: 'grant.recovered' })).items;
    assert.equal(audited.length, 1);
    assert.equal(audited[0]?.target, grant.id);
    assert.equal(audited[0]?.details.recovery, 'completed');
    const again = await h.service.sweep(after(2000));
    assert.deepEqual(again.recovery?.completed, []);
    assert.equal((await h.store.audit.list({ action: 'grant.recovered' })).items.length, 1);
    assert.equal((await h.service.dataAccess(USERS.max, 'sales-kpis', 'kpis')).allowed, true);
  });

  it('with a grant stored under an id not derived (before this fix): uses it, makes no second', async () => {
    const h = await fresh();
    const request = await approvedThenKilled(h);
    const grant = await withStoredGrant(h, request, randomUUID());
    const report = await h.service.sweep(after(RECOVERY_GRACE_MS + 1000));
    assert.deepEqual(report.recovery?.completed, [{ requestId: request.id, grantId: grant.id }]);
    assert.deepEqual(
      (await grantsOf(h, request.id)).map((g) => g.id),
      [grant.id],
    );
    assert.equal(h.provisioner.provisioned.length, 0);
  });

  it('with no grant: waits out the grace, then activates it again, once', async () => {
    const h = await fresh();
    const request = await approvedThenKilled(h);
    const early = await h.service.sweep(after(RECOVERY_GRACE_MS - 1000));
    assert.deepEqual(early.recovery?.waiting, [request.id]);
    assert.equal(h.provisioner.provisioned.length, 0);
    assert.equal((await h.store.accessRequests.get(request.id))?.state, 'approved');

    h.clock = after(RECOVERY_GRACE_MS + 1000);
    const report = await h.service.sweep();
    const id = grantIdOf(request.id);
    assert.deepEqual(report.recovery?.activated, [{ requestId: request.id, grantId: id }]);
    const stored = await h.store.accessRequests.get(request.id);
    assert.equal(stored?.state, 'active');
    assert.equal(stored?.grantId, id);
    assert.equal((await grantsOf(h, request.id)).length, 1);
    assert.deepEqual(
      h.provisioner.provisioned.map((g) => g.id),
      [id],
    );
    const audited = (await h.store.audit.list({ action: 'grant.recovered' })).items;
    assert.equal(audited.length, 1);
    assert.equal(audited[0]?.details.recovery, 'activated');
    assert.equal(audited[0]?.details.requestId, request.id);
    const again = await h.service.sweep();
    assert.deepEqual(again.recovery?.activated, []);
    assert.equal(h.provisioner.provisioned.length, 1);
  });

  it('two sweeps at once still give one grant and one recovery', async () => {
    const h = await fresh();
    const bare = await approvedThenKilled(h);
    const half = await approvedThenKilled(h);
    await withStoredGrant(h, half, grantIdOf(half.id));
    h.clock = after(RECOVERY_GRACE_MS + 1000);
    const reports = await Promise.all([h.service.sweep(), h.service.sweep(), h.service.sweep()]);
    for (const r of reports) assert.deepEqual(r.recovery?.failed, []);
    const activated = reports.flatMap((r) => r.recovery?.activated ?? []);
    const completed = reports.flatMap((r) => r.recovery?.completed ?? []);
    assert.deepEqual(
      activated.map((a) => a.requestId),
      [bare.id],
    );
    assert.deepEqual(
      completed.map((a) => a.requestId),
      [half.id],
    );
    for (const request of [bare, half]) {
      assert.equal((await grantsOf(h, request.id)).length, 1, request.id);
      assert.equal((await h.store.accessRequests.get(request.id))?.state, 'active');
    }
    assert.equal((await h.store.audit.list({ action: 'grant.recovered' })).items.length, 2);
    assert.equal((await h.store.audit.list({ action: 'grant.create' })).items.length, 1);
  });

  it('a request whose provisioning failed is reported, not retried', async () => {
    const h = await fresh();
    const created = await h.service.request(USERS.max, kpis);
    h.provisioner.failWith = 'engine down';
    const decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
    assert.equal(decided.state, 'approved');
    h.provisioner.failWith = null;
    const report = await h.service.sweep(after(RECOVERY_GRACE_MS * 10));
    assert.deepEqual(report.recovery?.provisionFailed, [created.id]);
    assert.deepEqual(report.recovery?.activated, []);
    assert.equal(h.provisioner.provisioned.length, 0);
    assert.equal((await h.store.accessRequests.get(created.id))?.state, 'approved');
    assert.equal((await grantsOf(h, created.id)).length, 0);
    assert.equal((await h.store.audit.list({ action: 'grant.recovered' })).items.length, 0);
  });

  it('a recovery whose provisioning fails is said in the report and left for a person', async () => {
    const h = await fresh();
    const request = await approvedThenKilled(h);
    h.provisioner.failWith = 'engine down';
    const report = await h.service.sweep(after(RECOVERY_GRACE_MS + 1000));
    assert.equal(report.recovery?.failed.length, 1);
    assert.match(report.recovery?.failed[0]?.reason ?? '', /engine down/);
    h.provisioner.failWith = null;
    const next = await h.service.sweep(after(RECOVERY_GRACE_MS + 2000));
    assert.deepEqual(next.recovery?.provisionFailed, [request.id]);
    assert.equal(h.provisioner.provisioned.length, 0);
  });
});
