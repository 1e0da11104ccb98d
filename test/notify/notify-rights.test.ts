import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { domainRolesOf } from '../../src/app/catalog/teams.ts';
import { createStorePublisher, teamMembersIn } from '../../src/app/notify/store-publisher.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Subscription } from '../../src/core/notify/notification-model.ts';
import type { AccessFixture } from '../server/access-support.ts';
import { call, createAccessFixture, PEOPLE } from '../server/access-support.ts';

/**
 * Who hears what (security review of issue 13): a team is its domain and its name, a
 * `job.failed` reaches only who may see the job, and a subscription ends with its account.
 */

const teamsOf = (fx: AccessFixture) =>
  new Map([...fx.catalog.current.domains].map(([name, d]) => [name, d.teams]));

function publisherOf(fx: AccessFixture) {
  return createStorePublisher(fx.store, {
    teamMembers: (team) => teamMembersIn(teamsOf(fx))(team),
    domainRoles: (username) => domainRolesOf(teamsOf(fx), username),
    defaultLanguage: () => 'en',
  });
}

function hook(
  id: string,
  owner: Subscription['owner'],
  fields: Partial<Subscription> = {},
): Subscription {
  return {
    id,
    owner,
    createdBy: owner.slice(owner.indexOf(':') + 1),
    types: ['job.failed'],
    scope: { kind: 'mesh' },
    channel: { kind: 'webhook', url: `https://hooks.example.com/${id}`, secret: 's' },
    language: null,
    enabled: true,
    createdAt: new Date().toISOString(),
    ...fields,
  };
}

function jobFailed(id: string, fields: Partial<MeshEvent> = {}): MeshEvent {
  return {
    id: `job.failed:${id}`,
    type: 'job.failed',
    at: new Date().toISOString(),
    subject: id,
    productId: null,
    domain: null,
    recipients: { users: [], teams: [] },
    data: {
      kind: 'test-contract',
      target: 'hr-salaries',
      attempts: 3,
      code: 'executor-crashed',
      message: 'relation "hr.salaries" does not exist at host db.internal',
    },
    ...fields,
  };
}

type Body = { subscription: { id: string; owner: string }; items: { id: string; owner: string }[] };

describe('a team is its domain and its name', () => {
  let fx: AccessFixture;
  let real: string;
  before(async () => {
    fx = await createAccessFixture();
    const created = await call(fx.app, 'POST', '/api/subscriptions', fx.as.consumerOwner, {
      team: 'finance-team',
      types: ['access.request-decided', 'grant.expiring'],
      scope: { kind: 'mesh' },
      channel: { kind: 'webhook', url: 'https://finance-internal.example.com/hook' },
    });
    assert.equal(created.status, 201);
    real = (created.body as Body).subscription.id;
    assert.equal((created.body as Body).subscription.owner, 'team:finance/finance-team');
    // Not checked by `meshwork validate`: a member of sales names a team of the sales
    // domain like the finance domain's team, and makes themself its owner.
    await appendFile(
      join(fx.dir, 'domains/sales/domain.yaml'),
      `  - name: finance-team\n    description: x\n    members:\n      - username: ${PEOPLE.producerMember}\n        name: J\n        email: j@x.example\n        role: owner\n`,
    );
    await fx.catalog.load();
    assert.equal(
      teamsOf(fx)
        .get('sales')
        ?.some((t) => t.name === 'finance-team'),
      true,
      'the namesake team is in the served mesh',
    );
  });
  after(() => fx.close());

  it("the owner of a namesake team in another domain neither sees, deletes nor subscribes for the real team's", async () => {
    const list = await call(fx.app, 'GET', '/api/subscriptions', fx.as.producerMember);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (list.body as Body).items.map((s) => s.id).filter((id) => id === real),
      [],
    );
    const removed = await call(
      fx.app,
      'DELETE',
      `/api/subscriptions/${real}`,
      fx.as.producerMember,
    );
    assert.equal(removed.status, 404);
    assert.ok(await fx.store.notifications.getSubscription(real), 'still there');

    const own = await call(fx.app, 'POST', '/api/subscriptions', fx.as.producerMember, {
      team: 'finance-team',
      types: ['access.request-decided', 'grant.expiring'],
      scope: { kind: 'mesh' },
      channel: { kind: 'webhook', url: 'https://attacker.example.com/x' },
    });
    // Their own sales team of that name, not finance's.
    assert.equal(own.status, 201);
    assert.equal((own.body as Body).subscription.owner, 'team:sales/finance-team');
    const qualified = await call(fx.app, 'POST', '/api/subscriptions', fx.as.producerMember, {
      team: 'finance/finance-team',
      types: ['grant.expiring'],
      scope: { kind: 'mesh' },
      channel: { kind: 'webhook', url: 'https://attacker.example.com/y' },
    });
    assert.equal(qualified.status, 403);
  });

  it("an event for the finance team reaches the finance team's subscription and members only", async () => {
    const deliveries = await publisherOf(fx).publishWithDeliveries({
      id: 'grant.expiring:g1:2027-01-01',
      type: 'grant.expiring',
      at: new Date().toISOString(),
      subject: 'g1',
      productId: 'sales-orders',
      domain: 'sales',
      recipients: { users: [], teams: ['finance/finance-team'] },
      data: { grantId: 'g1' },
    });
    const owners = deliveries.map((d) => d.owner);
    assert.ok(owners.includes('team:finance/finance-team'), owners.join(','));
    assert.ok(!owners.includes('team:sales/finance-team'), owners.join(','));
    assert.ok(!owners.includes(`user:${PEOPLE.producerMember}`), owners.join(','));
    assert.ok(owners.includes(`user:${PEOPLE.consumerOwner}`), owners.join(','));
  });

  it('a bare team name counts only while one domain has it (events and subscriptions stored before)', async () => {
    const members = teamMembersIn(teamsOf(fx));
    assert.deepEqual(members('finance-team'), []);
    assert.ok(members('finance/finance-team').includes(PEOPLE.consumerOwner));
    assert.ok(!members('finance/finance-team').includes(PEOPLE.producerMember));
    assert.deepEqual(members('sales/finance-team'), [PEOPLE.producerMember]);
    assert.ok(members('marketing-team').length > 0, 'a name one domain has still counts');

    await fx.store.notifications.addSubscription(
      hook('sub-legacy', 'team:finance-team', { types: ['grant.expiring'] }),
    );
    for (const person of [fx.as.producerMember, fx.as.consumerOwner]) {
      const removed = await call(fx.app, 'DELETE', '/api/subscriptions/sub-legacy', person);
      assert.equal(
        removed.status,
        404,
        'an ambiguous old team subscription is the admin’s to handle',
      );
    }
    const admin = await call(fx.app, 'DELETE', '/api/subscriptions/sub-legacy', fx.as.admin);
    assert.equal(admin.status, 204);
  });
});

describe('job.failed reaches only who may see the job', () => {
  let fx: AccessFixture;
  before(async () => {
    fx = await createAccessFixture();
  });
  after(() => fx.close());

  it('a user who can see no job may not subscribe to job.failed', async () => {
    const body = {
      types: ['job.failed'],
      scope: { kind: 'mesh' },
      channel: { kind: 'webhook', url: 'https://attacker.example.com/x' },
    };
    assert.equal(
      (await call(fx.app, 'POST', '/api/subscriptions', fx.as.stranger, body)).status,
      403,
    );
    const jobs = await call(fx.app, 'GET', '/api/jobs?kind=test-contract', fx.as.stranger);
    assert.deepEqual((jobs.body as { items: unknown[] }).items, []);
    const otherDomain = { ...body, scope: { kind: 'domain', domain: 'sales' } };
    assert.equal(
      (await call(fx.app, 'POST', '/api/subscriptions', fx.as.consumer, otherDomain)).status,
      403,
    );
    assert.equal((await call(fx.app, 'POST', '/api/subscriptions', fx.as.dpo, body)).status, 201);
    assert.equal(
      (await call(fx.app, 'POST', '/api/subscriptions', fx.as.producerMember, body)).status,
      201,
    );
  });

  it("a job's failure reaches admins and governance, and a build's the members of its domain", async () => {
    const subs = [
      hook('sub-stranger', `user:${PEOPLE.stranger}`),
      hook('sub-finance', `user:${PEOPLE.consumer}`),
      hook('sub-sales', `user:${PEOPLE.producerMember}`),
      hook('sub-sales-team', 'team:sales/sales-team'),
      hook('sub-finance-team', 'team:finance/finance-team'),
      hook('sub-admin', `user:${PEOPLE.admin}`),
      hook('sub-dpo', `user:${PEOPLE.dpo}`),
    ];
    for (const s of subs) await fx.store.notifications.addSubscription(s);
    const hearing = async (event: MeshEvent) =>
      (await publisherOf(fx).publishWithDeliveries(event))
        .flatMap((d) => (d.subscriptionId?.startsWith('sub-') ? [d.subscriptionId] : []))
        .sort();

    assert.deepEqual(await hearing(jobFailed('j-test')), ['sub-admin', 'sub-dpo']);
    const build = jobFailed('j-build', {
      productId: 'sales-orders',
      domain: 'sales',
      data: { jobId: 'j-build', kind: 'build-product', code: 'x', attempts: 1 },
    });
    assert.deepEqual(await hearing(build), ['sub-admin', 'sub-dpo', 'sub-sales', 'sub-sales-team']);
    // The worker's own event of a build (no domain known there): only who sees every job.
    const unknownDomain = jobFailed('j-build-2', {
      productId: 'sales-orders',
      data: { kind: 'build-product', target: 'sales-orders', attempts: 1 },
    });
    assert.deepEqual(await hearing(unknownDomain), ['sub-admin', 'sub-dpo']);
  });
});

describe('a subscription ends with its account', () => {
  let fx: AccessFixture;
  before(async () => {
    fx = await createAccessFixture();
  });
  after(() => fx.close());

  const checkFailed = (id: string): MeshEvent => ({
    id: `check.failed:${id}`,
    type: 'check.failed',
    at: new Date().toISOString(),
    subject: 'sales-orders',
    productId: 'sales-orders',
    domain: 'sales',
    recipients: { users: [], teams: [] },
    data: { runId: id },
  });

  it("a disabled user's subscription gets nothing; their team's subscription stays the team's", async () => {
    const person = await fx.signInAs('leaver');
    const own = await call(fx.app, 'POST', '/api/subscriptions', person, {
      types: ['check.failed'],
      scope: { kind: 'mesh' },
      channel: { kind: 'webhook', url: 'https://leaver.example.com/hook' },
    });
    assert.equal(own.status, 201);
    const id = (own.body as Body).subscription.id;
    const heard = async (eventId: string) =>
      (await publisherOf(fx).publishWithDeliveries(checkFailed(eventId))).map(
        (d) => d.subscriptionId,
      );
    assert.ok((await heard('r1')).includes(id), 'heard while active');
    const disabled = await call(fx.app, 'PATCH', '/api/users/leaver', fx.as.admin, {
      disabled: true,
    });
    assert.equal(disabled.status, 200);
    assert.ok(!(await heard('r2')).includes(id), 'nothing once disabled');

    await fx.store.notifications.addSubscription(
      hook('sub-team-by-leaver', 'team:sales/sales-team', {
        createdBy: 'leaver',
        types: ['check.failed'],
      }),
    );
    assert.ok((await heard('r3')).includes('sub-team-by-leaver'));
  });

  it('deleting a user deletes their subscriptions; a new account of the name inherits none', async () => {
    const person = await fx.signInAs('namesake');
    const own = await call(fx.app, 'POST', '/api/subscriptions', person, {
      types: ['check.failed'],
      scope: { kind: 'mesh' },
      channel: { kind: 'webhook', url: 'https://old-owner.example.com/hook' },
    });
    assert.equal(own.status, 201);
    const id = (own.body as Body).subscription.id;
    assert.equal((await call(fx.app, 'DELETE', '/api/users/namesake', fx.as.admin)).status, 204);
    assert.equal(await fx.store.notifications.getSubscription(id), null);

    // One left behind (a crash between the steps, an older version) is not the new one's.
    await fx.store.notifications.addSubscription(
      hook('sub-left-behind', 'user:namesake', {
        types: ['check.failed'],
        createdAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    await fx.signInAs('namesake');
    const deliveries = await publisherOf(fx).publishWithDeliveries(checkFailed('r4'));
    assert.ok(!deliveries.some((d) => d.subscriptionId === 'sub-left-behind'));
  });
});
