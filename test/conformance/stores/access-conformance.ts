import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { AccessRequest, Approval, Grant } from '../../../src/core/access/model.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

/**
 * Access requests and grants (issue 10), for every store: the same backings as the main
 * suite. Several instances over one backing stand for several processes sharing it.
 */
export function describeAccessConformance(subject: StoreUnderTest): void {
  describe(`store conformance, access requests and grants: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);

    it('creates and gets a request, refuses an existing id, and keeps it for a new instance', async () => {
      const b = await backing();
      const store = await openOn(b);
      const r1 = request('r1');
      await store.accessRequests.create(r1);
      assert.deepEqual(await store.accessRequests.get('r1'), r1);
      assert.equal(await store.accessRequests.get('r2'), null);
      await assert.rejects(
        store.accessRequests.create({ ...r1, requester: 'mallory' }),
        /exists/,
        'a second create of the same id fails',
      );
      assert.deepEqual(await store.accessRequests.get('r1'), r1, 'the first one is untouched');
      const other = await openOn(b);
      assert.deepEqual(await other.accessRequests.get('r1'), r1);
      await assert.rejects(other.accessRequests.create(r1), /exists/, 'also from another instance');
    });

    it('lists requests newest first, by each filter, and pages them', async () => {
      const store = await empty();
      const all = [
        request('r1', { requester: 'anna', consumerTeam: 'marketing', productId: 'sales-orders' }),
        request('r2', { requester: 'bert', consumerTeam: 'finance', productId: 'sales-orders' }),
        request('r3', {
          requester: 'anna',
          consumerTeam: 'finance',
          productId: 'customers',
          state: 'approved',
        }),
        request('r4', {
          requester: 'carl',
          consumerTeam: 'logistics',
          productId: 'customers',
          state: 'rejected',
        }),
        request('r5', { requester: 'anna', consumerTeam: 'marketing', productId: 'stock' }),
      ];
      for (const r of all) await store.accessRequests.create(r);
      const ids = async (filter: Parameters<MeshworkStore['accessRequests']['list']>[0]) =>
        (await store.accessRequests.list(filter)).items.map((r) => r.id);
      assert.deepEqual((await store.accessRequests.list({})).items, [...all].reverse());
      assert.deepEqual(await ids({ requester: 'anna' }), ['r5', 'r3', 'r1']);
      assert.deepEqual(await ids({ requester: 'nobody' }), []);
      assert.deepEqual(await ids({ consumerTeams: ['finance'] }), ['r3', 'r2']);
      assert.deepEqual(await ids({ consumerTeams: ['finance', 'logistics'] }), ['r4', 'r3', 'r2']);
      assert.deepEqual(await ids({ productIds: ['customers'] }), ['r4', 'r3']);
      assert.deepEqual(await ids({ productIds: ['stock', 'sales-orders'] }), ['r5', 'r2', 'r1']);
      assert.deepEqual(await ids({ states: ['pending'] }), ['r5', 'r2', 'r1']);
      assert.deepEqual(await ids({ states: ['approved', 'rejected'] }), ['r4', 'r3']);
      assert.deepEqual(
        await ids({ requester: 'anna', consumerTeams: ['marketing'], states: ['pending'] }),
        ['r5', 'r1'],
        'every filter given must match',
      );
      assert.deepEqual(await ids({ consumerTeams: [] }), [], 'an empty list matches nothing');
      assert.deepEqual(await ids({ states: [] }), []);
      // Something that looks like SQL is a value like any other.
      assert.deepEqual(await ids({ requester: "anna' OR '1'='1" }), []);

      const first = await store.accessRequests.list({ limit: 2 });
      assert.deepEqual(
        first.items.map((r) => r.id),
        ['r5', 'r4'],
      );
      const second = await store.accessRequests.list({ limit: 2, cursor: first.next });
      assert.deepEqual(
        second.items.map((r) => r.id),
        ['r3', 'r2'],
      );
      const third = await store.accessRequests.list({ limit: 2, cursor: second.next });
      assert.deepEqual(
        third.items.map((r) => r.id),
        ['r1'],
      );
      assert.equal(third.next, null);
      const filtered = await store.accessRequests.list({ limit: 1, requester: 'anna' });
      const next = await store.accessRequests.list({
        limit: 1,
        requester: 'anna',
        cursor: filtered.next,
      });
      assert.deepEqual(
        next.items.map((r) => r.id),
        ['r3'],
        'a cursor pages within the filter',
      );
      assert.equal((await store.accessRequests.list({ limit: 5 })).next, null);
      await assert.rejects(store.accessRequests.list({ cursor: 'not a cursor!' }));
    });

    it('updates a request from its current value; null leaves it, a missing id gives null', async () => {
      const store = await empty();
      await store.accessRequests.create(request('r1'));
      const approved = await store.accessRequests.update('r1', (current) => ({
        ...current,
        state: 'approved',
        approvals: [...current.approvals, approval('owner', 'olga')],
        updatedAt: '2026-03-02T00:00:00.000Z',
      }));
      assert.equal(approved?.state, 'approved');
      assert.deepEqual(await store.accessRequests.get('r1'), approved);
      // The list filters follow the change (PostgreSQL keeps them in columns).
      assert.deepEqual(
        (await store.accessRequests.list({ states: ['approved'] })).items.map((r) => r.id),
        ['r1'],
      );
      assert.deepEqual((await store.accessRequests.list({ states: ['pending'] })).items, []);

      const unchanged = await store.accessRequests.update('r1', () => null);
      assert.deepEqual(unchanged, approved, 'null: the value as it is, nothing written');
      assert.deepEqual(await store.accessRequests.get('r1'), approved);

      let called = false;
      const missing = await store.accessRequests.update('nope', (current) => {
        called = true;
        return current;
      });
      assert.equal(missing, null);
      assert.equal(called, false, 'change is not called without a request');
      assert.equal(await store.accessRequests.get('nope'), null, 'nothing created');

      await assert.rejects(
        store.accessRequests.update('r1', () => {
          throw new Error('decider failed');
        }),
        /decider failed/,
      );
      await assert.rejects(
        store.accessRequests.update('r1', (current) => ({ ...current, id: 'r9' })),
        /id/,
      );
      assert.deepEqual(
        await store.accessRequests.get('r1'),
        approved,
        'a failed change writes nothing',
      );
      assert.equal(await store.accessRequests.get('r9'), null);
      // The store still takes changes after the failures (no lock left behind).
      const rejected = await store.accessRequests.update('r1', (current) => ({
        ...current,
        state: 'rejected',
      }));
      assert.equal(rejected?.state, 'rejected');
    });

    it('applies 20 concurrent updates of one request from two instances one after the other', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      await one.accessRequests.create(request('r1'));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : two).accessRequests.update('r1', (current) => ({
            ...current,
            approvals: [...current.approvals, approval('owner', `approver-${i}`)],
          })),
        ),
      );
      const stored = await one.accessRequests.get('r1');
      assert.equal(stored?.approvals.length, 20, 'no update started from an old value');
      assert.deepEqual(
        new Set(stored?.approvals.map((a) => a.by)),
        new Set(Array.from({ length: 20 }, (_, i) => `approver-${i}`)),
      );
      // Each saw the ones before it: the counts returned are 1…20, each once.
      assert.deepEqual(
        results.map((r) => r?.approvals.length).sort((x = 0, y = 0) => x - y),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.deepEqual(await two.accessRequests.get('r1'), stored);
    });

    it('lets exactly one of several deciders at once move a request on', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      await one.accessRequests.create(request('r1'));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? one : two).accessRequests.update('r1', (current) =>
            current.state === 'pending'
              ? { ...current, state: 'approved', grantId: `grant-${i}` }
              : null,
          ),
        ),
      );
      const stored = await one.accessRequests.get('r1');
      assert.equal(stored?.state, 'approved');
      const winners = results.filter((r, i) => r?.grantId === `grant-${i}`);
      assert.equal(winners.length, 1, 'one grant, not two');
      for (const r of results) assert.equal(r?.grantId, stored?.grantId, 'all see the winner');
    });

    it('creates, gets, lists (with endsBefore) and pages grants', async () => {
      const store = await empty();
      const all = [
        grant('g1', { consumerTeam: 'marketing', productId: 'sales-orders', endsAt: iso(10) }),
        grant('g2', { consumerTeam: 'finance', productId: 'sales-orders', endsAt: iso(20) }),
        grant('g3', {
          consumerTeam: 'finance',
          productId: 'customers',
          endsAt: iso(5),
          state: 'revoked',
        }),
        grant('g4', { consumerTeam: 'logistics', productId: 'customers', endsAt: iso(30) }),
      ];
      for (const g of all) await store.grants.create(g);
      assert.deepEqual(await store.grants.get('g2'), all[1]);
      assert.equal(await store.grants.get('g9'), null);
      await assert.rejects(store.grants.create({ ...all[0]!, state: 'revoked' }), /exists/);
      assert.equal((await store.grants.get('g1'))?.state, 'active');
      const ids = async (filter: Parameters<MeshworkStore['grants']['list']>[0]) =>
        (await store.grants.list(filter)).items.map((g) => g.id);
      assert.deepEqual((await store.grants.list({})).items, [...all].reverse());
      assert.deepEqual(await ids({ consumerTeams: ['finance'] }), ['g3', 'g2']);
      assert.deepEqual(await ids({ consumerTeams: ['marketing', 'logistics'] }), ['g4', 'g1']);
      assert.deepEqual(await ids({ productIds: ['customers'] }), ['g4', 'g3']);
      assert.deepEqual(await ids({ states: ['active'] }), ['g4', 'g2', 'g1']);
      assert.deepEqual(await ids({ states: ['expired'] }), []);
      assert.deepEqual(await ids({ endsBefore: iso(20) }), ['g3', 'g1'], 'strictly before');
      assert.deepEqual(
        await ids({ states: ['active'], endsBefore: iso(21) }),
        ['g2', 'g1'],
        'the sweep’s question: active and ending before now',
      );
      assert.deepEqual(await ids({ productIds: [] }), []);
      const first = await store.grants.list({ limit: 3 });
      assert.deepEqual(
        first.items.map((g) => g.id),
        ['g4', 'g3', 'g2'],
      );
      const rest = await store.grants.list({ limit: 3, cursor: first.next });
      assert.deepEqual(
        rest.items.map((g) => g.id),
        ['g1'],
      );
      assert.equal(rest.next, null);
    });

    it('stores one of several creates of one grant id at once, from two instances', async () => {
      // An activation run again (the sweep's recovery) relies on it: the grant id is the
      // request's, so the store's refusal is what keeps a request to one grant.
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? one : two).grants.create(grant('g1', { consumerTeam: `team-${i}` })),
        ),
      );
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes)
        if (o.status === 'rejected') assert.match(String(o.reason), /exists/);
      const stored = await two.grants.get('g1');
      const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
      assert.equal(stored?.consumerTeam, `team-${winner}`, 'the one that was told it won');
      assert.equal((await one.grants.list({})).items.length, 1);
    });

    it('updates grants atomically, also 20 at once from two instances', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      await one.grants.create(grant('g1', { endsAt: iso(10) }));
      assert.equal(await one.grants.update('g9', (g) => g), null);
      assert.deepEqual(await one.grants.update('g1', () => null), await one.grants.get('g1'));
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : two).grants.update('g1', (current) => ({
            ...current,
            provisioning: [
              ...current.provisioning,
              { engine: 'postgresql', server: `s${i}`, objects: [`v${i}`], role: 'r' },
            ],
          })),
        ),
      );
      assert.equal((await two.grants.get('g1'))?.provisioning.length, 20);
      const revoked = await two.grants.update('g1', (current) => ({
        ...current,
        state: 'revoked',
        endedAt: iso(3),
        endedBy: 'olga',
        endsAt: iso(3),
      }));
      assert.equal(revoked?.state, 'revoked');
      assert.deepEqual(
        (await one.grants.list({ states: ['revoked'], endsBefore: iso(4) })).items.map((g) => g.id),
        ['g1'],
        'the filter columns follow the change',
      );
      assert.deepEqual((await one.grants.list({ states: ['active'] })).items, []);
    });
  });
}

function iso(day: number): string {
  return `2026-04-${String(day).padStart(2, '0')}T00:00:00.000Z`;
}

function approval(role: 'owner' | 'dpo', by: string): Approval {
  return { role, by, at: '2026-03-02T00:00:00.000Z', comment: null };
}

export function request(id: string, extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id,
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'marketing',
    consumerDomain: 'marketing',
    requester: 'anna',
    purpose: 'reporting',
    endsAt: '2026-06-30T23:59:59.000Z',
    columns: ['orders.order_id', 'orders.total'],
    justification: 'Monatsbericht für den Vertrieb — “quarterly” report',
    state: 'pending',
    requiredApprovals: ['owner', 'dpo'],
    approvals: [],
    rejection: null,
    findings: [{ policy: 'max-duration', severity: 'warning', message: 'long' }],
    renewalOf: null,
    grantId: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...extra,
  };
}

export function grant(id: string, extra: Partial<Grant> = {}): Grant {
  return {
    id,
    requestId: `request-of-${id}`,
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'marketing',
    consumerDomain: 'marketing',
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: '2026-03-01T00:00:00.000Z',
    endsAt: '2026-06-30T23:59:59.000Z',
    certifiedAt: '2026-03-01T00:00:00.000Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
    ...extra,
  };
}
