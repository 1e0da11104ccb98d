import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createScheduler } from '../../src/app/jobs/scheduler.ts';
import type { ScheduledMesh, SchedulerOptions } from '../../src/app/jobs/scheduler.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import { createMemoryStore } from '../support/memory-store.ts';

function meshOf(cron: string, timezone = 'UTC'): ScheduledMesh {
  return { schedules: { timezone, entries: [{ kind: 'build-product', target: 'orders', cron }] } };
}

function clock(start: string): { now: () => Date; set(iso: string): void } {
  let at = new Date(start);
  return { now: () => at, set: (iso) => (at = new Date(iso)) };
}

async function allJobs(store: MeshworkStore): Promise<string[]> {
  return (await store.jobs.list({ limit: 100 })).items.map((j) => j.id).sort();
}

function setup(cron: string, start: string, timezone = 'UTC') {
  const store = createMemoryStore();
  const time = clock(start);
  const options: SchedulerOptions = {
    store,
    mesh: () => meshOf(cron, timezone),
    now: time.now,
    systemSchedules: [],
  };
  return { store, time, options };
}

describe('scheduler', () => {
  it('two servers ticking at once enqueue each occurrence once, under its deterministic id', async () => {
    const { store, time, options } = setup('* * * * *', '2026-03-01T10:00:20Z');
    const a = createScheduler(options);
    const b = createScheduler(options);
    // A schedule that never ran starts with its next occurrence, not the one just past.
    await Promise.all([a.tick(), b.tick()]);
    assert.deepEqual(await allJobs(store), []);
    time.set('2026-03-01T10:01:02Z');
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    assert.equal(ra.enqueued.length + rb.enqueued.length, 1);
    assert.deepEqual(await allJobs(store), [
      'schedule:build-product:orders:2026-03-01T10:01:00.000Z',
    ]);
    const [job] = (await store.jobs.list({ limit: 1 })).items;
    assert.equal(job!.trigger, 'schedule');
    assert.equal(job!.requestedBy, 'scheduler');
    assert.equal(job!.scheduledFor, '2026-03-01T10:01:00.000Z');
    assert.equal(job!.state, 'queued');
    assert.deepEqual(job!.payload, { cron: '* * * * *', timezone: 'UTC' });
    // Same minute again: nothing new.
    assert.deepEqual((await a.tick()).enqueued, []);
  });

  it('occurrences missed while no server ran collapse into the latest one', async () => {
    const { store, time, options } = setup('*/5 * * * *', '2026-03-01T10:04:05Z');
    const running = createScheduler(options);
    await running.tick();
    time.set('2026-03-01T10:05:05Z');
    assert.equal((await running.tick()).enqueued.length, 1);
    const first = (await store.jobs.list({ limit: 1 })).items[0]!;
    const claimed = await store.jobs.claim({
      worker: 'w',
      now: '2026-03-01T10:05:06Z',
      leaseMs: 60_000,
    });
    assert.equal(claimed?.id, first.id);
    await store.jobs.finish(
      first.id,
      claimed.lease!.token,
      { state: 'succeeded', result: null },
      '2026-03-01T10:05:07Z',
    );
    // Down from 10:06 to 10:37, then a new server: 10:10 … 10:35 were missed; one job, for 10:35.
    time.set('2026-03-01T10:37:00Z');
    const report = await createScheduler(options).tick();
    assert.deepEqual(
      report.enqueued.map((j) => j.id),
      ['schedule:build-product:orders:2026-03-01T10:35:00.000Z'],
    );
    assert.equal((await allJobs(store)).length, 2);
  });

  it('leaves out an occurrence while the job of an earlier one still waits in the queue', async () => {
    const { store, time, options } = setup('* * * * *', '2026-03-01T10:00:05Z');
    const scheduler = createScheduler(options);
    await scheduler.tick();
    time.set('2026-03-01T10:01:05Z');
    assert.equal((await scheduler.tick()).enqueued.length, 1);
    time.set('2026-03-01T10:02:05Z');
    const report = await scheduler.tick();
    assert.deepEqual(report.enqueued, []);
    assert.deepEqual(report.collapsed, ['schedule:build-product:orders:2026-03-01T10:02:00.000Z']);
    assert.equal((await allJobs(store)).length, 1);
  });

  it("evaluates the cron in the mesh's time zone", async () => {
    const { time, options } = setup('0 6 * * *', '2026-07-11T03:59:10Z', 'Europe/Berlin');
    const scheduler = createScheduler(options);
    await scheduler.tick();
    time.set('2026-07-11T04:00:10Z');
    const report = await scheduler.tick();
    assert.deepEqual(
      report.enqueued.map((j) => j.scheduledFor),
      ['2026-07-11T04:00:00.000Z'],
    );
  });

  it('runs system schedules every N minutes aligned to the epoch, from the start', async () => {
    const store = createMemoryStore();
    const time = clock('2026-03-01T10:07:30Z');
    const scheduler = createScheduler({
      store,
      mesh: () => null,
      now: time.now,
      systemSchedules: [{ kind: 'sla-evaluate', target: 'mesh', everyMinutes: 5 }],
    });
    const report = await scheduler.tick();
    assert.deepEqual(
      report.enqueued.map((j) => [j.id, j.trigger, j.requestedBy]),
      [['schedule:sla-evaluate:mesh:2026-03-01T10:05:00.000Z', 'system', 'system']],
    );
    time.set('2026-03-01T10:09:59Z');
    assert.deepEqual((await scheduler.tick()).enqueued, []);
    // 10:10: the 10:05 job still waits (no worker here), so 10:10 collapses into it.
    time.set('2026-03-01T10:10:00Z');
    assert.deepEqual((await scheduler.tick()).collapsed, [
      'schedule:sla-evaluate:mesh:2026-03-01T10:10:00.000Z',
    ]);
  });

  it('says when an enqueue failed and tries again on the next tick', async () => {
    const { store, time, options } = setup('* * * * *', '2026-03-01T10:00:05Z');
    let down = true;
    const flaky: MeshworkStore = {
      ...store,
      jobs: {
        ...store.jobs,
        list: (filter) =>
          down ? Promise.reject(new Error('store unreachable')) : store.jobs.list(filter),
      },
    };
    const lines: string[] = [];
    const scheduler = createScheduler({
      ...options,
      store: flaky,
      log: (message) => lines.push(message),
    });
    const failed = await scheduler.tick();
    assert.equal(failed.failed.length, 1);
    assert.match(failed.failed[0]!.error, /store unreachable/);
    assert.ok(lines.some((l) => l.includes('enqueue failed')));
    down = false;
    await scheduler.tick();
    time.set('2026-03-01T10:01:05Z');
    assert.equal((await scheduler.tick()).enqueued.length, 1);
  });
});
