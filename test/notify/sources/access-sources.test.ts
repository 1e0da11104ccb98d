import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { AccessRequestInput, AccessService } from '../../../src/app/access/access-service.ts';
import { createAccessService } from '../../../src/app/access/access-service.ts';
import type { PublishFailure } from '../../../src/app/notify/sources/publish-events.ts';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { NOW, USERS, days, meshOf, recordingProvisioner } from '../../app/access/access-fixture.ts';
import { recordingPublisher } from './recording-publisher.ts';

const kpis = (over: Partial<AccessRequestInput> = {}): AccessRequestInput => ({
  productId: 'sales-kpis',
  port: 'kpis',
  consumerTeam: 'marketing-team',
  purpose: 'reporting',
  endsAt: days(90),
  justification: 'Dashboards',
  ...over,
});
/** The orders port has a personal column: the owner and the DPO approve. */
const orders = (over: Partial<AccessRequestInput> = {}): AccessRequestInput =>
  kpis({ productId: 'sales-orders', port: 'orders', ...over });

interface Setup {
  service: AccessService;
  store: MeshworkStore;
  publisher: ReturnType<typeof recordingPublisher>;
  failures: PublishFailure[];
  clock: Date;
}

describe('access events: requests waiting and decided, grants expiring', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function setup(noticeDays?: number): Promise<Setup> {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-access-events-'));
    const store = createEmbeddedStore({ directory: join(directory, 'store') });
    await store.migrate();
    cleanups.push(async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    });
    // dora is the DPO: the governance role is an account's, read from the store.
    for (const [username, roles] of [
      ['dora', ['governance']],
      ['gerd', ['governance']],
      ['ada', ['admin']],
    ] as const)
      await store.users.put({
        username,
        name: username,
        email: null,
        roles: [...roles],
        passwordHash: null,
        oidcSubject: null,
        disabled: username === 'gerd',
        createdAt: NOW.toISOString(),
      });
    const mesh = await meshOf();
    const publisher = recordingPublisher();
    const failures: PublishFailure[] = [];
    const s: Setup = { store, publisher, failures, clock: NOW, service: undefined as never };
    s.service = createAccessService({
      store,
      mesh: () => Promise.resolve(mesh),
      now: () => s.clock,
      provision: recordingProvisioner(),
      events: { publisher, onFailure: (f) => failures.push(f) },
      ...(noticeDays === undefined ? {} : { expiryNoticeDays: noticeDays }),
    });
    return s;
  }

  it('a new request waits for the producing owners; the decision goes to the requester', async () => {
    const s = await setup();
    const created = await s.service.request(USERS.max, kpis());
    assert.deepEqual(
      s.publisher.events.map((e) => [e.id, e.type, e.recipients.users, e.domain]),
      [[`access.request-waiting:${created.id}:owner`, 'access.request-waiting', ['olga'], 'sales']],
    );
    const waiting = s.publisher.events[0]!;
    assert.equal(waiting.subject, created.id);
    assert.equal(waiting.productId, 'sales-kpis');
    assert.equal(waiting.data.waitingFor, 'owner');
    assert.equal(waiting.data.consumerTeam, 'marketing-team');
    s.publisher.events.length = 0;
    const decided = await s.service.decide(USERS.olga, created.id, { decision: 'approve' });
    assert.equal(decided.state, 'active');
    assert.deepEqual(
      s.publisher.events.map((e) => [e.id, e.type, e.recipients.users]),
      [[`access.request-decided:${created.id}`, 'access.request-decided', ['max']]],
    );
    assert.equal(s.publisher.events[0]!.data.decision, 'approved');
    assert.equal(s.publisher.events[0]!.data.grantId, decided.grantId);
    assert.deepEqual(s.failures, []);
  });

  it('personal data: after the owner, the request waits for the enabled DPOs (a new event)', async () => {
    const s = await setup();
    const created = await s.service.request(USERS.max, orders());
    assert.deepEqual(created.requiredApprovals, ['owner', 'dpo']);
    assert.deepEqual(s.publisher.events[0]!.recipients.users, ['dora', 'olga']);
    assert.equal(s.publisher.events[0]!.id, `access.request-waiting:${created.id}:owner+dpo`);
    await s.service.decide(USERS.olga, created.id, { decision: 'approve' });
    const second = s.publisher.events[1]!;
    assert.equal(second.id, `access.request-waiting:${created.id}:dpo`);
    // gerd is disabled; ada (admin) may decide but is not the DPO the policy asks for.
    assert.deepEqual(second.recipients.users, ['dora']);
    await s.service.decide(USERS.dora, created.id, { decision: 'approve' });
    assert.equal(s.publisher.events[2]!.type, 'access.request-decided');
    assert.equal(s.publisher.events.length, 3);
  });

  it('a rejection is told to the requester', async () => {
    const s = await setup();
    const created = await s.service.request(USERS.max, kpis());
    await s.service.decide(USERS.olga, created.id, { decision: 'reject', comment: 'no' });
    const last = s.publisher.events.at(-1)!;
    assert.equal(last.type, 'access.request-decided');
    assert.equal(last.data.decision, 'rejected');
    assert.equal(last.data.state, 'rejected');
    assert.deepEqual(last.recipients, { users: ['max'], teams: [] });
    // The comment may hold anything a person wrote: it is not in the event.
    assert.ok(!Object.values(last.data).includes('no'));
  });

  it('a failed publish never fails the request or decision, and is reported', async () => {
    const s = await setup();
    s.publisher.failWith = 'store down';
    const created = await s.service.request(USERS.max, kpis());
    assert.equal((await s.store.accessRequests.get(created.id))?.state, 'pending');
    const decided = await s.service.decide(USERS.olga, created.id, { decision: 'approve' });
    assert.equal(decided.state, 'active');
    assert.deepEqual(
      s.failures.map((f) => [f.type, f.reason]),
      [
        ['access.request-waiting', 'store down'],
        ['access.request-decided', 'store down'],
      ],
    );
  });

  it('the sweep announces grants ending within the notice days, under one id per end date', async () => {
    const s = await setup(7);
    const grantOf = async (endsIn: number): Promise<string> => {
      const r = await s.service.request(USERS.max, kpis({ endsAt: days(endsIn) }));
      return (await s.service.decide(USERS.olga, r.id, { decision: 'approve' })).grantId!;
    };
    const soon = await grantOf(10);
    const later = await grantOf(30);
    const at = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000);
    s.publisher.events.length = 0;
    assert.deepEqual((await s.service.sweep(at(2))).expiring, { published: [], failed: [] });
    const report = await s.service.sweep(at(4));
    assert.deepEqual(report.expiring, { published: [soon], failed: [] });
    const event = s.publisher.events[0]!;
    assert.equal(event.id, `grant.expiring:${soon}:${days(10)}`);
    assert.equal(event.type, 'grant.expiring');
    assert.deepEqual(event.recipients, { users: [], teams: ['marketing-team'] });
    assert.equal(event.domain, 'sales');
    assert.equal(event.data.daysLeft, 6);
    // The next sweep hands the same id over again: the publisher keeps one per grant and end.
    await s.service.sweep(at(5));
    assert.deepEqual(
      s.publisher.events.map((e) => e.id),
      [event.id, event.id],
    );
    // Past its end it is expired, not announced.
    s.publisher.events.length = 0;
    const ended = await s.service.sweep(at(11));
    assert.deepEqual(ended.expired, [soon]);
    assert.deepEqual(ended.expiring?.published, []);
    assert.ok(later);
  });

  it('notice days 0 announces nothing; a failed publish is in the sweep report', async () => {
    const off = await setup(0);
    const r = await off.service.request(USERS.max, kpis({ endsAt: days(3) }));
    await off.service.decide(USERS.olga, r.id, { decision: 'approve' });
    off.publisher.events.length = 0;
    assert.deepEqual((await off.service.sweep()).expiring, { published: [], failed: [] });
    assert.deepEqual(off.publisher.events, []);

    const s = await setup();
    const q = await s.service.request(USERS.max, kpis({ endsAt: days(3) }));
    const grant = (await s.service.decide(USERS.olga, q.id, { decision: 'approve' })).grantId!;
    s.publisher.failWith = 'store down';
    const report = await s.service.sweep();
    assert.deepEqual(report.expiring, {
      published: [],
      failed: [{ grantId: grant, reason: 'store down' }],
    });
    assert.equal(s.failures.at(-1)?.type, 'grant.expiring');
  });
});
