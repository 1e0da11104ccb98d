import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../../../src/app/audit/index.ts';
import type {
  ApiToken,
  AuditEventInput,
  MeshworkStore,
  Session,
  StoredRun,
  User,
} from '../../../src/app/store/store.ts';
import { entryHash, GENESIS_HASH } from '../../../src/core/audit/index.ts';
import type { Scorecard } from '../../../src/core/governance/index.ts';
import { sha256Hex } from '../../../src/stores/audit-chain.ts';

/**
 * The one suite every store passes. A backing is an empty database (a folder, a
 * PostgreSQL database); `open()` gives a new, migrated store instance over it — several
 * instances over one backing stand for several processes sharing it.
 */
export interface StoreBacking {
  open(): Promise<MeshworkStore>;
  dispose(): Promise<void>;
}

export interface StoreUnderTest {
  readonly name: string;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
  fresh(): Promise<StoreBacking>;
}

export interface StoreFixtures {
  /** A new empty backing, disposed after the suite. */
  readonly backing: () => Promise<StoreBacking>;
  /** A new store instance over `b`, closed after the suite. */
  readonly openOn: (b: StoreBacking) => Promise<MeshworkStore>;
  /** A new store instance over a new empty backing. */
  readonly empty: () => Promise<MeshworkStore>;
}

/**
 * The setup every store suite shares: registers `before`/`after` hooks in the current
 * `describe` (the subject's setUp/tearDown; every store opened and backing made is closed
 * and disposed after the suite) and returns the functions that make them.
 */
export function storeFixtures(subject: StoreUnderTest): StoreFixtures {
  let backings: StoreBacking[] = [];
  let stores: MeshworkStore[] = [];
  before(async () => subject.setUp?.());
  after(async () => {
    for (const store of stores) await store.close();
    for (const backing of backings) await backing.dispose();
    stores = [];
    backings = [];
    await subject.tearDown?.();
  });
  const backing = async (): Promise<StoreBacking> => {
    const b = await subject.fresh();
    backings.push(b);
    return b;
  };
  const openOn = async (b: StoreBacking): Promise<MeshworkStore> => {
    const store = await b.open();
    stores.push(store);
    return store;
  };
  const empty = async (): Promise<MeshworkStore> => openOn(await backing());
  return { backing, openOn, empty };
}

export function describeStoreConformance(subject: StoreUnderTest): void {
  describe(`store conformance: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);

    it('migrates idempotently, also from several instances at once', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      await Promise.all([one.migrate(), two.migrate(), one.migrate()]);
      await one.runs.record(run('r1', 'c1'));
      await two.migrate();
      assert.equal((await two.runs.get('r1'))?.contractId, 'c1');
    });

    it('replaces the catalog snapshot whole', async () => {
      const store = await empty();
      assert.equal(await store.catalog.current(), null);
      const first = snapshot('rev-1', [{ path: 'mesh.yaml', text: 'name: a\n' }]);
      await store.catalog.replace(first);
      assert.deepEqual(await store.catalog.current(), first);
      const second = snapshot('rev-2', [
        { path: 'domains/sales/domain.yaml', text: 'name: sales\nä: "ü"\n' },
        { path: 'mesh.yaml', text: 'name: b\n' },
      ]);
      await store.catalog.replace(second);
      assert.deepEqual(await store.catalog.current(), second);
    });

    it('answers the stored revision alone, also to another instance', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      assert.equal(await two.catalog.revision(), null);
      await one.catalog.replace(snapshot('rev-1', [{ path: 'mesh.yaml', text: 'name: a\n' }]));
      assert.equal(await two.catalog.revision(), 'rev-1');
      await two.catalog.replace(snapshot('rev-2', [{ path: 'mesh.yaml', text: 'name: b\n' }]));
      assert.equal(await one.catalog.revision(), 'rev-2');
    });

    it('records runs and lists them newest first, filtered and paged', async () => {
      const store = await empty();
      const recorded = [
        run('a', 'orders', 'sales.orders'),
        run('b', 'customers', 'sales.customers'),
        run('c', 'orders', 'sales.orders', 'failed'),
        run('d', 'orders', null),
      ];
      for (const r of recorded) await store.runs.record(r);
      assert.deepEqual(await store.runs.get('c'), recorded[2]);
      assert.equal(await store.runs.get('missing'), null);
      const all = await store.runs.list({});
      assert.deepEqual(
        all.items.map((r) => r.id),
        ['d', 'c', 'b', 'a'],
      );
      assert.equal(all.next, null);
      const orders = await store.runs.list({ contractId: 'orders' });
      assert.deepEqual(
        orders.items.map((r) => r.id),
        ['d', 'c', 'a'],
      );
      const product = await store.runs.list({ productId: 'sales.orders', contractId: 'orders' });
      assert.deepEqual(
        product.items.map((r) => r.id),
        ['c', 'a'],
      );
      const first = await store.runs.list({ limit: 3 });
      assert.deepEqual(
        first.items.map((r) => r.id),
        ['d', 'c', 'b'],
      );
      assert.notEqual(first.next, null);
      const second = await store.runs.list({ limit: 3, cursor: first.next });
      assert.deepEqual(
        second.items.map((r) => r.id),
        ['a'],
      );
      assert.equal(second.next, null);
      const exact = await store.runs.list({ limit: 4 });
      assert.equal(exact.next, null, 'a full last page has no next cursor');
      await assert.rejects(store.runs.list({ cursor: 'not a cursor!' }));
    });

    it('keeps scorecards oldest first, paged', async () => {
      const store = await empty();
      for (const id of ['s1', 's2', 's3'])
        await store.scorecards.record({
          id,
          recordedAt: `2026-01-0${id[1]}T00:00:00.000Z`,
          scorecard: card(id),
        });
      const first = await store.scorecards.list({ limit: 2 });
      assert.deepEqual(
        first.items.map((s) => s.id),
        ['s1', 's2'],
      );
      assert.deepEqual(first.items[0]?.scorecard, card('s1'));
      const rest = await store.scorecards.list({ limit: 2, cursor: first.next });
      assert.deepEqual(
        rest.items.map((s) => s.id),
        ['s3'],
      );
      assert.equal(rest.next, null);
    });

    it('creates a user only when the name is free: of instances creating one at once, one wins', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      const results = await Promise.all([
        one.users.create(user('admin', { name: 'from one' })),
        two.users.create(user('admin', { name: 'from two' })),
        one.users.create(user('admin', { name: 'from one again' })),
        two.users.create(user('admin', { name: 'from two again' })),
      ]);
      assert.equal(results.filter(Boolean).length, 1, JSON.stringify(results));
      const names = ['from one', 'from two', 'from one again', 'from two again'];
      assert.equal((await two.users.get('admin'))?.name, names[results.indexOf(true)]);
      assert.equal(await one.users.create(user('admin')), false);
      assert.equal(await one.users.create(user('zoe')), true);
    });

    it('creates, replaces, finds, lists and deletes users', async () => {
      const store = await empty();
      await store.users.put(user('zoe'));
      await store.users.put(user('anna', { oidcSubject: 'https://idp|123' }));
      await store.users.put(user('Bert'));
      await store.users.put({
        ...user('zoe'),
        name: 'Zoë Renamed',
        roles: ['admin', 'governance'],
      });
      assert.deepEqual(await store.users.get('zoe'), {
        ...user('zoe'),
        name: 'Zoë Renamed',
        roles: ['admin', 'governance'],
      });
      assert.equal(await store.users.get('nobody'), null);
      assert.equal((await store.users.findByOidcSubject('https://idp|123'))?.username, 'anna');
      assert.equal(await store.users.findByOidcSubject('https://idp|999'), null);
      const first = await store.users.list({ limit: 2 });
      assert.deepEqual(
        first.items.map((u) => u.username),
        ['Bert', 'anna'],
      );
      const rest = await store.users.list({ limit: 2, cursor: first.next });
      assert.deepEqual(
        rest.items.map((u) => u.username),
        ['zoe'],
      );
      assert.equal(await store.users.delete('anna'), true);
      assert.equal(await store.users.delete('anna'), false);
      assert.equal(await store.users.get('anna'), null);
    });

    it('updates a user from its current value, and keeps an admin when asked', async () => {
      const store = await empty();
      await store.users.put(user('anna', { roles: ['admin'] }));
      await store.users.put(user('bert', { roles: ['admin'], disabled: true }));
      await store.users.put(user('carl'));
      const renamed = await store.users.update('carl', (u) => ({ ...u, name: 'Carl C.' }));
      assert.equal(renamed.outcome, 'done');
      assert.equal((await store.users.get('carl'))?.name, 'Carl C.');
      assert.deepEqual(await store.users.update('nobody', (u) => u), { outcome: 'not-found' });
      const demote = (u: User): User => ({ ...u, roles: [] });
      // bert is an admin but disabled: anna is the only one who can act.
      assert.deepEqual(await store.users.update('anna', demote, { keepAnAdmin: true }), {
        outcome: 'last-admin',
      });
      assert.deepEqual(
        await store.users.update('anna', (u) => ({ ...u, disabled: true }), { keepAnAdmin: true }),
        { outcome: 'last-admin' },
      );
      assert.deepEqual(await store.users.deleteKeepingAnAdmin('anna'), { outcome: 'last-admin' });
      assert.deepEqual((await store.users.get('anna'))?.roles, ['admin'], 'nothing written');
      // Without the guard, or once another admin is enabled, it goes through.
      await store.users.update('bert', (u) => ({ ...u, disabled: false }), { keepAnAdmin: true });
      assert.equal(
        (await store.users.update('anna', demote, { keepAnAdmin: true })).outcome,
        'done',
      );
      assert.deepEqual((await store.users.deleteKeepingAnAdmin('carl')).outcome, 'done');
      assert.equal(await store.users.get('carl'), null);
      assert.deepEqual(await store.users.deleteKeepingAnAdmin('carl'), { outcome: 'not-found' });
      assert.equal((await store.users.update('bert', demote)).outcome, 'done', 'unguarded');
    });

    it('leaves an admin when two admins demote or delete each other at once, 20 races', async () => {
      const b = await backing();
      // Two instances over one backing: two processes (or two servers) sharing the store.
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      const demote = (u: User): User => ({ ...u, roles: [] });
      for (let race = 0; race < 20; race++) {
        const [a, z] = [`a${race}`, `z${race}`];
        await one.users.put(user(a, { roles: ['admin'] }));
        await one.users.put(user(z, { roles: ['admin'] }));
        // Everyone else stops being an admin, so the two are the last ones.
        if (race > 0) await one.users.deleteKeepingAnAdmin(`a${race - 1}`);
        if (race > 0) await one.users.deleteKeepingAnAdmin(`z${race - 1}`);
        const results = await Promise.all(
          race % 2 === 0
            ? [
                one.users.update(z, demote, { keepAnAdmin: true }),
                two.users.update(a, demote, { keepAnAdmin: true }),
              ]
            : [one.users.deleteKeepingAnAdmin(z), two.users.deleteKeepingAnAdmin(a)],
        );
        const done = results.filter((r) => r.outcome === 'done').length;
        assert.equal(done, 1, `race ${race}: exactly one of the two goes through`);
        const admins = (await one.users.list({ limit: 200 })).items.filter(
          (u) => u.roles.includes('admin') && !u.disabled,
        );
        assert.equal(admins.length, 1, `race ${race}: one admin is left`);
      }
    });

    it('ends every session of one user', async () => {
      const store = await empty();
      await store.sessions.put({ ...session('s1', '2099-01-01T00:00:00.000Z'), username: 'anna' });
      await store.sessions.put({ ...session('s2', '2099-01-01T00:00:00.000Z'), username: 'anna' });
      await store.sessions.put({ ...session('s3', '2099-01-01T00:00:00.000Z'), username: 'bert' });
      assert.equal(await store.sessions.deleteForUser('anna'), 2);
      assert.equal(await store.sessions.get('s1'), null);
      assert.equal(await store.sessions.get('s2'), null);
      assert.equal((await store.sessions.get('s3'))?.username, 'bert');
      assert.equal(await store.sessions.deleteForUser('anna'), 0);
    });

    it('finds tokens by hash, revokes only the owner’s, and a touch never undoes a revocation', async () => {
      const store = await empty();
      await store.tokens.put(token('t1', 'anna', 'hash-1'));
      await store.tokens.put(token('t2', 'anna', 'hash-2'));
      await store.tokens.put(token('t3', 'bert', 'hash-3'));
      assert.deepEqual(await store.tokens.findByHash('hash-2'), token('t2', 'anna', 'hash-2'));
      assert.equal(await store.tokens.findByHash('hash-x'), null);
      assert.deepEqual((await store.tokens.listForUser('anna')).map((t) => t.id).sort(), [
        't1',
        't2',
      ]);
      assert.equal(await store.tokens.revoke('bert', 't1'), false, 'not bert’s token');
      assert.equal((await store.tokens.findByHash('hash-1'))?.revoked, false);
      assert.equal(await store.tokens.revoke('anna', 't1'), true);
      assert.equal(await store.tokens.revoke('anna', 'missing'), false);
      await store.tokens.touch('t1', '2026-03-01T10:00:00.000Z');
      const t1 = await store.tokens.findByHash('hash-1');
      assert.equal(t1?.revoked, true);
      assert.equal(t1?.lastUsedAt, '2026-03-01T10:00:00.000Z');
    });

    it('keeps sessions until deleted or expired', async () => {
      const store = await empty();
      await store.sessions.put(session('s-old', '2026-01-01T00:00:00.000Z'));
      await store.sessions.put(session('s-now', '2026-02-01T00:00:00.000Z'));
      await store.sessions.put(session('s-new', '2026-03-01T00:00:00.000Z'));
      assert.deepEqual(
        await store.sessions.get('s-new'),
        session('s-new', '2026-03-01T00:00:00.000Z'),
      );
      assert.equal(await store.sessions.deleteExpired('2026-02-01T00:00:00.000Z'), 2);
      assert.equal(await store.sessions.get('s-old'), null);
      assert.equal(await store.sessions.get('s-now'), null);
      assert.equal(await store.sessions.deleteExpired('2026-02-01T00:00:00.000Z'), 0);
      await store.sessions.delete('s-new');
      assert.equal(await store.sessions.get('s-new'), null);
    });

    it('appends audit events and lists them newest first, filtered', async () => {
      const store = await empty();
      const events = [
        { id: 'e1', actor: 'anna', action: 'auth.login' },
        { id: 'e2', actor: 'bert', action: 'auth.login-failed' },
        { id: 'e3', actor: 'anna', action: 'token.create' },
      ].map((e, i) => ({
        ...e,
        at: `2026-01-01T00:00:0${i}.000Z`,
        target: null,
        details: { ip: '127.0.0.1', attempt: i, ok: i !== 1, note: null },
      }));
      const stored = [];
      for (const event of events) stored.push(await store.audit.append(event));
      assert.deepEqual(
        stored.map(({ seq, prevHash, hash, ...event }) => event),
        events,
        'stored as given',
      );
      assert.deepEqual((await store.audit.list({})).items, [...stored].reverse());
      assert.deepEqual(
        (await store.audit.list({ actor: 'anna' })).items.map((e) => e.id),
        ['e3', 'e1'],
      );
      assert.deepEqual(
        (await store.audit.list({ action: 'auth.login-failed' })).items.map((e) => e.id),
        ['e2'],
      );
      const page = await store.audit.list({ limit: 1, actor: 'anna' });
      assert.deepEqual(
        (await store.audit.list({ limit: 1, actor: 'anna', cursor: page.next })).items.map(
          (e) => e.id,
        ),
        ['e1'],
      );
    });

    it('chains audit events: seq 1, 2, 3, each with the hash of the one before, scanned oldest first', async () => {
      const store = await empty();
      const stored = [];
      for (let i = 1; i <= 7; i++) stored.push(await store.audit.append(auditInput(`c${i}`)));
      assert.deepEqual(
        stored.map((e) => e.seq),
        [1, 2, 3, 4, 5, 6, 7],
      );
      assert.equal(stored[0]?.prevHash, GENESIS_HASH);
      for (let i = 1; i < stored.length; i++)
        assert.equal(stored[i]?.prevHash, stored[i - 1]?.hash);
      for (const event of stored) assert.equal(event.hash, entryHash(sha256Hex, event));
      const scanned = [];
      let page = await store.audit.scan({ limit: 3 });
      for (;;) {
        scanned.push(...page.items);
        if (page.next === null) break;
        page = await store.audit.scan({ limit: 3, cursor: page.next });
      }
      assert.deepEqual(scanned, stored);
      assert.deepEqual(
        (await store.audit.scan({ afterSeq: 5 })).items.map((e) => e.id),
        ['c6', 'c7'],
      );
      assert.deepEqual((await verifyAudit(store)).verdict, {
        ok: true,
        count: 7,
        headSeq: 7,
        headHash: stored[6]?.hash,
      });
    });

    it('appends an audit id already in the log not again, and stores only storable text', async () => {
      const store = await empty();
      const first = await store.audit.append(auditInput('same'));
      const again = await store.audit.append({ ...auditInput('same'), actor: 'mallory' });
      assert.deepEqual(again, first);
      const odd = await store.audit.append({
        ...auditInput('odd'),
        actor: 'a\ud800\u0000b',
        details: { name: '\udfff' },
      });
      assert.equal(odd.actor, 'a\ufffd\ufffdb');
      const all = (await store.audit.scan({})).items;
      assert.deepEqual(
        all.map((e) => e.id),
        ['same', 'odd'],
      );
      assert.deepEqual(all[1], odd);
      assert.equal((await verifyAudit(store)).verdict.ok, true);
    });

    it('keeps one chain when two instances append 200 audit events at once', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      const count = 100;
      const appended = await Promise.all([
        ...Array.from({ length: count }, (_, i) => one.audit.append(auditInput(`one-${i}`))),
        ...Array.from({ length: count }, (_, i) => two.audit.append(auditInput(`two-${i}`))),
      ]);
      assert.deepEqual(
        appended.map((e) => e.seq).sort((x, y) => x - y),
        Array.from({ length: 2 * count }, (_, i) => i + 1),
        'every append got a seq of its own',
      );
      const verification = await verifyAudit(one);
      assert.deepEqual(verification.verdict, {
        ok: true,
        count: 2 * count,
        headSeq: 2 * count,
        headHash: appended.find((e) => e.seq === 2 * count)?.hash,
      });
    });

    it('shows one instance what another wrote, and loses nothing when both write at once', async () => {
      const b = await backing();
      const [writerA, writerB, reader] = await Promise.all([openOn(b), openOn(b), openOn(b)]);
      const count = 40;
      await Promise.all([
        ...Array.from({ length: count }, (_, i) => writerA.runs.record(run(`a-${i}`, 'c'))),
        ...Array.from({ length: count }, (_, i) => writerB.runs.record(run(`b-${i}`, 'c'))),
      ]);
      const ids = new Set<string>();
      let page = await reader.runs.list({ limit: 25 });
      for (;;) {
        for (const r of page.items) ids.add(r.id);
        if (page.next === null) break;
        page = await reader.runs.list({ limit: 25, cursor: page.next });
      }
      assert.equal(ids.size, 2 * count);
    });
  });
}

export function auditInput(id: string): AuditEventInput {
  return {
    id,
    at: '2026-01-01T00:00:00.000Z',
    actor: 'anna',
    action: 'grant.create',
    target: 'sales-orders',
    details: { team: 'finance', columns: 3, personal: false, note: null },
  };
}

function snapshot(revision: string, documents: { path: string; text: string }[]) {
  return { source: '/mesh', indexedAt: '2026-01-01T00:00:00.000Z', revision, documents };
}

export function run(
  id: string,
  contractId: string,
  productId: string | null = null,
  status: 'passed' | 'failed' = 'passed',
): StoredRun {
  return {
    id,
    contractId,
    productId,
    port: productId ? 'main' : null,
    server: 'local',
    reportedBy: 'cli',
    run: {
      status,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 12,
      checks: [
        {
          id: `${contractId}.rows`,
          kind: 'rowCount',
          status,
          value: status === 'passed' ? 0 : 3,
          threshold: { operator: 'mustBe', value: 0 },
          message: status === 'passed' ? 'ok' : '3 rows fail',
          schema: 'orders',
          property: null,
          samples: status === 'passed' ? [] : [{ order_id: 7, total: '12.50', paid: false }],
        },
      ],
    },
  };
}

function card(id: string): Scorecard {
  const line = {
    name: 'mesh',
    passed: 1,
    total: 2,
    share: 0.5,
    bySeverity: {
      error: { passed: 1, total: 2 },
      warning: { passed: 0, total: 0 },
      info: { passed: 0, total: 0 },
    },
  };
  return { at: id, mesh: line, domains: [line], products: [{ ...line, domain: 'mesh' }] };
}

function user(username: string, extra: Partial<User> = {}): User {
  return {
    username,
    name: username.toUpperCase(),
    email: `${username}@example.com`,
    roles: [],
    passwordHash: 'scrypt$16384$8$1$salt$hash',
    oidcSubject: null,
    disabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

function token(id: string, username: string, tokenHash: string): ApiToken {
  return {
    id,
    username,
    name: `token ${id}`,
    tokenHash,
    createdAt: `2026-01-01T00:00:0${id.slice(1)}.000Z`,
    expiresAt: null,
    lastUsedAt: null,
    revoked: false,
  };
}

function session(idHash: string, expiresAt: string): Session {
  return {
    idHash,
    username: 'anna',
    csrfTokenHash: `csrf-hash-${idHash}`,
    createdAt: '2025-12-31T00:00:00.000Z',
    expiresAt,
  };
}
