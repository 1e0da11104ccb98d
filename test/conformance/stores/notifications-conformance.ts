import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { MeshEvent } from '../../../src/core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../../src/core/notify/notification-model.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

/**
 * Notifications (issue 13) for every store: events stored once by id, subscriptions,
 * deliveries added once and changed atomically. Several instances over one backing stand
 * for several processes sharing it.
 */
export function describeNotificationsConformance(subject: StoreUnderTest): void {
  describe(`store conformance, notifications: ${subject.name}`, () => {
    const { backing, openOn } = storeFixtures(subject);

    it('stores an event once by id, even from two instances at once', async () => {
      const b = await backing();
      const [one, two] = [await openOn(b), await openOn(b)];
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => one.notifications.addEvent(event('e1'))),
        ...Array.from({ length: 5 }, () =>
          two.notifications.addEvent({ ...event('e1'), subject: 'other' }),
        ),
      ]);
      assert.equal(results.filter(Boolean).length, 1, 'exactly one add stored it');
      const stored = await one.notifications.getEvent('e1');
      assert.ok(stored);
      assert.equal(await two.notifications.getEvent('e2'), null);
      assert.equal(await one.notifications.addEvent(event('e2')), true);
      assert.deepEqual(await two.notifications.getEvent('e2'), event('e2'));
    });

    it('adds, lists newest first by owner and enabled, updates and deletes subscriptions', async () => {
      const b = await backing();
      const store = await openOn(b);
      const s1 = subscription('s1', 'user:ana');
      const s2 = subscription('s2', 'team:sales');
      const s3 = { ...subscription('s3', 'user:ana'), enabled: false };
      for (const s of [s1, s2, s3]) await store.notifications.addSubscription(s);
      await assert.rejects(store.notifications.addSubscription(s1), /exists/);
      const other = await openOn(b);
      const all = await other.notifications.listSubscriptions({});
      assert.deepEqual(all.items, [s3, s2, s1]);
      const ana = await other.notifications.listSubscriptions({ owners: ['user:ana'] });
      assert.deepEqual(ana.items, [s3, s1]);
      const enabled = await other.notifications.listSubscriptions({ enabled: true });
      assert.deepEqual(enabled.items, [s2, s1]);
      assert.deepEqual((await other.notifications.listSubscriptions({ owners: [] })).items, []);
      const page1 = await other.notifications.listSubscriptions({ limit: 2 });
      assert.deepEqual(page1.items, [s3, s2]);
      const page2 = await other.notifications.listSubscriptions({ limit: 2, cursor: page1.next });
      assert.deepEqual(page2.items, [s1]);
      assert.equal(page2.next, null);
      const changed = await other.notifications.updateSubscription('s1', (s) => ({
        ...s,
        enabled: false,
      }));
      assert.equal(changed?.enabled, false);
      assert.equal((await store.notifications.getSubscription('s1'))?.enabled, false);
      assert.equal(await store.notifications.updateSubscription('nope', (s) => s), null);
      assert.equal(await store.notifications.deleteSubscription('s2'), true);
      assert.equal(await other.notifications.deleteSubscription('s2'), false);
      assert.equal(await other.notifications.getSubscription('s2'), null);
      assert.deepEqual(
        (await other.notifications.listSubscriptions({})).items.map((s) => s.id),
        ['s3', 's1'],
      );
    });

    it('adds a delivery once, filters the log and changes a delivery atomically', async () => {
      const b = await backing();
      const [one, two] = [await openOn(b), await openOn(b)];
      const d1 = delivery('d1', { owner: 'user:ana', eventId: 'e1', subscriptionId: null });
      const d2 = delivery('d2', { owner: 'team:sales', eventId: 'e1', subscriptionId: 's9' });
      const d3 = delivery('d3', { owner: 'user:ana', eventId: 'e2', subscriptionId: 's9' });
      const added = await Promise.all([
        one.notifications.addDelivery(d1),
        two.notifications.addDelivery(d1),
      ]);
      assert.deepEqual(added.sort(), [false, true]);
      assert.equal(await one.notifications.addDelivery(d2), true);
      assert.equal(await one.notifications.addDelivery(d3), true);
      const ids = async (filter: Parameters<MeshworkStore['notifications']['listDeliveries']>[0]) =>
        (await two.notifications.listDeliveries(filter)).items.map((d) => d.id);
      assert.deepEqual(await ids({}), ['d3', 'd2', 'd1']);
      assert.deepEqual(await ids({ owners: ['user:ana'] }), ['d3', 'd1']);
      assert.deepEqual(await ids({ eventIds: ['e1'] }), ['d2', 'd1']);
      assert.deepEqual(await ids({ subscriptionIds: ['s9'] }), ['d3', 'd2']);
      assert.deepEqual(await ids({ states: ['pending'] }), ['d3', 'd2', 'd1']);
      assert.deepEqual(await ids({ states: [] }), []);
      assert.deepEqual(await ids({ owners: [] }), []);

      // Twenty concurrent appends of an attempt from two instances: none is lost.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : two).notifications.updateDelivery('d1', (d) => ({
            ...d,
            attempts: [...d.attempts, attempt(d.attempts.length + 1)],
          })),
        ),
      );
      const after = await one.notifications.getDelivery('d1');
      assert.deepEqual(
        after?.attempts.map((a) => a.attempt),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const delivered = await two.notifications.updateDelivery('d1', (d) => ({
        ...d,
        state: 'delivered',
      }));
      assert.equal(delivered?.state, 'delivered');
      assert.deepEqual(await ids({ states: ['delivered'] }), ['d1']);
      assert.equal(await one.notifications.updateDelivery('nope', (d) => d), null);
    });

    it('prunes finished deliveries and unreferred events before the cutoff, never a pending delivery', async () => {
      const b = await backing();
      const [one, two] = [await openOn(b), await openOn(b)];
      const OLD = '2026-01-01T00:00:00.000Z';
      const NEW = '2026-12-05T10:00:00.000Z';
      const CUTOFF = '2026-06-01T00:00:00.000Z';
      const at = (id: string, when: string): MeshEvent => ({ ...event(id), at: when });
      // old-done: every delivery finished → event and deliveries go.
      // old-pending: one delivery still pending (a retry) → it and its event stay.
      // old-none: an event without deliveries → goes. new: recent → stays.
      for (const e of [
        at('old-done', OLD),
        at('old-pending', OLD),
        at('old-none', OLD),
        at('new', NEW),
      ])
        await one.notifications.addEvent(e);
      const made = (
        id: string,
        eventId: string,
        state: Delivery['state'],
        createdAt: string,
      ): Delivery => ({
        ...delivery(id, { owner: 'user:ana', eventId, subscriptionId: null }),
        state,
        createdAt,
      });
      for (const d of [
        made('d-delivered', 'old-done', 'delivered', OLD),
        made('d-failed', 'old-done', 'failed', OLD),
        made('d-pending', 'old-pending', 'pending', OLD),
        made('d-pending-done', 'old-pending', 'delivered', OLD),
        made('d-new', 'new', 'delivered', NEW),
      ])
        await one.notifications.addDelivery(d);
      await assert.rejects(two.notifications.prune({ before: 'yesterday' }), /ISO time/);
      await assert.rejects(two.notifications.prune({ before: '2026-06-01' }), /ISO time/);
      assert.deepEqual(await two.notifications.prune({ before: CUTOFF }), {
        events: 2,
        deliveries: 3,
      });
      const ids = async () =>
        (await one.notifications.listDeliveries({})).items.map((d) => d.id).sort();
      assert.deepEqual(await ids(), ['d-new', 'd-pending']);
      assert.equal(await one.notifications.getEvent('old-done'), null);
      assert.equal(await one.notifications.getEvent('old-none'), null);
      assert.ok(
        await one.notifications.getEvent('old-pending'),
        'a pending delivery keeps its event',
      );
      assert.ok(await one.notifications.getEvent('new'));
      // Idempotent; and once the pending delivery finishes, the next prune takes it and its event.
      assert.deepEqual(await one.notifications.prune({ before: CUTOFF }), {
        events: 0,
        deliveries: 0,
      });
      await two.notifications.updateDelivery('d-pending', (d) => ({ ...d, state: 'failed' }));
      assert.deepEqual(await one.notifications.prune({ before: CUTOFF }), {
        events: 1,
        deliveries: 1,
      });
      assert.deepEqual(await ids(), ['d-new']);
      // A reopened store (the embedded store's log after compaction) agrees.
      const fresh = await openOn(b);
      assert.deepEqual(
        (await fresh.notifications.listDeliveries({})).items.map((d) => d.id),
        ['d-new'],
      );
      assert.equal(await fresh.notifications.getEvent('old-pending'), null);
    });
  });
}

function event(id: string): MeshEvent {
  return {
    id,
    type: 'check.failed',
    at: '2026-12-05T10:00:00.000Z',
    subject: 'sales.orders',
    productId: 'sales.orders',
    domain: 'sales',
    recipients: { users: ['ana'], teams: ['sales-team'] },
    data: { runId: 'run-1', failed: 2 },
  };
}

function subscription(id: string, owner: Subscription['owner']): Subscription {
  return {
    id,
    owner,
    createdBy: 'ana',
    types: ['check.failed', 'sla.breached'],
    scope: { kind: 'product', productId: 'sales.orders' },
    channel: { kind: 'webhook', url: 'https://hooks.example.com/x', secret: 'whsec_test' },
    language: null,
    enabled: true,
    createdAt: '2026-12-05T10:00:00.000Z',
  };
}

function delivery(
  id: string,
  fields: Pick<Delivery, 'owner' | 'eventId' | 'subscriptionId'>,
): Delivery {
  return {
    id,
    ...fields,
    eventType: 'check.failed',
    channel: 'email',
    destination: 'ana@example.com',
    address: 'ana@example.com',
    language: 'de',
    state: 'pending',
    attempts: [],
    createdAt: '2026-12-05T10:00:00.000Z',
    finishedAt: null,
  };
}

function attempt(n: number): Delivery['attempts'][number] {
  return {
    attempt: n,
    at: '2026-12-05T10:00:00.000Z',
    durationMs: 5,
    statusCode: 500,
    outcome: 'retry',
    error: { code: 'http-500', message: 'the receiver answered 500' },
    response: null,
  };
}
