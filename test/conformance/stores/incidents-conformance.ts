import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { Incident } from '../../../src/core/sla/index.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

/**
 * Incidents (issue 13), for every store: the same backings as the main suite. Several
 * instances over one backing stand for several processes sharing it.
 */
export function describeIncidentsConformance(subject: StoreUnderTest): void {
  describe(`store conformance, incidents: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);

    it('opens an incident once per SLA while it is open, and keeps it for a new instance', async () => {
      const b = await backing();
      const store = await openOn(b);
      const first = incident('i1');
      assert.deepEqual(await store.incidents.open(first), { incident: first, opened: true });
      const again = await store.incidents.open({ ...incident('i2'), message: 'again' });
      assert.deepEqual(again, { incident: first, opened: false }, 'the open one is returned');
      const otherSla = incident('i3', { sla: 'frequency', kind: 'frequency' });
      assert.equal((await store.incidents.open(otherSla)).opened, true);
      const otherContract = incident('i4', { contractId: 'other-contract' });
      assert.equal((await store.incidents.open(otherContract)).opened, true);
      const other = await openOn(b);
      assert.deepEqual(await other.incidents.get('i1'), first);
      assert.equal(await other.incidents.get('i2'), null, 'the second open was not stored');
      assert.deepEqual(
        (await other.incidents.list({})).items.map((i) => i.id),
        ['i4', 'i3', 'i1'],
      );
    });

    it('resolves an open incident once, and a new one may open after it', async () => {
      const store = await empty();
      await store.incidents.open(incident('i1'));
      const resolved = await store.incidents.resolve('i1', '2026-12-05T11:00:00.000Z', 'met');
      assert.deepEqual(resolved, {
        ...incident('i1'),
        state: 'resolved',
        resolvedAt: '2026-12-05T11:00:00.000Z',
        resolution: 'met',
      });
      const twice = await store.incidents.resolve('i1', '2026-12-05T12:00:00.000Z', 'withdrawn');
      assert.equal(twice?.resolvedAt, '2026-12-05T11:00:00.000Z', 'the first resolution stays');
      assert.equal(twice?.resolution, 'met');
      assert.equal(await store.incidents.resolve('nope', '2026-12-05T12:00:00.000Z', 'met'), null);
      const reopened = await store.incidents.open(incident('i2'));
      assert.equal(reopened.opened, true, 'a resolved incident does not block a new one');
      assert.deepEqual(
        (await store.incidents.list({ states: ['open'] })).items.map((i) => i.id),
        ['i2'],
      );
    });

    it('refuses to store an incident that is not open', async () => {
      const store = await empty();
      await assert.rejects(
        store.incidents.open({
          ...incident('i1'),
          state: 'resolved',
          resolvedAt: '2026-12-05T11:00:00.000Z',
          resolution: 'met',
        }),
        /must be open/,
      );
      assert.equal(await store.incidents.get('i1'), null);
    });

    it('lists newest first by products, domains and states, and pages them', async () => {
      const store = await empty();
      await store.incidents.open(incident('i1', { productId: 'a', domain: 'sales' }));
      await store.incidents.open(incident('i2', { productId: 'b', domain: 'sales' }));
      await store.incidents.open(incident('i3', { productId: 'c', domain: 'finance' }));
      await store.incidents.resolve('i2', '2026-12-05T11:00:00.000Z', 'met');
      const ids = async (filter: Parameters<MeshworkStore['incidents']['list']>[0]) =>
        (await store.incidents.list(filter)).items.map((i) => i.id);
      assert.deepEqual(await ids({}), ['i3', 'i2', 'i1']);
      assert.deepEqual(await ids({ domains: ['sales'] }), ['i2', 'i1']);
      assert.deepEqual(await ids({ productIds: ['a', 'c'] }), ['i3', 'i1']);
      assert.deepEqual(await ids({ states: ['resolved'] }), ['i2']);
      assert.deepEqual(await ids({ domains: ['sales'], states: ['open'] }), ['i1']);
      assert.deepEqual(await ids({ productIds: [] }), [], 'an empty list matches nothing');
      assert.deepEqual(await ids({ domains: [] }), []);
      assert.deepEqual(await ids({ states: [] }), []);
      const first = await store.incidents.list({ limit: 2 });
      assert.deepEqual(
        first.items.map((i) => i.id),
        ['i3', 'i2'],
      );
      assert.ok(first.next);
      const second = await store.incidents.list({ limit: 2, cursor: first.next });
      assert.deepEqual(
        second.items.map((i) => i.id),
        ['i1'],
      );
      assert.equal(second.next, null);
    });

    it('opens one incident when 20 evaluations of one SLA race from two instances', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          (n % 2 === 0 ? one : two).incidents.open(incident(`race-${n}`)),
        ),
      );
      assert.equal(results.filter((r) => r.opened).length, 1, 'exactly one opened');
      const winner = results.find((r) => r.opened)!.incident.id;
      assert.ok(
        results.every((r) => r.incident.id === winner),
        'all got the one open incident',
      );
      assert.equal((await one.incidents.list({})).items.length, 1);
    });

    it('resolves once when two instances resolve at once', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      await one.incidents.open(incident('i1'));
      const [x, y] = await Promise.all([
        one.incidents.resolve('i1', '2026-12-05T11:00:00.000Z', 'met'),
        two.incidents.resolve('i1', '2026-12-05T11:00:01.000Z', 'withdrawn'),
      ]);
      assert.equal(x?.state, 'resolved');
      assert.deepEqual(x, y, 'both see the one resolution that won');
    });
  });
}

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    productId: 'sales-orders',
    domain: 'sales',
    team: 'sales-team',
    contractId: 'sales-orders-contract',
    port: 'orders',
    sla: 'latency',
    kind: 'latency',
    promised: 'latency ≤ 1 d',
    observed: '90000 s',
    message: 'the newest value is 90000 s old; at most 86400 s were promised',
    state: 'open',
    openedAt: '2026-12-05T10:00:00.000Z',
    resolvedAt: null,
    resolution: null,
    ...overrides,
  };
}
