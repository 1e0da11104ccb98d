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
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Delivery } from '../../src/core/notify/notification-model.ts';
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

/** The notification part of a prune's result when there was nothing to delete (default 90 days). */
const NO_NOTIFICATIONS = {
  deletedEvents: 0,
  deletedDeliveries: 0,
  notificationsBefore: daysAgo(90),
  notifyHistoryDays: 90,
};

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
        ...NO_NOTIFICATIONS,
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
      result: {
        deleted: 0,
        finishedBefore: daysAgo(30),
        historyDays: 30,
        keepPerTarget: 20,
        ...NO_NOTIFICATIONS,
      },
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

  it('deletes notification events and finished deliveries older than MESHWORK_NOTIFY_HISTORY_DAYS, never a pending delivery', async () => {
    const store = createMemoryStore();
    const event = (id: string, at: string): MeshEvent => ({
      id,
      type: 'check.failed',
      at,
      subject: 'sales.orders',
      productId: 'sales.orders',
      domain: 'sales',
      recipients: { users: [], teams: [] },
      data: {},
    });
    const delivery = (id: string, eventId: string, state: Delivery['state'], createdAt: string) =>
      ({
        id,
        eventId,
        eventType: 'check.failed',
        subscriptionId: null,
        owner: 'user:ana',
        channel: 'email',
        destination: 'ana@example.com',
        address: 'ana@example.com',
        language: 'en',
        state,
        attempts: [],
        createdAt,
        finishedAt: state === 'pending' ? null : createdAt,
      }) satisfies Delivery;
    await store.notifications.addEvent(event('ancient', daysAgo(100)));
    await store.notifications.addEvent(event('stuck', daysAgo(100)));
    await store.notifications.addEvent(event('recent', daysAgo(89)));
    await store.notifications.addDelivery(
      delivery('d-ancient', 'ancient', 'delivered', daysAgo(100)),
    );
    await store.notifications.addDelivery(delivery('d-stuck', 'stuck', 'pending', daysAgo(100)));
    await store.notifications.addDelivery(delivery('d-recent', 'recent', 'failed', daysAgo(89)));
    const context = jobContext('/nowhere', store);
    const outcome = await pruneJobsExecutor.run(claimedJob('jobs-prune', 'mesh'), context);
    assert.equal(outcome.state, 'succeeded');
    assert.equal(outcome.result?.deletedEvents, 1);
    assert.equal(outcome.result.deletedDeliveries, 1);
    assert.equal(outcome.result.notificationsBefore, daysAgo(90));
    assert.equal(await store.notifications.getEvent('ancient'), null);
    assert.equal(await store.notifications.getDelivery('d-ancient'), null);
    assert.ok(await store.notifications.getDelivery('d-stuck'), 'a pending delivery stays');
    assert.ok(await store.notifications.getEvent('stuck'), 'and so does its event');
    assert.ok(await store.notifications.getDelivery('d-recent'));
    // A shorter history, by the setting.
    const short = { ...context, env: { MESHWORK_NOTIFY_HISTORY_DAYS: '30' } };
    const again = await pruneJobsExecutor.run(claimedJob('jobs-prune', 'mesh'), short);
    assert.equal(again.state === 'succeeded' && again.result?.deletedDeliveries, 1);
    assert.equal(await store.notifications.getEvent('recent'), null);
    // A bad setting fails for good and deletes nothing, jobs included.
    await finishedJob(store, 'old-job', 400);
    await store.notifications.addEvent(event('ancient-2', daysAgo(400)));
    const bad = await pruneJobsExecutor.run(claimedJob('jobs-prune', 'mesh'), {
      ...context,
      env: { MESHWORK_NOTIFY_HISTORY_DAYS: 'forever' },
    });
    assert.ok(bad.state === 'failed' && bad.error.code === 'invalid-notify-history-days');
    assert.equal(bad.permanent, true);
    assert.match(bad.error.message, /MESHWORK_NOTIFY_HISTORY_DAYS must be a whole number/);
    assert.ok(await store.jobs.get('old-job'));
    assert.ok(await store.notifications.getEvent('ancient-2'));
    assert.throws(
      () => pruneJobsSystemSchedule({ MESHWORK_NOTIFY_HISTORY_DAYS: '0' }),
      /MESHWORK_NOTIFY_HISTORY_DAYS must be a whole number/,
    );
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
