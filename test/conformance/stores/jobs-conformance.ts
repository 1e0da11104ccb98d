import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import type { Job, JobKind } from '../../../src/core/jobs/job-model.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { storeFixtures } from './store-conformance.ts';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
/** An ISO time `seconds` after T0. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** A new job as a scheduler would enqueue it. */
export function newJob(id: string, overrides: Partial<Job> = {}): Job {
  return {
    id,
    kind: 'build-product',
    target: 'sales.orders',
    payload: {},
    trigger: 'schedule',
    requestedBy: 'scheduler',
    scheduledFor: at(0),
    runAfter: at(0),
    state: 'queued',
    attempts: 0,
    maxAttempts: 3,
    lease: null,
    createdAt: at(0),
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    history: [],
    ...overrides,
  };
}

/**
 * `JobRepository` (issue 13), for every store: leases, fencing, retries, order and the
 * filters. Several instances over one backing stand for several processes sharing it.
 */
export function describeJobsConformance(subject: StoreUnderTest): void {
  describe(`store conformance, jobs: ${subject.name}`, () => {
    const { backing, openOn, empty } = storeFixtures(subject);
    const claim = (store: MeshworkStore, now: number, worker = 'w1', kinds?: JobKind[]) =>
      store.jobs.claim({ worker, now: at(now), leaseMs: 60_000, ...(kinds ? { kinds } : {}) });

    it('enqueues a job once by id and keeps the first for another instance', async () => {
      const b = await backing();
      const store = await openOn(b);
      const first = newJob('j1');
      assert.deepEqual(await store.jobs.enqueue(first), { job: first, created: true });
      const again = await store.jobs.enqueue(newJob('j1', { target: 'other' }));
      assert.deepEqual(again, { job: first, created: false }, 'the first one stays');
      const other = await openOn(b);
      assert.deepEqual(await other.jobs.get('j1'), first);
      assert.equal(await other.jobs.get('missing'), null);
    });

    it('enqueues one job when several instances enqueue its id at once', async () => {
      const b = await backing();
      const instances = [await openOn(b), await openOn(b), await openOn(b)];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const store = instances[i % instances.length];
          if (!store) throw new Error('no store');
          return store.jobs.enqueue(
            newJob('schedule:build-product:sales.orders:2026-03-01T10:00:00.000Z', {
              requestedBy: `server-${i}`,
            }),
          );
        }),
      );
      const created = results.filter((r) => r.created);
      assert.equal(created.length, 1, 'exactly one enqueue created it');
      const winner = created[0]?.job.requestedBy;
      assert.ok(
        results.every((r) => r?.job.requestedBy === winner),
        'all see the one stored',
      );
      assert.equal((await instances[0]?.jobs.list({}))?.items.length, 1);
    });

    it('refuses to enqueue a job that is not new, or has a bad id', async () => {
      const store = await empty();
      await assert.rejects(store.jobs.enqueue(newJob('j1', { state: 'running' })), /queued/);
      await assert.rejects(store.jobs.enqueue(newJob('j2', { attempts: 1 })), /no attempt/);
      await assert.rejects(store.jobs.enqueue(newJob('')), /1 to 300/);
      await assert.rejects(store.jobs.enqueue(newJob('x'.repeat(301))), /1 to 300/);
      await assert.rejects(store.jobs.enqueue(newJob('j3', { maxAttempts: 0 })), /at least one/);
      await assert.rejects(store.jobs.enqueue(newJob('j4', { runAfter: 'soon' })), /malformed/);
      assert.equal((await store.jobs.list({})).items.length, 0);
    });

    it('claims the oldest due job first, respects runAfter and the kinds', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('late', { runAfter: at(100), createdAt: at(-10) }));
      await store.jobs.enqueue(newJob('second', { runAfter: at(5), createdAt: at(1) }));
      await store.jobs.enqueue(newJob('first', { runAfter: at(2), createdAt: at(2) }));
      await store.jobs.enqueue(
        newJob('sla', { kind: 'sla-evaluate', runAfter: at(0), createdAt: at(3) }),
      );
      assert.equal(await claim(store, 1, 'w1', ['build-product']), null, 'nothing due yet');
      const c1 = await claim(store, 10, 'w1', ['build-product']);
      assert.equal(c1?.id, 'first');
      assert.equal(c1.state, 'running');
      assert.equal(c1.attempts, 1);
      assert.deepEqual(c1.lease, { owner: 'w1', until: at(70), token: 1 });
      assert.equal(c1.startedAt, at(10));
      assert.deepEqual(c1.history, [
        {
          attempt: 1,
          worker: 'w1',
          startedAt: at(10),
          finishedAt: null,
          outcome: null,
          error: null,
        },
      ]);
      assert.equal((await claim(store, 10, 'w1', ['build-product']))?.id, 'second');
      assert.equal(await claim(store, 10, 'w1', ['build-product']), null, 'late is not due');
      assert.equal(await claim(store, 10, 'w1', []), null, 'no kinds: nothing');
      assert.equal((await claim(store, 10))?.id, 'sla', 'all kinds when not given');
      for (const id of ['first', 'second', 'sla'])
        await store.jobs.finish(id, 1, { state: 'succeeded', result: null }, at(20));
      assert.equal((await claim(store, 100))?.id, 'late', 'due exactly at runAfter');
      assert.equal((await store.jobs.get('first'))?.state, 'succeeded');
    });

    it('lets a job go to another worker only after its lease ran out, recording lease-expired', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      await one.jobs.enqueue(newJob('j1'));
      const first = await claim(one, 0, 'w1');
      assert.equal(first?.lease?.until, at(60));
      assert.equal(await claim(two, 30, 'w2'), null, 'lease still held');
      assert.equal(await claim(two, 60, 'w2'), null, 'not before it ran out');
      const taken = await claim(two, 61, 'w2');
      assert.equal(taken?.id, 'j1');
      assert.equal(taken.attempts, 2);
      assert.deepEqual(taken.lease, { owner: 'w2', until: at(121), token: 2 });
      assert.equal(taken.history.length, 2);
      assert.deepEqual(taken.history[0], {
        attempt: 1,
        worker: 'w1',
        startedAt: at(0),
        finishedAt: at(60),
        outcome: 'lease-expired',
        error: taken.history[0]?.error,
      });
      assert.equal(taken.history[0]?.error?.code, 'lease-expired');
      assert.equal(taken.history[1]?.worker, 'w2');
      assert.equal(taken.history[1]?.outcome, null);
    });

    it('fences a worker that lost its lease: its renew and finish change nothing', async () => {
      const b = await backing();
      const one = await openOn(b);
      const two = await openOn(b);
      await one.jobs.enqueue(newJob('j1'));
      await claim(one, 0, 'w1');
      assert.equal(await one.jobs.renew('j1', 1, at(90)), true, 'the holder renews');
      assert.equal((await two.jobs.get('j1'))?.lease?.until, at(90));
      assert.equal(await claim(two, 61, 'w2'), null, 'renewed: not taken over at 61');
      const taken = await claim(two, 91, 'w2');
      assert.equal(taken?.lease?.token, 2);
      assert.equal(await one.jobs.renew('j1', 1, at(200)), false, 'stale renew refused');
      const late = await one.jobs.finish('j1', 1, { state: 'succeeded', result: null }, at(95));
      assert.equal(late, null, 'stale finish refused');
      assert.deepEqual(await two.jobs.get('j1'), taken, 'nothing written by the stale worker');
      const done = await two.jobs.finish(
        'j1',
        2,
        { state: 'succeeded', result: { runId: 'r1', status: 'passed' } },
        at(100),
      );
      assert.equal(done?.state, 'succeeded');
      assert.equal(done.finishedAt, at(100));
      assert.equal(done.lease, null);
      assert.deepEqual(done.result, { runId: 'r1', status: 'passed' });
      assert.deepEqual(
        done.history.map((h) => [h.attempt, h.outcome, h.finishedAt]),
        [
          [1, 'lease-expired', at(90)],
          [2, 'succeeded', at(100)],
        ],
      );
      assert.equal(await two.jobs.renew('j1', 2, at(300)), false, 'a finished job is not renewed');
      assert.equal(
        await two.jobs.finish('j1', 2, { state: 'succeeded', result: null }, at(101)),
        null,
        'finished once',
      );
      assert.equal(await one.jobs.renew('missing', 1, at(1)), false);
      assert.equal(
        await one.jobs.finish('missing', 1, { state: 'succeeded', result: null }, at(1)),
        null,
      );
    });

    it('queues a failed job again at retryAt while attempts remain, then fails it for good', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('j1', { maxAttempts: 2 }));
      await claim(store, 0);
      const error = { code: 'build-failed', message: 'the engine was not reachable' };
      const retried = await store.jobs.finish(
        'j1',
        1,
        { state: 'failed', error, retryAt: at(30) },
        at(5),
      );
      assert.equal(retried?.state, 'queued');
      assert.equal(retried.runAfter, at(30));
      assert.deepEqual(retried.error, error);
      assert.equal(retried.lease, null);
      assert.equal(retried.finishedAt, null);
      assert.equal(await claim(store, 29), null, 'not before retryAt');
      const second = await claim(store, 30);
      assert.equal(second?.attempts, 2);
      const failed = await store.jobs.finish(
        'j1',
        2,
        { state: 'failed', error, retryAt: at(90) },
        at(35),
      );
      assert.equal(failed?.state, 'failed', 'no attempt left: retryAt ignored');
      assert.equal(failed.finishedAt, at(35));
      assert.deepEqual(
        failed.history.map((h) => [h.outcome, h.error?.code]),
        [
          ['failed', 'build-failed'],
          ['failed', 'build-failed'],
        ],
      );
      assert.equal(await claim(store, 1000), null);
    });

    it('fails a job at once when its outcome has no retryAt', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('j1'));
      await claim(store, 0);
      const error = { code: 'unknown-job-kind', message: 'no executor' };
      const failed = await store.jobs.finish('j1', 1, { state: 'failed', error }, at(1));
      assert.equal(failed?.state, 'failed');
      assert.equal(failed.attempts, 1);
    });

    it('fails a job whose last attempt ran out of lease, and claims the next one instead', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('dead', { maxAttempts: 1, createdAt: at(-5) }));
      await store.jobs.enqueue(newJob('next', { runAfter: at(100) }));
      await claim(store, 0, 'w1');
      const givenUp: Job[] = [];
      const got = await store.jobs.claim({
        worker: 'w2',
        now: at(200),
        leaseMs: 60_000,
        onGivenUp: (job) => givenUp.push(job),
      });
      assert.equal(got?.id, 'next');
      assert.deepEqual(
        givenUp.map((j) => [j.id, j.state]),
        [['dead', 'failed']],
        'the claim says what it gave up',
      );
      const dead = await store.jobs.get('dead');
      assert.equal(dead?.state, 'failed');
      assert.equal(dead.error?.code, 'lease-expired');
      assert.equal(dead.lease, null);
      assert.equal(dead.finishedAt, at(200));
      assert.equal(dead.history[0]?.outcome, 'lease-expired');
    });

    it('cancels a queued job only', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('q'));
      await store.jobs.enqueue(newJob('r', { createdAt: at(1) }));
      const cancelled = await store.jobs.cancel('q', at(1));
      assert.equal(cancelled?.state, 'cancelled');
      assert.equal(cancelled.finishedAt, at(1));
      assert.equal(await store.jobs.cancel('q', at(2)), null, 'not queued any more');
      assert.equal(await store.jobs.cancel('missing', at(2)), null);
      assert.equal((await claim(store, 5))?.id, 'r', 'a cancelled job is never claimed');
      assert.equal(await store.jobs.cancel('r', at(6)), null, 'a running job is its worker’s');
      assert.equal(await claim(store, 30), null, 'neither is claimed again while r is live');
    });

    it('lists newest first with filters, an empty list matching nothing, and pages', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('a', { createdAt: at(1) }));
      await store.jobs.enqueue(newJob('b', { createdAt: at(3), kind: 'test-contract' }));
      await store.jobs.enqueue(newJob('c', { createdAt: at(2), target: 'hr.people' }));
      await store.jobs.enqueue(newJob('d', { createdAt: at(3) }));
      await claim(store, 10, 'w1', ['test-contract']);
      const ids = async (filter: Parameters<MeshworkStore['jobs']['list']>[0]) =>
        (await store.jobs.list(filter)).items.map((j) => j.id);
      assert.deepEqual(await ids({}), ['d', 'b', 'c', 'a'], 'createdAt, then later insertion');
      assert.deepEqual(await ids({ kinds: ['test-contract'] }), ['b']);
      assert.deepEqual(await ids({ targets: ['hr.people', 'nowhere'] }), ['c']);
      assert.deepEqual(await ids({ states: ['running'] }), ['b']);
      assert.deepEqual(await ids({ states: ['queued'], kinds: ['build-product'] }), [
        'd',
        'c',
        'a',
      ]);
      assert.deepEqual(await ids({ kinds: [] }), []);
      assert.deepEqual(await ids({ targets: [] }), []);
      assert.deepEqual(await ids({ states: [] }), []);
      const seen: string[] = [];
      let page = await store.jobs.list({ limit: 3 });
      seen.push(...page.items.map((j) => j.id));
      assert.notEqual(page.next, null);
      page = await store.jobs.list({ limit: 3, cursor: page.next });
      seen.push(...page.items.map((j) => j.id));
      assert.equal(page.next, null);
      assert.deepEqual(seen, ['d', 'b', 'c', 'a']);
      await assert.rejects(store.jobs.list({ cursor: '!!not a cursor' }));
    });

    it('bounds the attempt history to the newest 20', async () => {
      const store = await empty();
      await store.jobs.enqueue(newJob('j1', { maxAttempts: 30 }));
      let now = 0;
      for (let i = 0; i < 25; i++) {
        await claim(store, now);
        now += 61;
      }
      const job = await store.jobs.get('j1');
      assert.equal(job?.attempts, 25);
      assert.equal(job.history.length, 20);
      assert.equal(job.history[0]?.attempt, 6);
      assert.equal(job.history[19]?.attempt, 25);
    });

    it('never gives one job to two of many concurrent claimers', async () => {
      const b = await backing();
      const instances = [await openOn(b), await openOn(b), await openOn(b)];
      const first = instances[0];
      if (!first) throw new Error('no store');
      const count = 30;
      for (let i = 0; i < count; i++)
        await first.jobs.enqueue(newJob(`j${String(i).padStart(2, '0')}`));
      const claimed = await Promise.all(
        Array.from({ length: 45 }, (_, i) =>
          claim(instances[i % instances.length] ?? first, 10, `w${i}`),
        ),
      );
      const ids = claimed.filter((j) => j !== null).map((j) => j.id);
      assert.equal(ids.length, count, 'every job claimed, by one claimer each');
      assert.equal(new Set(ids).size, count, 'no job twice');
      assert.equal(claimed.filter((j) => j === null).length, 15);
      for (const job of (await first.jobs.list({ limit: 100 })).items) {
        assert.equal(job.state, 'running');
        assert.equal(job.attempts, 1, `${job.id} claimed once`);
      }
    });

    /** Enqueues `id` and runs it to `end` at `finishedAt` (seconds after T0), alone in the queue. */
    const finished = async (
      store: MeshworkStore,
      id: string,
      finishedAt: number,
      end: 'succeeded' | 'failed' | 'cancelled' = 'succeeded',
      overrides: Partial<Job> = {},
    ): Promise<void> => {
      await store.jobs.enqueue(newJob(id, overrides));
      if (end === 'cancelled') {
        assert.equal((await store.jobs.cancel(id, at(finishedAt)))?.state, 'cancelled');
        return;
      }
      const job = await claim(store, finishedAt - 1);
      assert.equal(job?.id, id, `${id} is the one due`);
      const outcome =
        end === 'succeeded'
          ? { state: 'succeeded' as const, result: null }
          : { state: 'failed' as const, error: { code: 'boom', message: 'it broke' } };
      assert.equal(
        (await store.jobs.finish(id, job.attempts, outcome, at(finishedAt)))?.state,
        end,
      );
    };
    const ids = async (store: MeshworkStore): Promise<string[]> =>
      (await store.jobs.list({ limit: 500 })).items.map((job) => job.id).sort();

    it('prunes only finished jobs that finished before the cutoff, never a queued or running one', async () => {
      const b = await backing();
      const store = await openOn(b);
      await finished(store, 'ok-old', 100, 'succeeded');
      await finished(store, 'failed-old', 200, 'failed');
      await finished(store, 'cancelled-old', 150, 'cancelled');
      await finished(store, 'ok-new', 1000, 'succeeded');
      await finished(store, 'at-cutoff', 500, 'succeeded');
      // Old by every time they carry, but not finished: a prune must leave them be.
      await store.jobs.enqueue(newJob('waiting', { runAfter: at(1_000_000), createdAt: at(-99) }));
      await store.jobs.enqueue(newJob('running', { createdAt: at(-98) }));
      assert.equal((await claim(store, 10))?.id, 'running');
      await store.jobs.enqueue(newJob('lease-ran-out', { createdAt: at(-97) }));
      assert.equal((await claim(store, 11, 'w-dead'))?.id, 'lease-ran-out');
      await store.jobs.enqueue(newJob('retrying', { createdAt: at(-96) }));
      const retrying = await claim(store, 12);
      assert.equal(retrying?.id, 'retrying');
      const error = { code: 'boom', message: 'try again' };
      const requeued = await store.jobs.finish(
        'retrying',
        1,
        { state: 'failed', error, retryAt: at(900_000) },
        at(13),
      );
      assert.equal(requeued?.state, 'queued');

      assert.equal(await store.jobs.prune({ finishedBefore: at(500) }), 3);
      const left = ['at-cutoff', 'lease-ran-out', 'ok-new', 'retrying', 'running', 'waiting'];
      assert.deepEqual(await ids(store), left);
      assert.equal(await store.jobs.get('ok-old'), null);
      // Another instance (process) sees them gone too.
      const other = await openOn(b);
      assert.deepEqual(await ids(other), left);
      assert.equal(await other.jobs.prune({ finishedBefore: at(500) }), 0, 'nothing twice');
      // Even a cutoff far in the future leaves the unfinished ones.
      assert.equal(await other.jobs.prune({ finishedBefore: at(10_000_000) }), 2);
      assert.deepEqual(await ids(store), ['lease-ran-out', 'retrying', 'running', 'waiting']);
      assert.equal((await store.jobs.get('running'))?.state, 'running');
      // Pruned ids are free again; the kept jobs still work.
      assert.equal((await store.jobs.enqueue(newJob('ok-old'))).created, true);
      assert.equal(await store.jobs.renew('running', 1, at(50)), true);
    });

    it('keeps the newest finished jobs of each kind and target however old', async () => {
      const store = await empty();
      for (const [i, time] of [10, 50, 30, 20, 40].entries())
        await finished(store, `a${i}`, time, 'succeeded', { target: 'sales.orders' });
      await finished(store, 'b0', 15, 'failed', { target: 'sales.customers' });
      await finished(store, 'sla0', 12, 'succeeded', {
        kind: 'sla-evaluate',
        target: 'sales.orders',
      });
      await finished(store, 'sla1', 14, 'succeeded', {
        kind: 'sla-evaluate',
        target: 'sales.orders',
      });
      // Same finish time: the later inserted counts as the newer.
      await finished(store, 'c-first', 60, 'succeeded', { target: 'hr.staff' });
      await finished(store, 'c-second', 60, 'cancelled', { target: 'hr.staff' });
      await store.jobs.enqueue(newJob('c-waiting', { target: 'hr.staff', runAfter: at(1e6) }));

      assert.equal(await store.jobs.prune({ finishedBefore: at(1000), keepPerTarget: 2 }), 3);
      assert.deepEqual(await ids(store), [
        'a1',
        'a4',
        'b0',
        'c-first',
        'c-second',
        'c-waiting',
        'sla0',
        'sla1',
      ]);
      assert.equal(await store.jobs.prune({ finishedBefore: at(1000), keepPerTarget: 1 }), 3);
      assert.deepEqual(await ids(store), ['a1', 'b0', 'c-second', 'c-waiting', 'sla1']);
      // The cutoff still rules: kept by neither, a job newer than it stays.
      assert.equal(await store.jobs.prune({ finishedBefore: at(55), keepPerTarget: 0 }), 3);
      assert.deepEqual(await ids(store), ['c-second', 'c-waiting']);
    });

    it('refuses a prune it could read two ways, deleting nothing', async () => {
      const store = await empty();
      await finished(store, 'old', 10);
      for (const finishedBefore of ['yesterday', '2026-03-01', '2026-03-01T10:00:00+01:00', ''])
        await assert.rejects(store.jobs.prune({ finishedBefore }), /ISO time/);
      for (const keepPerTarget of [-1, 1.5, 10_001, Number.NaN])
        await assert.rejects(
          store.jobs.prune({ finishedBefore: at(100), keepPerTarget }),
          /keepPerTarget/,
        );
      assert.deepEqual(await ids(store), ['old']);
    });

    it('loses nothing when prunes run while many claim and finish', async () => {
      const b = await backing();
      const instances = [await openOn(b), await openOn(b), await openOn(b)];
      const first = instances[0];
      if (!first) throw new Error('no store');
      const old = 40;
      for (let i = 0; i < old; i++) await finished(first, `old${String(i).padStart(2, '0')}`, 100);
      const count = 30;
      for (let i = 0; i < count; i++)
        await first.jobs.enqueue(newJob(`q${String(i).padStart(2, '0')}`, { createdAt: at(200) }));
      const work = async (store: MeshworkStore, worker: string): Promise<string | null> => {
        const job = await claim(store, 300, worker);
        if (job === null) return null;
        const done = await store.jobs.finish(
          job.id,
          job.attempts,
          { state: 'succeeded', result: { worker } },
          at(400),
        );
        assert.equal(done?.state, 'succeeded', `${job.id} finished by its claimer`);
        return job.id;
      };
      const results = await Promise.all([
        ...Array.from({ length: 45 }, (_, i) =>
          work(instances[i % instances.length] ?? first, `w${i}`),
        ),
        ...instances.map(async (store) => {
          await new Promise((resolve) => setImmediate(resolve));
          return store.jobs.prune({ finishedBefore: at(350) });
        }),
      ]);
      const claimed = results.slice(0, 45).filter((id) => id !== null);
      const pruned = results.slice(45) as number[];
      assert.equal(claimed.length, count, 'every queued job claimed');
      assert.equal(new Set(claimed).size, count, 'none twice');
      assert.equal(
        pruned.reduce((sum, n) => sum + n, 0),
        old,
        'the old ones deleted once between the prunes',
      );
      for (const store of [...instances, await openOn(b)]) {
        const jobs = (await store.jobs.list({ limit: 500 })).items;
        assert.equal(jobs.length, count, 'exactly the new jobs remain');
        for (const job of jobs) {
          assert.equal(job.state, 'succeeded', `${job.id} kept its finish`);
          assert.equal(job.attempts, 1, `${job.id} claimed once`);
        }
      }
    });
  });
}
