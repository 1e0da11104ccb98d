import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pruneJobsExecutor, pruneJobsSystemSchedule } from '../../src/app/jobs/executors/index.ts';
import { createExecutorRegistry } from '../../src/app/jobs/executor-registry.ts';
import { createScheduler } from '../../src/app/jobs/scheduler.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import { jobExecutors } from '../../src/runtime/job-executors.ts';
import { startServer } from '../../src/server/start-server.ts';
import { newJob } from '../conformance/stores/jobs-conformance.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { claimedJob, jobContext } from './support.ts';

const DAY_MS = 86_400_000;
/** The context's clock (`jobContext`). */
const NOW = Date.parse('2026-03-01T10:00:30.000Z');
const daysAgo = (days: number): string => new Date(NOW - days * DAY_MS).toISOString();

/** Stores `id` as having run and finished `days` days before NOW. */
async function finishedJob(
  store: MeshworkStore,
  id: string,
  days: number,
  overrides: Partial<Job> = {},
): Promise<void> {
  const start = daysAgo(days + 0.001);
  await store.jobs.enqueue(newJob(id, { runAfter: start, createdAt: start, ...overrides }));
  const claimed = await store.jobs.claim({ worker: 'w', now: start, leaseMs: 60_000 });
  assert.equal(claimed?.id, id);
  const done = await store.jobs.finish(
    id,
    claimed.attempts,
    { state: 'succeeded', result: null },
    daysAgo(days),
  );
  assert.equal(done?.state, 'succeeded');
}

async function ids(store: MeshworkStore): Promise<string[]> {
  return (await store.jobs.list({ limit: 500 })).items.map((job) => job.id).sort();
}

describe('the jobs-prune job', () => {
  it('deletes jobs finished more than 30 days ago, keeping the newest 20 of each product', async () => {
    const store = createMemoryStore();
    // A product built daily for 40 days, and one built once, 200 days ago.
    for (let day = 1; day <= 40; day++)
      await finishedJob(store, `daily-${String(day).padStart(2, '0')}`, day, {
        target: 'sales.orders',
      });
    await finishedJob(store, 'rare', 200, { target: 'hr.staff' });
    await store.jobs.enqueue(newJob('waiting', { runAfter: daysAgo(-1), createdAt: daysAgo(90) }));
    const context = jobContext('/nowhere', store);
    const job = claimedJob('jobs-prune', 'mesh');

    const outcome = await pruneJobsExecutor.run(job, context);
    assert.deepEqual(outcome, {
      state: 'succeeded',
      result: {
        deleted: 10,
        finishedBefore: daysAgo(30),
        historyDays: 30,
        keepPerTarget: 20,
      },
    });
    const left = await ids(store);
    assert.equal(left.length, 32);
    assert.ok(left.includes('rare'), 'the only build of a rarely run product stays');
    assert.ok(left.includes('waiting'), 'a queued job stays, however old');
    // The newest 20 stay in any case; the next ones while younger than 30 days.
    assert.ok(left.includes('daily-01') && left.includes('daily-21') && left.includes('daily-30'));
    assert.ok(!left.includes('daily-31') && !left.includes('daily-40'), 'older ones go');
    assert.deepEqual(await pruneJobsExecutor.run(job, context), {
      state: 'succeeded',
      result: { deleted: 0, finishedBefore: daysAgo(30), historyDays: 30, keepPerTarget: 20 },
    });
  });

  it('reads the history from MESHWORK_JOB_HISTORY_DAYS', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 25; i++)
      await finishedJob(store, `j${String(i).padStart(2, '0')}`, 3 + i * 0.01, {
        target: `product-${i}`,
      });
    await finishedJob(store, 'recent', 1, { target: 'product-0' });
    const context = { ...jobContext('/nowhere', store), env: { MESHWORK_JOB_HISTORY_DAYS: ' 2 ' } };
    const outcome = await pruneJobsExecutor.run(claimedJob('jobs-prune', 'mesh'), context);
    assert.equal(outcome.state, 'succeeded');
    // Older than 2 days, but each the only job of its product: kept.
    assert.equal(outcome.result?.deleted, 0);
    assert.equal(outcome.result.finishedBefore, daysAgo(2));
    for (let i = 0; i < 22; i++)
      await finishedJob(store, `many-${String(i).padStart(2, '0')}`, 5 + i * 0.01, {
        target: 'product-many',
      });
    const again = await pruneJobsExecutor.run(claimedJob('jobs-prune', 'mesh'), context);
    assert.equal(again.state === 'succeeded' && again.result?.deleted, 2);
    assert.equal(await store.jobs.get('many-21'), null, 'the oldest of the 22 went');
  });

  it('fails for good, deleting nothing, when MESHWORK_JOB_HISTORY_DAYS is not a day count', async () => {
    for (const value of ['0', '-5', '1.5', 'abc', '30 days', '3651', '1e3', '0x10']) {
      const store = createMemoryStore();
      await finishedJob(store, 'ancient', 400);
      const context = {
        ...jobContext('/nowhere', store),
        env: { MESHWORK_JOB_HISTORY_DAYS: value },
      };
      const outcome = await pruneJobsExecutor.run(
        claimedJob('jobs-prune', 'mesh', { id: 'schedule:jobs-prune:mesh:x' }),
        context,
      );
      assert.equal(outcome.state, 'failed', value);
      assert.equal(outcome.error.code, 'invalid-job-history-days');
      assert.match(outcome.error.message, /MESHWORK_JOB_HISTORY_DAYS must be a whole number/);
      assert.match(outcome.error.message, /No job was deleted/);
      assert.equal(outcome.permanent, true, 'another attempt reads the same value');
      assert.deepEqual(await ids(store), ['ancient'], value);
      assert.deepEqual(
        context.published.map((e) => e.id),
        ['job.failed:schedule:jobs-prune:mesh:x'],
        'the failure is told',
      );
    }
  });

  it('fails, to be retried, when the store cannot prune', async () => {
    const store = createMemoryStore();
    const broken = {
      ...store,
      jobs: { ...store.jobs, prune: () => Promise.reject(new Error('connection refused')) },
    };
    const outcome = await pruneJobsExecutor.run(
      claimedJob('jobs-prune', 'mesh'),
      jobContext('/nowhere', broken),
    );
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.error.code, 'prune-failed');
    assert.match(outcome.error.message, /connection refused/);
    assert.equal(outcome.permanent, undefined);
  });

  it('is scheduled once a day, is run by every worker, and a bad setting stops the server', async () => {
    assert.deepEqual(pruneJobsSystemSchedule({}), {
      kind: 'jobs-prune',
      target: 'mesh',
      everyMinutes: 1440,
    });
    assert.throws(
      () => pruneJobsSystemSchedule({ MESHWORK_JOB_HISTORY_DAYS: 'forever' }),
      /MESHWORK_JOB_HISTORY_DAYS must be a whole number of days from 1 to 3650; got "forever"/,
    );
    // Registered where `meshwork worker` and the server's workers take their executors.
    const registry = createExecutorRegistry(jobExecutors());
    assert.ok(registry.kinds.includes('jobs-prune'));
    const store = createMemoryStore();
    for (let i = 0; i < 21; i++) await finishedJob(store, `ancient-${i}`, 400 + i);
    const outcome = await registry
      .executorFor('jobs-prune')
      ?.run(claimedJob('jobs-prune', 'mesh'), jobContext('/nowhere', store));
    assert.equal(outcome?.state === 'succeeded' && outcome.result?.deleted, 1);
    assert.equal(await store.jobs.get('ancient-20'), null);

    const dir = await mkdtemp(join(tmpdir(), 'meshwork-prune-serve-'));
    try {
      await assert.rejects(
        startServer({
          meshRoot: dir,
          env: { MESHWORK_ADMIN_PASSWORD: 'prune-test-password', MESHWORK_JOB_HISTORY_DAYS: '0' },
          port: 0,
        }),
        /MESHWORK_JOB_HISTORY_DAYS/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is queued by the scheduler for the day that began, once, and again the next day', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-03-01T10:07:30Z');
    const options = {
      store,
      mesh: () => null,
      now: () => now,
      systemSchedules: [pruneJobsSystemSchedule({})],
    };
    const first = await createScheduler(options).tick();
    assert.deepEqual(
      first.enqueued.map((job) => [job.id, job.kind, job.target, job.trigger]),
      [['schedule:jobs-prune:mesh:2026-03-01T00:00:00.000Z', 'jobs-prune', 'mesh', 'system']],
    );
    // A second server, later that day: the same id, so no second prune.
    now = new Date('2026-03-01T23:59:59Z');
    assert.deepEqual((await createScheduler(options).tick()).enqueued, []);
    // The day's job ran; the next day brings the next one.
    const claimed = await store.jobs.claim({
      worker: 'w',
      now: now.toISOString(),
      leaseMs: 60_000,
    });
    assert.equal(claimed?.kind, 'jobs-prune');
    await store.jobs.finish(claimed.id, 1, { state: 'succeeded', result: null }, now.toISOString());
    now = new Date('2026-03-02T00:00:10Z');
    assert.deepEqual(
      (await createScheduler(options).tick()).enqueued.map((job) => job.id),
      ['schedule:jobs-prune:mesh:2026-03-02T00:00:00.000Z'],
    );
  });
});
