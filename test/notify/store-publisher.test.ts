import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStorePublisher } from '../../src/app/notify/store-publisher.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Subscription } from '../../src/core/notify/notification-model.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const AT = '2026-12-05T10:00:00.000Z';

function event(fields: Partial<MeshEvent> = {}): MeshEvent {
  return {
    id: 'check.failed:run-1',
    type: 'check.failed',
    at: AT,
    subject: 'sales-orders',
    productId: 'sales-orders-product',
    domain: 'sales',
    recipients: { users: [], teams: [] },
    data: { runId: 'run-1' },
    ...fields,
  };
}

function subscription(id: string, fields: Partial<Subscription> = {}): Subscription {
  return {
    id,
    owner: 'user:ana',
    createdBy: 'ana',
    types: ['check.failed'],
    scope: { kind: 'mesh' },
    channel: { kind: 'webhook', url: `https://hooks.example.com/${id}`, secret: 's' },
    language: null,
    enabled: true,
    createdAt: AT,
    ...fields,
  };
}

async function setUp() {
  const store = createMemoryStore();
  for (const [username, email, disabled] of [
    ['ana', 'ana@example.com', false],
    ['ben', 'Ana@Example.com', false],
    ['cem', 'cem@example.com', true],
  ] as const)
    await store.users.put({
      username,
      name: username,
      email,
      roles: [],
      passwordHash: null,
      oidcSubject: null,
      disabled,
      createdAt: AT,
    });
  const publisher = createStorePublisher(store, {
    teamMembers: (team) => (team === 'sales-team' ? ['ana', 'cem', 'ghost'] : []),
    defaultLanguage: () => 'de',
    now: () => new Date(AT),
  });
  return { store, publisher };
}

describe('createStorePublisher: the fan-out', () => {
  it('delivers to matching subscriptions only: type, scope and enabled', async () => {
    const { store, publisher } = await setUp();
    const subs = [
      subscription('mesh'),
      subscription('product', { scope: { kind: 'product', productId: 'sales-orders-product' } }),
      subscription('other-product', { scope: { kind: 'product', productId: 'hr-people' } }),
      subscription('domain', { scope: { kind: 'domain', domain: 'sales' } }),
      subscription('other-domain', { scope: { kind: 'domain', domain: 'hr' } }),
      subscription('other-type', { types: ['sla.breached'] }),
      subscription('disabled', { enabled: false }),
    ];
    for (const s of subs) await store.notifications.addSubscription(s);
    const deliveries = await publisher.publishWithDeliveries(event());
    assert.deepEqual(deliveries.map((d) => d.subscriptionId).sort(), ['domain', 'mesh', 'product']);
    assert.ok(deliveries.every((d) => d.state === 'pending' && d.language === 'de'));
    assert.deepEqual(
      deliveries.map((d) => d.destination),
      deliveries.map(() => 'https://hooks.example.com'),
      'a URL is logged by its origin',
    );
    for (const d of deliveries) {
      const job = await store.jobs.get(`notify:${d.id}`);
      assert.equal(job?.kind, 'notify-deliver');
      assert.equal(job?.target, d.id);
    }
  });

  it('stores the event once and fans it out once however often it is published', async () => {
    const { store, publisher } = await setUp();
    await store.notifications.addSubscription(subscription('mesh'));
    const first = await publisher.publishWithDeliveries(event());
    const again = await Promise.all([
      publisher.publishWithDeliveries(event({ subject: 'changed' })),
      publisher.publishWithDeliveries(event()),
    ]);
    assert.deepEqual(
      again.map((list) => list.map((d) => d.id)),
      [first.map((d) => d.id), first.map((d) => d.id)],
    );
    assert.equal((await store.notifications.listDeliveries({})).items.length, 1);
    assert.equal((await store.jobs.list({ kinds: ['notify-deliver'] })).items.length, 1);
    assert.equal(
      (await store.notifications.getEvent('check.failed:run-1'))?.subject,
      'sales-orders',
    );
  });

  it("reaches a team's members by e-mail, one mail per address, and says who could not be reached", async () => {
    const { store, publisher } = await setUp();
    await store.notifications.addSubscription(
      subscription('ana-mail', { channel: { kind: 'email', address: null }, language: 'en' }),
    );
    const deliveries = await publisher.publishWithDeliveries(
      event({ recipients: { users: ['ben'], teams: ['sales-team'] } }),
    );
    const shown = deliveries
      .map((d) => [d.owner, d.destination, d.state, d.attempts[0]?.error?.code ?? null])
      .sort();
    assert.deepEqual(shown, [
      // ana (team member) and ben share one address, case aside: one e-mail.
      ['user:ana', 'ana@example.com', 'pending', null],
      // ghost has no account; cem is disabled and hears nothing.
      ['user:ghost', 'ghost', 'failed', 'no-email-address'],
    ]);
    assert.equal((await store.jobs.list({ kinds: ['notify-deliver'] })).items.length, 1);
  });

  it('sends access events only to subscriptions of the people and teams they name', async () => {
    const { store, publisher } = await setUp();
    const waiting = ['access.request-waiting' as const];
    await store.notifications.addSubscription(
      subscription('nosy', { owner: 'user:eve', types: waiting }),
    );
    await store.notifications.addSubscription(
      subscription('decider', { owner: 'user:ana', types: waiting }),
    );
    await store.notifications.addSubscription(
      subscription('team', { owner: 'team:sales-team', types: waiting }),
    );
    const deliveries = await publisher.publishWithDeliveries(
      event({
        id: 'access.request-waiting:req-1',
        type: 'access.request-waiting',
        recipients: { users: ['ana'], teams: ['sales-team'] },
      }),
    );
    const bySubscription = deliveries.map((d) => d.subscriptionId).filter((id) => id !== null);
    assert.deepEqual(bySubscription.sort(), ['decider', 'team'], 'eve, not named, hears nothing');
    // Other events go to every matching subscription.
    await store.notifications.addSubscription(subscription('eve-checks', { owner: 'user:eve' }));
    const checks = await publisher.publishWithDeliveries(event({ id: 'check.failed:run-9' }));
    assert.deepEqual(
      checks.map((d) => d.subscriptionId),
      ['eve-checks'],
    );
  });
});
