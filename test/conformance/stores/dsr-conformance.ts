import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { DsrTask, Suppression } from '../../../src/core/privacy/dsr-model.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

/**
 * Suppressions and erasure tasks (issue 11), for every store: the same backings as the
 * main suite. Several instances over one backing stand for several processes sharing it.
 */
export function describeDsrConformance(subject: StoreUnderTest): void {
  describe(`store conformance, suppressions and erasure tasks: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);

    it('adds a suppression once per kind and person, and keeps it for a new instance', async () => {
      const b = await backing();
      const store = await openOn(b);
      const s1 = suppression('s1');
      assert.deepEqual(await store.suppressions.add(s1), { suppression: s1, changed: true });
      const again = await store.suppressions.add({ ...suppression('s2'), requestId: 'req-2' });
      assert.deepEqual(again, { suppression: s1, changed: false }, 'the first one stays');
      const otherKind = suppression('s3', { kind: 'customer-id' });
      assert.equal((await store.suppressions.add(otherKind)).changed, true);
      const other = await openOn(b);
      assert.deepEqual((await other.suppressions.list({})).items, [s1, otherKind]);
    });

    it('lets delete replace pseudonymise, never the other way round', async () => {
      const store = await empty();
      const soft = suppression('s1', { mode: 'pseudonymise' });
      await store.suppressions.add(soft);
      const weaker = await store.suppressions.add(suppression('s2', { mode: 'pseudonymise' }));
      assert.equal(weaker.changed, false);
      const stronger = await store.suppressions.add(suppression('s3', { mode: 'delete' }));
      assert.deepEqual(stronger, { suppression: { ...soft, mode: 'delete' }, changed: true });
      const lowered = await store.suppressions.add(suppression('s4', { mode: 'pseudonymise' }));
      assert.deepEqual(lowered, { suppression: { ...soft, mode: 'delete' }, changed: false });
      assert.deepEqual((await store.suppressions.list({})).items, [{ ...soft, mode: 'delete' }]);
    });

    it('lists suppressions oldest first, by kinds and hash, and pages them', async () => {
      const store = await empty();
      const all = [
        suppression('s1', { kind: 'email', subjectHash: hash('a') }),
        suppression('s2', { kind: 'customer-id', subjectHash: hash('a') }),
        suppression('s3', { kind: 'email', subjectHash: hash('b') }),
        suppression('s4', { kind: 'customer-number', subjectHash: hash('c') }),
      ];
      for (const s of all) await store.suppressions.add(s);
      const ids = async (filter: Parameters<MeshworkStore['suppressions']['list']>[0]) =>
        (await store.suppressions.list(filter)).items.map((s) => s.id);
      assert.deepEqual(await ids({}), ['s1', 's2', 's3', 's4']);
      assert.deepEqual(await ids({ kinds: ['email'] }), ['s1', 's3']);
      assert.deepEqual(await ids({ kinds: ['email', 'customer-number'] }), ['s1', 's3', 's4']);
      assert.deepEqual(await ids({ kinds: [] }), [], 'an empty list matches nothing');
      assert.deepEqual(await ids({ subjectHash: hash('a') }), ['s1', 's2']);
      assert.deepEqual(await ids({ kinds: ['email'], subjectHash: hash('a') }), ['s1']);
      assert.deepEqual(await ids({ kinds: ["email' OR '1'='1"] }), []);
      const first = await store.suppressions.list({ limit: 3 });
      assert.deepEqual(
        first.items.map((s) => s.id),
        ['s1', 's2', 's3'],
      );
      const rest = await store.suppressions.list({ limit: 3, cursor: first.next });
      assert.deepEqual(
        rest.items.map((s) => s.id),
        ['s4'],
      );
      assert.equal(rest.next, null);
    });

    it('adds one suppression when 20 erasures of one person race from two instances', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : two).suppressions.add(
            suppression(`s${i}`, { mode: i === 7 ? 'delete' : 'pseudonymise' }),
          ),
        ),
      );
      const stored = (await one.suppressions.list({})).items;
      assert.equal(stored.length, 1, 'one suppression, not several');
      assert.equal(stored[0]?.mode, 'delete', 'the delete among them won');
      assert.equal(
        results.filter((r) => r.changed && r.suppression.mode === 'pseudonymise').length <= 1,
        true,
        'at most one pseudonymise was ever new',
      );
    });

    it('keeps the key fingerprint of suppressions and tasks, and lists the distinct ones', async () => {
      const b = await backing();
      const store = await openOn(b);
      assert.deepEqual(await store.suppressions.keyFingerprints(), [], 'none in an empty store');
      await store.suppressions.add(suppression('s1', { keyFingerprint: 'bbbbbbbbbbbbbbbb' }));
      await store.suppressions.add(
        suppression('s2', { kind: 'customer-id', keyFingerprint: 'aaaaaaaaaaaaaaaa' }),
      );
      await store.suppressions.add(
        suppression('s3', { kind: 'phone', keyFingerprint: 'bbbbbbbbbbbbbbbb' }),
      );
      const created = task('t1', { keyFingerprint: 'cccccccccccccccc' });
      await store.dsrTasks.create(created);
      const other = await openOn(b);
      assert.deepEqual(
        await other.suppressions.keyFingerprints(),
        ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'],
        'distinct and sorted, seen by another instance',
      );
      assert.deepEqual(
        (await other.suppressions.list({ kinds: ['customer-id'] })).items.map(
          (s) => s.keyFingerprint,
        ),
        ['aaaaaaaaaaaaaaaa'],
      );
      assert.equal((await other.dsrTasks.get('t1'))?.keyFingerprint, 'cccccccccccccccc');
      assert.deepEqual(
        (await other.dsrTasks.list({})).items.map((t) => t.keyFingerprint),
        ['cccccccccccccccc'],
      );
    });

    it('creates a task once while it is open, and again after it was done', async () => {
      const b = await backing();
      const store = await openOn(b);
      const t1 = task('t1');
      assert.deepEqual(await store.dsrTasks.create(t1), { task: t1, created: true });
      assert.deepEqual(await store.dsrTasks.get('t1'), t1);
      assert.equal(await store.dsrTasks.get('t9'), null);
      const twin = await store.dsrTasks.create(task('t2', { requestId: 'req-2', rows: 5 }));
      assert.deepEqual(twin, { task: t1, created: false }, 'the open one is returned');
      assert.equal(await store.dsrTasks.get('t2'), null, 'nothing written');
      const otherObject = task('t3', { object: 'invoices' });
      assert.equal((await store.dsrTasks.create(otherObject)).created, true);
      const done = await store.dsrTasks.update('t1', (t) => ({
        ...t,
        state: 'done',
        doneAt: '2026-05-02T00:00:00.000Z',
        doneBy: 'olga',
      }));
      assert.equal(done?.state, 'done');
      const found = await store.dsrTasks.create(task('t4'));
      assert.equal(found.created, true, 'a done task does not block a new one');
      await assert.rejects(
        store.dsrTasks.create(task('t5', { state: 'done' })),
        /open/,
        'only open tasks are created',
      );
      const other = await openOn(b);
      assert.deepEqual(
        (await other.dsrTasks.list({})).items.map((t) => t.id),
        ['t4', 't3', 't1'],
      );
    });

    it('lists tasks newest first, by state, system and request, and pages them', async () => {
      const store = await empty();
      const all = [
        task('t1', { system: 'crm', object: 'a', requestId: 'req-1' }),
        task('t2', { system: 'shop', object: 'b', requestId: 'req-1', domain: null }),
        task('t3', { system: 'crm', object: 'c', requestId: 'req-2' }),
        task('t4', { system: 'erp', object: 'd', requestId: 'req-2', domain: 'finance' }),
      ];
      for (const t of all) await store.dsrTasks.create(t);
      await store.dsrTasks.update('t3', (t) => ({ ...t, state: 'done' }));
      const ids = async (filter: Parameters<MeshworkStore['dsrTasks']['list']>[0]) =>
        (await store.dsrTasks.list(filter)).items.map((t) => t.id);
      assert.deepEqual(await ids({}), ['t4', 't3', 't2', 't1']);
      assert.deepEqual(await ids({ states: ['open'] }), ['t4', 't2', 't1']);
      assert.deepEqual(await ids({ states: ['done'] }), ['t3'], 'the state column follows');
      assert.deepEqual(await ids({ systems: ['crm'] }), ['t3', 't1']);
      assert.deepEqual(await ids({ systems: ['crm', 'erp'], states: ['open'] }), ['t4', 't1']);
      assert.deepEqual(await ids({ requestId: 'req-1' }), ['t2', 't1']);
      assert.deepEqual(await ids({ systems: [] }), []);
      // The stored domain decides who sees a task; a task without one matches no domain.
      assert.deepEqual(await ids({ domains: ['sales'] }), ['t3', 't1']);
      assert.deepEqual(await ids({ domains: ['finance', 'sales'], states: ['open'] }), [
        't4',
        't1',
      ]);
      assert.deepEqual(await ids({ domains: [] }), []);
      assert.equal((await store.dsrTasks.get('t2'))?.domain, null);
      assert.equal((await store.dsrTasks.get('t3'))?.domain, 'sales', 'kept through an update');
      assert.deepEqual(await ids({ requestId: "req-1' OR '1'='1" }), []);
      const first = await store.dsrTasks.list({ limit: 3 });
      assert.deepEqual(
        first.items.map((t) => t.id),
        ['t4', 't3', 't2'],
      );
      const rest = await store.dsrTasks.list({ limit: 3, cursor: first.next });
      assert.deepEqual(
        rest.items.map((t) => t.id),
        ['t1'],
      );
      assert.equal(rest.next, null);
    });

    it('makes one task when 20 erasures race from two instances, and marks it done once', async () => {
      const b = await backing();
      const [one, two] = await Promise.all([openOn(b), openOn(b)]);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? one : two).dsrTasks.create(task(`t${i}`)),
        ),
      );
      assert.equal(results.filter((r) => r.created).length, 1, 'one task, not several');
      const winner = results.find((r) => r.created)?.task.id;
      for (const r of results) assert.equal(r.task.id, winner, 'all see the one task');
      assert.equal((await two.dsrTasks.list({})).items.length, 1);
      assert.equal(await one.dsrTasks.update('t99', (t) => t), null);
      const marks = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? one : two).dsrTasks.update(winner ?? '', (t) =>
            t.state === 'open' ? { ...t, state: 'done', doneBy: `user${i}` } : null,
          ),
        ),
      );
      const stored = await one.dsrTasks.get(winner ?? '');
      assert.equal(stored?.state, 'done');
      for (const m of marks) assert.equal(m?.doneBy, stored?.doneBy, 'one of them marked it');
    });
  });
}

function hash(seed: string): string {
  return seed.repeat(64).slice(0, 64);
}

export function suppression(id: string, extra: Partial<Suppression> = {}): Suppression {
  return {
    id,
    kind: 'email',
    subjectHash: hash('f'),
    mode: 'delete',
    keyFingerprint: '0123456789abcdef',
    requestId: 'req-1',
    createdAt: '2026-05-01T00:00:00.000Z',
    ...extra,
  };
}

export function task(id: string, extra: Partial<DsrTask> = {}): DsrTask {
  return {
    id,
    requestId: 'req-1',
    mode: 'delete',
    contractId: 'crm-customers',
    contractPath: 'sources/crm/customers.odcs.yaml',
    system: 'crm',
    object: 'customers',
    domain: 'sales',
    kind: 'email',
    column: 'e_mail',
    subjectHash: hash('f'),
    keyFingerprint: '0123456789abcdef',
    rows: 1,
    state: 'open',
    createdAt: '2026-05-01T00:00:00.000Z',
    doneAt: null,
    doneBy: null,
    ...extra,
  };
}
