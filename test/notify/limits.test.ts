import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capFanOut } from '../../src/app/notify/fan-out-cap.ts';
import { createStorePublisher } from '../../src/app/notify/store-publisher.ts';
import {
  createTestSendLimiter,
  TestSendTooSoonError,
} from '../../src/app/notify/test-send-limit.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Subscription } from '../../src/core/notify/notification-model.ts';
import type { AccessFixture } from '../server/access-support.ts';
import { call, createAccessFixture } from '../server/access-support.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const AT = '2026-12-05T10:00:00.000Z';

/** Review finding 5 (issue 13): test sends, e-mail addresses and one event's fan-out are bounded. */
describe('notification limits', () => {
  let fx: AccessFixture;
  before(async () => {
    fx = await createAccessFixture();
    for (const [username, email] of [
      ['ahofmann', 'a.hofmann@example.com'],
      ['tbauer', 't.bauer@example.com'],
    ] as const) {
      const user = await fx.store.users.get(username);
      assert.ok(user);
      await fx.store.users.put({ ...user, email });
    }
  });
  after(() => fx.close());

  const subscribe = (headers: Record<string, string>, channel: object, team?: string) =>
    call(fx.app, 'POST', '/api/subscriptions', headers, {
      types: ['check.failed'],
      scope: { kind: 'mesh' },
      channel,
      ...(team === undefined ? {} : { team }),
    });

  it('the attack: 300 test sends in a row make one delivery; the rest are 429 with Retry-After', async () => {
    const created = await subscribe(fx.as.producerOwner, {
      kind: 'webhook',
      url: 'https://hooks.example.com/flood',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = (created.body as { subscription: { id: string } }).subscription.id;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 300; i++) {
      const answer = await call(
        fx.app,
        'POST',
        `/api/subscriptions/${id}/test`,
        fx.as.producerOwner,
      );
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter ??= answer.res.headers.get('retry-after');
    }
    assert.equal(statuses[0], 202);
    assert.equal(statuses.filter((s) => s === 429).length, 299);
    assert.ok(
      retryAfter !== null && Number(retryAfter) >= 1 && Number(retryAfter) <= 60,
      retryAfter ?? '',
    );
    const deliveries = await fx.store.notifications.listDeliveries({
      subscriptionIds: [id],
      limit: 500,
    });
    assert.equal(deliveries.items.length, 1, 'one test delivery, not 300');
    const jobs = await fx.store.jobs.list({ limit: 500 });
    assert.equal(jobs.items.filter((j) => j.kind === 'notify-deliver').length, 1);
    // Another subscription has its own minute.
    const other = await subscribe(fx.as.producerOwner, {
      kind: 'slack',
      url: 'https://hooks.slack.com/services/x',
    });
    const otherId = (other.body as { subscription: { id: string } }).subscription.id;
    assert.equal(
      (await call(fx.app, 'POST', `/api/subscriptions/${otherId}/test`, fx.as.producerOwner))
        .status,
      202,
    );
  });

  it('the limiter frees a subscription after a minute', async () => {
    const limiter = createTestSendLimiter(createMemoryStore().attempts);
    const t0 = Date.parse(AT);
    await limiter.take('s1', new Date(t0));
    await assert.rejects(
      () => limiter.take('s1', new Date(t0 + 59_500)),
      (e: unknown) => e instanceof TestSendTooSoonError && e.retryAfterSeconds === 1,
    );
    await limiter.take('s2', new Date(t0 + 1000));
    await limiter.take('s1', new Date(t0 + 60_000));
  });

  it('two limiters on one store (two server processes) allow one test per minute between them', async () => {
    const store = createMemoryStore();
    const a = createTestSendLimiter(store.attempts);
    const b = createTestSendLimiter(store.attempts);
    const t0 = Date.parse(AT);
    await a.take('s1', new Date(t0));
    await assert.rejects(() => b.take('s1', new Date(t0 + 1000)), TestSendTooSoonError);
    await b.take('s1', new Date(t0 + 60_000));
    await assert.rejects(() => a.take('s1', new Date(t0 + 60_001)), TestSendTooSoonError);
  });

  it('the attack: an e-mail subscription to an address outside is refused; own and team members’ addresses are allowed', async () => {
    const outside = await subscribe(fx.as.consumer, {
      kind: 'email',
      address: 'victim@elsewhere.example',
    });
    assert.equal(outside.status, 403, JSON.stringify(outside.body));
    assert.match(JSON.stringify(outside.body), /own account's address/);
    const own = await subscribe(fx.as.consumer, {
      kind: 'email',
      address: 'A.Hofmann@example.com',
    });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    assert.equal((await subscribe(fx.as.consumer, { kind: 'email' })).status, 201);
    // Someone with no address on their account can name none.
    const none = await subscribe(fx.as.stranger, { kind: 'email', address: 'x@example.com' });
    assert.equal(none.status, 403);
    // A team: the account address of a member, not any address.
    const member = await subscribe(
      fx.as.consumerOwner,
      { kind: 'email', address: 'a.hofmann@example.com' },
      'finance-team',
    );
    assert.equal(member.status, 201, JSON.stringify(member.body));
    const foreign = await subscribe(
      fx.as.consumerOwner,
      { kind: 'email', address: 'victim@elsewhere.example' },
      'finance-team',
    );
    assert.equal(foreign.status, 403, JSON.stringify(foreign.body));
    // An admin may name a shared mailbox.
    const shared = await subscribe(
      fx.as.admin,
      { kind: 'email', address: 'finance@example.com' },
      'finance/finance-team',
    );
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
  });
});

describe("one event's fan-out is bounded and the overflow is said", () => {
  const event: MeshEvent = {
    id: 'check.failed:run-9',
    type: 'check.failed',
    at: AT,
    subject: 'sales-orders',
    productId: 'sales-orders',
    domain: 'sales',
    recipients: { users: [], teams: [] },
    data: {},
  };
  const subscription = (id: string, owner: Subscription['owner']): Subscription => ({
    id,
    owner,
    createdBy: owner.slice(5),
    types: ['check.failed'],
    scope: { kind: 'mesh' },
    channel: { kind: 'webhook', url: `https://hooks.example.com/${id}`, secret: 's' },
    language: null,
    enabled: true,
    createdAt: AT,
  });

  // A user's subscription hears only while the account exists (store-publisher.ts).
  const addUsers = async (store: ReturnType<typeof createMemoryStore>, names: string[]) => {
    for (const username of names)
      await store.users.put({
        username,
        name: username,
        email: null,
        roles: [],
        passwordHash: null,
        oidcSubject: null,
        disabled: false,
        createdAt: AT,
      });
  };

  it('the attack: one user with 100 webhook subscriptions gets 20 posts per event, the rest logged', async () => {
    const store = createMemoryStore();
    await addUsers(store, ['ben', 'eve']);
    await store.notifications.addSubscription(subscription('ben-1', 'user:ben'));
    for (let i = 0; i < 100; i++)
      await store.notifications.addSubscription(
        subscription(`eve-${String(i).padStart(3, '0')}`, 'user:eve'),
      );
    const warnings: string[] = [];
    const publisher = createStorePublisher(store, {
      teamMembers: () => [],
      defaultLanguage: () => 'en',
      now: () => new Date(AT),
      warn: (message) => warnings.push(message),
    });
    const deliveries = await publisher.publishWithDeliveries(event);
    const sent = deliveries.filter((d) => d.state === 'pending');
    assert.equal(sent.filter((d) => d.owner === 'user:eve').length, 20);
    assert.equal(
      sent.filter((d) => d.owner === 'user:ben').length,
      1,
      'others are not crowded out',
    );
    const overflow = deliveries.filter((d) => d.state === 'failed');
    assert.equal(overflow.length, 1);
    assert.equal(overflow[0]!.attempts[0]?.error?.code, 'fan-out-capped');
    assert.match(overflow[0]!.attempts[0].error.message, /80 were not made.*user:eve \(80\)/);
    assert.equal(overflow[0]!.owner, 'user:eve', 'the owner sees it in their delivery log');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /80 were not made/);
    const jobs = await store.jobs.list({ limit: 500 });
    assert.equal(jobs.items.length, 21, 'a job only for each delivery made');
    // Published again (a producer's retry): nothing more, the same overflow record.
    const again = await publisher.publishWithDeliveries(event);
    assert.equal(again.length, 22);
    assert.equal((await store.jobs.list({ limit: 500 })).items.length, 21);
  });

  it('at most 1000 deliveries per event, across many owners', async () => {
    const store = createMemoryStore();
    await addUsers(
      store,
      Array.from({ length: 61 }, (_, owner) => `u${String(owner).padStart(2, '0')}`),
    );
    for (let owner = 0; owner < 61; owner++)
      for (let i = 0; i < 20; i++)
        await store.notifications.addSubscription(
          subscription(`s-${owner}-${i}`, `user:u${String(owner).padStart(2, '0')}`),
        );
    const publisher = createStorePublisher(store, {
      teamMembers: () => [],
      defaultLanguage: () => 'en',
      now: () => new Date(AT),
    });
    const deliveries = await publisher.publishWithDeliveries(event);
    assert.equal(deliveries.filter((d) => d.state === 'pending').length, 1000);
    const overflow = deliveries.filter((d) => d.state === 'failed');
    assert.equal(overflow.length, 1);
    assert.match(overflow[0]!.attempts[0]!.error!.message, /1220 deliveries; 220 were not made/);
    assert.match(overflow[0]!.attempts[0]!.error!.message, /and \d+ more owners/);
  });

  it('keeps everything, with no overflow record, within the bounds', () => {
    const capped = capFanOut(event, [], AT);
    assert.deepEqual(capped, { kept: [], overflow: null, message: null });
  });
});
