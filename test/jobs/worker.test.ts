import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExecutorRegistry } from '../../src/app/jobs/executor-registry.ts';
import type { JobExecutor } from '../../src/app/jobs/job-executor.ts';
import { retryDelayMs } from '../../src/app/jobs/retry-backoff.ts';
import type { WorkerLogLine, WorkerOptions } from '../../src/app/jobs/worker.ts';
import { runWorker } from '../../src/app/jobs/worker.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import { createMemoryStore } from '../support/memory-store.ts';

function job(id: string, overrides: Partial<Job> = {}): Job {
  const now = new Date().toISOString();
  return {
    id,
    kind: 'test-contract',
    target: 'sales.orders',
    payload: {},
    trigger: 'manual',
    requestedBy: 'alice',
    scheduledFor: now,
    runAfter: now,
    state: 'queued',
    attempts: 0,
    maxAttempts: 3,
    lease: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    history: [],
    ...overrides,
  };
}

interface Harness {
  readonly store: MeshworkStore;
  readonly lines: WorkerLogLine[];
  readonly warnings: string[];
  readonly events: MeshEvent[];
  readonly stop: AbortController;
  readonly running: Promise<void>;
}

function start(
  executors: JobExecutor[],
  overrides: Partial<WorkerOptions> = {},
  store: MeshworkStore = createMemoryStore(),
): Harness {
  const lines: WorkerLogLine[] = [];
  const warnings: string[] = [];
  const events: MeshEvent[] = [];
  const stop = new AbortController();
  const running = runWorker({
    store,
    executors: createExecutorRegistry(executors),
    meshRoot: '/nowhere',
    env: {},
    now: () => new Date(),
    events: { publish: (event) => Promise.resolve(void events.push(event)) },
    leaseMs: 600,
    pollMs: 20,
    signal: stop.signal,
    log: (line) => lines.push(line),
    warn: (message) => warnings.push(message),
    ...overrides,
  });
  return { store, lines, warnings, events, stop, running };
}

/** Polls `check` every 20 ms for at most `ms`; fails with `what` when it never holds. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stateOf = async (store: MeshworkStore, id: string) => (await store.jobs.get(id))?.state;

describe('the worker loop', () => {
  it('runs a job with its context and finishes it succeeded with the result', async () => {
    const seen: string[] = [];
    const h = start([
      {
        kind: 'test-contract',
        run: (j, context) => {
          seen.push(`${j.id}@${context.meshRoot}:${context.signal.aborted}`);
          return Promise.resolve({ state: 'succeeded', result: { runId: `run-${j.id}` } });
        },
      },
    ]);
    await h.store.jobs.enqueue(job('j1'));
    await until('j1 succeeded', async () => (await stateOf(h.store, 'j1')) === 'succeeded');
    h.stop.abort();
    await h.running;
    const done = await h.store.jobs.get('j1');
    assert.deepEqual(done?.result, { runId: 'run-j1' });
    assert.deepEqual(seen, ['j1@/nowhere:false']);
    assert.equal(h.lines.length, 1);
    assert.equal(h.lines[0]?.outcome, 'succeeded');
    assert.equal(h.events.length, 0);
  });

  it('records a throw as executor-crashed, masks URL secrets, and retries after 30 s', async () => {
    const h = start(
      [
        {
          kind: 'test-contract',
          run: () =>
            Promise.reject(
              new Error('cannot reach postgres://meshwork:s3cret@db:5432/x and postgres://u:p@h/'),
            ),
        },
      ],
      { env: { MESHWORK_DATABASE_URL: 'postgres://u:p@h/' } },
    );
    await h.store.jobs.enqueue(job('j1'));
    await until('j1 retried', () => h.lines.length === 1);
    h.stop.abort();
    await h.running;
    const retried = await h.store.jobs.get('j1');
    assert.equal(retried?.state, 'queued');
    assert.equal(retried.error?.code, 'executor-crashed');
    assert.equal(
      retried.error.message,
      'cannot reach postgres://meshwork:***@db:5432/x and ***',
      'no password in the record',
    );
    const finishedAt = retried.history[0]?.finishedAt ?? '';
    assert.equal(Date.parse(retried.runAfter) - Date.parse(finishedAt), 30_000);
    assert.equal(h.lines[0]?.outcome, 'retry');
    assert.doesNotMatch(JSON.stringify(h.lines), /s3cret/);
  });

  it('fails a job for good after its last attempt and publishes job.failed once', async () => {
    let runs = 0;
    const h = start([
      {
        kind: 'test-contract',
        run: () => {
          runs++;
          return Promise.resolve({
            state: 'failed',
            error: { code: 'source-unreachable', message: 'no answer' },
            retryAt: new Date().toISOString(),
          });
        },
      },
    ]);
    await h.store.jobs.enqueue(job('j1', { maxAttempts: 2 }));
    await until('j1 failed', async () => (await stateOf(h.store, 'j1')) === 'failed');
    await until('the event', () => h.events.length === 1);
    h.stop.abort();
    await h.running;
    assert.equal(runs, 2);
    assert.deepEqual(
      h.lines.map((l) => l.outcome),
      ['retry', 'failed'],
    );
    const event = h.events[0];
    assert.equal(event?.id, 'job.failed:j1');
    assert.equal(event.type, 'job.failed');
    assert.equal(event.data.code, 'source-unreachable');
    assert.equal(event.data.attempts, 2);
  });

  it('does not retry a permanent failure, nor a job of a kind it has no executor for', async () => {
    const h = start(
      [
        {
          kind: 'test-contract',
          run: () =>
            Promise.resolve({
              state: 'failed',
              error: { code: 'unknown-contract', message: 'no such contract' },
              permanent: true,
            }),
        },
      ],
      { kinds: ['test-contract', 'sla-evaluate'] },
    );
    await h.store.jobs.enqueue(job('j1'));
    await h.store.jobs.enqueue(job('j2', { kind: 'sla-evaluate' }));
    await until('both failed', () => h.lines.length === 2);
    h.stop.abort();
    await h.running;
    const j1 = await h.store.jobs.get('j1');
    assert.equal(j1?.state, 'failed');
    assert.equal(j1.attempts, 1);
    const j2 = await h.store.jobs.get('j2');
    assert.equal(j2?.state, 'failed');
    assert.equal(j2.error?.code, 'unknown-job-kind');
    assert.equal(j2.attempts, 1);
  });

  it('claims only the kinds it has executors for unless told otherwise', async () => {
    const h = start([
      { kind: 'test-contract', run: () => Promise.resolve({ state: 'succeeded', result: null }) },
    ]);
    await h.store.jobs.enqueue(job('other', { kind: 'notify-deliver' }));
    await h.store.jobs.enqueue(job('mine'));
    await until('mine done', async () => (await stateOf(h.store, 'mine')) === 'succeeded');
    h.stop.abort();
    await h.running;
    assert.equal(await stateOf(h.store, 'other'), 'queued');
  });

  it('renews the lease while a job runs longer than it', async () => {
    const h = start([
      {
        kind: 'test-contract',
        run: async () => {
          await new Promise((r) => setTimeout(r, 1_500));
          return { state: 'succeeded', result: null };
        },
      },
    ]);
    await h.store.jobs.enqueue(job('slow'));
    await until('slow claimed', async () => (await stateOf(h.store, 'slow')) === 'running');
    // A second claimer tries all along: a renewed lease never runs out.
    const other: (Job | null)[] = [];
    while ((await stateOf(h.store, 'slow')) === 'running') {
      other.push(
        await h.store.jobs.claim({ worker: 'thief', now: new Date().toISOString(), leaseMs: 600 }),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    h.stop.abort();
    await h.running;
    assert.ok(other.length > 10);
    assert.ok(
      other.every((j) => j === null),
      'never taken over',
    );
    const slow = await h.store.jobs.get('slow');
    assert.equal(slow?.state, 'succeeded');
    assert.equal(slow.attempts, 1);
  });

  it('stops the executor and writes nothing when its lease is taken over', async () => {
    let aborted = false;
    const store = createMemoryStore();
    // The lease is renewed on time, but a store that refuses (another worker took the job
    // over meanwhile) is what the worker must obey.
    const refusing: MeshworkStore = {
      ...store,
      jobs: { ...store.jobs, renew: () => Promise.resolve(false) },
    };
    const h = start(
      [
        {
          kind: 'test-contract',
          run: (_, context) =>
            new Promise((resolve) => {
              context.signal.addEventListener('abort', () => {
                aborted = true;
                resolve({ state: 'succeeded', result: { late: true } });
              });
            }),
        },
      ],
      { leaseMs: 300 },
      refusing,
    );
    await store.jobs.enqueue(job('j1'));
    await until('lost', () => h.lines.length === 1);
    h.stop.abort();
    await h.running;
    assert.equal(aborted, true);
    assert.equal(h.lines[0]?.outcome, 'lost');
    const j1 = await store.jobs.get('j1');
    assert.equal(j1?.state, 'running', 'the late success was not written');
    assert.equal(j1.result, null);
  });

  it('gives its job back when stopped, for another worker to take at once', async () => {
    let started = false;
    const h = start([
      {
        kind: 'test-contract',
        run: (_, context) =>
          new Promise((resolve) => {
            started = true;
            context.signal.addEventListener('abort', () =>
              resolve({ state: 'failed', error: { code: 'aborted', message: 'stopped' } }),
            );
          }),
      },
    ]);
    await h.store.jobs.enqueue(job('j1'));
    await until('started', () => started);
    h.stop.abort();
    await h.running;
    const j1 = await h.store.jobs.get('j1');
    assert.equal(j1?.state, 'queued');
    assert.equal(j1.error?.code, 'worker-stopped');
    assert.ok(Date.parse(j1.runAfter) <= Date.now(), 'due at once');
    assert.equal(h.lines[0]?.outcome, 'released');
    const next = await h.store.jobs.claim({
      worker: 'w2',
      now: new Date().toISOString(),
      leaseMs: 1000,
    });
    assert.equal(next?.id, 'j1');
  });

  it('says so when its claim gives up a dead worker’s job on its last attempt', async () => {
    const store = createMemoryStore();
    const past = new Date(Date.now() - 20_000).toISOString();
    await store.jobs.enqueue(job('orphan', { maxAttempts: 1, runAfter: past, createdAt: past }));
    const dead = await store.jobs.claim({
      worker: 'gone:1:x',
      now: new Date(Date.now() - 10_000).toISOString(),
      leaseMs: 1_000,
    });
    assert.equal(dead?.id, 'orphan');
    const h = start([], { kinds: ['test-contract'] }, store);
    await until('the event', () => h.events.length === 1);
    h.stop.abort();
    await h.running;
    assert.equal((await store.jobs.get('orphan'))?.state, 'failed');
    assert.equal(h.events[0]?.id, 'job.failed:orphan');
    assert.equal(h.events[0]?.data.code, 'lease-expired');
    assert.deepEqual(
      h.lines.map((l) => [l.jobId, l.outcome, l.worker, l.error?.code]),
      [['orphan', 'failed', 'gone:1:x', 'lease-expired']],
    );
  });

  it('keeps going when the store fails a claim, saying so', async () => {
    const store = createMemoryStore();
    let failures = 2;
    const flaky: MeshworkStore = {
      ...store,
      jobs: {
        ...store.jobs,
        claim: (request) =>
          failures-- > 0
            ? Promise.reject(new Error('connection reset'))
            : store.jobs.claim(request),
      },
    };
    const h = start(
      [{ kind: 'test-contract', run: () => Promise.resolve({ state: 'succeeded', result: null }) }],
      {},
      flaky,
    );
    await store.jobs.enqueue(job('j1'));
    await until('j1 done', async () => (await stateOf(store, 'j1')) === 'succeeded');
    h.stop.abort();
    await h.running;
    assert.equal(h.warnings.filter((w) => w.includes('connection reset')).length, 2);
  });
});

describe('retry backoff', () => {
  it('waits 30 s, 2 min, 10 min, then an hour at most', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 10, 0, Number.NaN].map(retryDelayMs),
      [30_000, 120_000, 600_000, 3_600_000, 3_600_000, 30_000, 30_000],
    );
  });
});

describe('executor registry', () => {
  it('refuses two executors for one kind', () => {
    const run = () => Promise.resolve({ state: 'succeeded' as const, result: null });
    assert.throws(
      () =>
        createExecutorRegistry([
          { kind: 'test-contract', run },
          { kind: 'test-contract', run },
        ]),
      /two job executors/,
    );
  });
});
