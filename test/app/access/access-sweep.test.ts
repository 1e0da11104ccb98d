import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AccessRequestInput } from '../../../src/app/access/access-service.ts';
import type { Harness } from './access-fixture.ts';
import { NOW, USERS, days, harness, meshFiles } from './access-fixture.ts';

const kpis = (endsInDays: number): AccessRequestInput => ({
  productId: 'sales-kpis',
  port: 'kpis',
  consumerTeam: 'marketing-team',
  purpose: 'reporting',
  endsAt: days(endsInDays),
  justification: 'Dashboards',
});

describe('access sweep', () => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  async function withGrants(
    endings: readonly number[],
    files?: Record<string, unknown>,
  ): Promise<{ h: Harness; ids: string[] }> {
    const h = await harness(files);
    open.push(h);
    const ids: string[] = [];
    for (const end of endings) {
      const created = await h.service.request(USERS.max, kpis(end));
      const decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
      ids.push(decided.grantId!);
    }
    return { h, ids };
  }
  const at = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000);

  it('expires grants past their end date: engine revoke first, then expired, audited', async () => {
    const { h, ids } = await withGrants([10, 100]);
    const report = await h.service.sweep(at(11));
    assert.deepEqual(report.expired, [ids[0]]);
    assert.deepEqual(report.lapsed, []);
    assert.deepEqual(report.failed, []);
    const grant = await h.store.grants.get(ids[0]!);
    assert.equal(grant?.state, 'expired');
    assert.equal(grant?.endedBy, 'system');
    assert.equal((await h.store.grants.get(ids[1]!))?.state, 'active');
    assert.deepEqual(
      h.provisioner.revoked.map((g) => g.id),
      [ids[0]],
    );
    const request = await h.store.accessRequests.get(grant.requestId);
    assert.equal(request?.state, 'expired');
    assert.equal((await h.store.audit.list({ action: 'grant.expire' })).items.length, 1);
    // Once is enough: a second sweep finds nothing more to end.
    const again = await h.service.sweep(at(12));
    assert.deepEqual(again.expired, []);
    assert.equal(h.provisioner.revoked.length, 1);
    h.clock = at(12);
    assert.equal((await h.service.dataAccess(USERS.max, 'sales-kpis', 'kpis')).allowed, true);
  });

  it('lapses grants not recertified within the interval; a recertified one stays', async () => {
    const { h, ids } = await withGrants([300, 300]);
    h.clock = at(100);
    const recertified = await h.service.recertify(USERS.olga, ids[1]!);
    assert.equal(recertified.certifiedAt, at(100).toISOString());
    const report = await h.service.sweep(at(181));
    assert.deepEqual(report.lapsed, [ids[0]]);
    assert.deepEqual(report.expired, []);
    assert.equal((await h.store.grants.get(ids[0]!))?.state, 'expired');
    assert.equal((await h.store.grants.get(ids[1]!))?.state, 'active');
    assert.equal((await h.store.audit.list({ action: 'grant.lapse' })).items.length, 1);
  });

  it('recertify is for the producing owners', async () => {
    const { h, ids } = await withGrants([300]);
    await assert.rejects(h.service.recertify(USERS.mona, ids[0]!), /may not recertify/);
    await assert.rejects(h.service.recertify(USERS.sam, ids[0]!), /may not recertify/);
  });

  it("follows a domain's adaptation of the interval", async () => {
    const files = {
      ...meshFiles(),
      'domains/sales/policies/review.yaml': {
        apiVersion: 'meshwork/v1',
        kind: 'PolicyAdaptation',
        domain: 'sales',
        policy: 'access-recertification',
        params: { recertifyEveryDays: 30 },
        reason: 'Monthly review',
      },
    };
    const { h, ids } = await withGrants([200], files);
    assert.deepEqual((await h.service.sweep(at(29))).lapsed, []);
    assert.deepEqual((await h.service.sweep(at(31))).lapsed, ids);
  });

  it('reminds the owners once, remindDaysBefore days before the end', async () => {
    const { h, ids } = await withGrants([20, 100]);
    assert.deepEqual((await h.service.sweep(at(5))).reminded, []);
    const report = await h.service.sweep(at(7));
    assert.deepEqual(report.reminded, [
      {
        grantId: ids[0],
        productId: 'sales-kpis',
        port: 'kpis',
        team: 'marketing-team',
        endsAt: days(20),
        owners: ['olga'],
      },
    ]);
    assert.equal((await h.store.grants.get(ids[0]!))?.remindedAt, at(7).toISOString());
    assert.deepEqual((await h.service.sweep(at(8))).reminded, [], 'reminded once');
    const events = (await h.store.audit.list({ action: 'grant.remind' })).items;
    assert.equal(events.length, 1);
    assert.equal(events[0]!.details.owners, 'olga');
  });

  it('a grant whose engine revoke fails stays active, is reported, and is retried', async () => {
    const { h, ids } = await withGrants([10]);
    h.provisioner.failRevokeWith = 'server down';
    const report = await h.service.sweep(at(11));
    assert.deepEqual(report.failed, [{ grantId: ids[0], reason: 'server down' }]);
    assert.deepEqual(report.expired, []);
    assert.equal((await h.store.grants.get(ids[0]!))?.state, 'active');
    h.provisioner.failRevokeWith = null;
    assert.deepEqual((await h.service.sweep(at(12))).expired, ids);
  });

  it('two sweeps at once end each grant once', async () => {
    const { h, ids } = await withGrants([10, 10, 10]);
    const [a, b] = await Promise.all([h.service.sweep(at(11)), h.service.sweep(at(11))]);
    assert.deepEqual([...a.expired, ...b.expired].sort(), [...ids].sort());
    assert.equal((await h.store.audit.list({ action: 'grant.expire' })).items.length, 3);
  });
});
