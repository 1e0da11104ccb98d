import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccessFixture } from './access-support.ts';
import { call, createAccessFixture } from './access-support.ts';

/** The notifications API (issue 13): who may subscribe whom, secrets shown once, the log. */
describe('notifications API', () => {
  let fx: AccessFixture;
  before(async () => {
    fx = await createAccessFixture();
  });
  after(() => fx.close());

  const webhook = (overrides: Record<string, unknown> = {}) => ({
    types: ['check.failed'],
    scope: { kind: 'product', productId: 'sales-orders' },
    channel: { kind: 'webhook', url: 'https://hooks.example.com/meshwork/abc?token=t0p' },
    ...overrides,
  });

  it('creates my webhook subscription and shows its secret once, never again', async () => {
    const created = await call(fx.app, 'POST', '/api/subscriptions', fx.as.consumer, webhook());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const body = created.body as {
      subscription: { id: string; owner: string; channel: { destination: string } };
      secret: string;
    };
    assert.match(body.secret, /^whsec_[A-Za-z0-9_-]{32}$/);
    assert.equal(body.subscription.owner, 'user:ahofmann');
    assert.equal(body.subscription.channel.destination, 'https://hooks.example.com');
    const listed = await call(fx.app, 'GET', '/api/subscriptions', fx.as.consumer);
    assert.equal(listed.status, 200);
    const text = JSON.stringify(listed.body);
    assert.ok(text.includes(body.subscription.id));
    assert.equal(text.includes(body.secret), false, 'the secret is not listed');
    assert.equal(text.includes('token=t0p'), false, "the URL's path and query are not listed");
    const stored = await fx.store.notifications.getSubscription(body.subscription.id);
    assert.ok(stored?.channel.kind === 'webhook' && stored.channel.secret === body.secret);
  });

  it('refuses webhook URLs into the internal network and plain http (SSRF)', async () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://127.0.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]:5432/',
      'https://10.0.0.7/hook',
    ]) {
      const refused = await call(
        fx.app,
        'POST',
        '/api/subscriptions',
        fx.as.consumer,
        webhook({ channel: { kind: 'webhook', url } }),
      );
      assert.equal(refused.status, 400, `${url}: ${JSON.stringify(refused.body)}`);
    }
    const slackInternal = await call(
      fx.app,
      'POST',
      '/api/subscriptions',
      fx.as.consumer,
      webhook({ channel: { kind: 'slack', url: 'https://192.168.0.10/services/x' } }),
    );
    assert.equal(slackInternal.status, 400);
  });

  it("lets only a team's owners subscribe, change and delete for it; members see it", async () => {
    // A team's e-mail goes to a member's account address (test/notify/limits.test.ts).
    const member = await fx.store.users.get('ahofmann');
    assert.ok(member);
    await fx.store.users.put({ ...member, email: 'a.hofmann@example.com' });
    const team = webhook({
      team: 'finance-team',
      channel: { kind: 'email', address: 'a.hofmann@example.com' },
    });
    const byMember = await call(fx.app, 'POST', '/api/subscriptions', fx.as.consumer, team);
    assert.equal(byMember.status, 403);
    const byStranger = await call(fx.app, 'POST', '/api/subscriptions', fx.as.stranger, team);
    assert.equal(byStranger.status, 403);
    const byOwner = await call(fx.app, 'POST', '/api/subscriptions', fx.as.consumerOwner, team);
    assert.equal(byOwner.status, 201, JSON.stringify(byOwner.body));
    const id = (byOwner.body as { subscription: { id: string }; secret: null }).subscription.id;
    assert.equal((byOwner.body as { secret: unknown }).secret, null);
    const memberList = await call(fx.app, 'GET', '/api/subscriptions', fx.as.consumer);
    assert.ok(JSON.stringify(memberList.body).includes(id), 'members see their team subscriptions');
    const strangerList = await call(fx.app, 'GET', '/api/subscriptions', fx.as.stranger);
    assert.deepEqual((strangerList.body as { items: unknown[] }).items, []);
    assert.equal(
      (await call(fx.app, 'DELETE', `/api/subscriptions/${id}`, fx.as.stranger)).status,
      404,
    );
    assert.equal(
      (await call(fx.app, 'DELETE', `/api/subscriptions/${id}`, fx.as.consumer)).status,
      403,
    );
    assert.equal(
      (await call(fx.app, 'DELETE', `/api/subscriptions/${id}`, fx.as.consumerOwner)).status,
      204,
    );
    assert.equal(await fx.store.notifications.getSubscription(id), null);
    const teamWithoutAddress = await call(
      fx.app,
      'POST',
      '/api/subscriptions',
      fx.as.consumerOwner,
      webhook({ team: 'finance-team', channel: { kind: 'email' } }),
    );
    assert.equal(teamWithoutAddress.status, 400);
  });

  it('validates the body: unknown event types and channels are refused', async () => {
    for (const body of [
      webhook({ types: [] }),
      webhook({ types: ['no.such-type'] }),
      webhook({ channel: { kind: 'pager', url: 'https://x.example.com' } }),
      webhook({ scope: { kind: 'product' } }),
      webhook({ channel: { kind: 'email', address: 'not an address' } }),
    ]) {
      const refused = await call(fx.app, 'POST', '/api/subscriptions', fx.as.consumer, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
    }
  });

  it('sends a test event to one subscription as a job, and the log shows it to its owner only', async () => {
    const created = await call(
      fx.app,
      'POST',
      '/api/subscriptions',
      fx.as.producerOwner,
      webhook({ channel: { kind: 'teams', url: 'https://example.webhook.office.com/abc/def' } }),
    );
    const id = (created.body as { subscription: { id: string } }).subscription.id;
    assert.equal(
      (await call(fx.app, 'POST', `/api/subscriptions/${id}/test`, fx.as.stranger)).status,
      404,
    );
    const tested = await call(fx.app, 'POST', `/api/subscriptions/${id}/test`, fx.as.producerOwner);
    assert.equal(tested.status, 202, JSON.stringify(tested.body));
    const result = tested.body as {
      eventId: string;
      deliveries: { id: string; state: string; channel: string; destination: string }[];
    };
    assert.match(result.eventId, new RegExp(`^test:${id}:`));
    assert.equal(result.deliveries.length, 1);
    const [delivery] = result.deliveries;
    assert.deepEqual(
      [delivery!.state, delivery!.channel, delivery!.destination],
      ['pending', 'teams', 'https://example.webhook.office.com'],
    );
    const job = await fx.store.jobs.get(`notify:${delivery!.id}`);
    assert.equal(job?.kind, 'notify-deliver');
    assert.equal(job?.state, 'queued');

    const mine = await call(fx.app, 'GET', '/api/notifications/deliveries', fx.as.producerOwner);
    assert.equal(mine.status, 200);
    assert.ok(JSON.stringify(mine.body).includes(delivery!.id));
    const theirs = await call(fx.app, 'GET', '/api/notifications/deliveries', fx.as.stranger);
    assert.equal(JSON.stringify(theirs.body).includes(delivery!.id), false);
    const admin = await call(fx.app, 'GET', '/api/notifications/deliveries', fx.as.admin);
    assert.ok(JSON.stringify(admin.body).includes(delivery!.id), 'admins see every delivery');
  });

  it('needs a session', async () => {
    assert.equal((await call(fx.app, 'GET', '/api/subscriptions', {})).status, 401);
    assert.equal((await call(fx.app, 'GET', '/api/notifications/deliveries', {})).status, 401);
  });
});
