/**
 * One-off measurement (issue 13, jobs-prune): claim + finish in the embedded store with
 * 100,000 finished jobs — one product on a one-minute schedule for ~69 days — before and
 * after a prune. Run: `node --import tsx scripts/measure-job-prune.ts [jobs]`.
 * The jobs are written to jobs.jsonl directly (as the store writes them), not made one by
 * one through the store, which would take hours of the very cost measured here.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeshworkStore } from '../src/app/store/store.ts';
import type { Job } from '../src/core/jobs/job-model.ts';
import { createEmbeddedStore } from '../src/stores/embedded/index.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const COUNT = Number(process.argv[2] ?? 100_000);
const CYCLES = 50;
const now = Date.now();

function finishedJob(i: number): Job {
  const due = new Date(now - (COUNT - i) * MINUTE).toISOString();
  const done = new Date(now - (COUNT - i) * MINUTE + 20_000).toISOString();
  return {
    id: `schedule:build-product:sales.orders:${due}`,
    kind: 'build-product',
    target: 'sales.orders',
    payload: {},
    trigger: 'schedule',
    requestedBy: 'scheduler',
    scheduledFor: due,
    runAfter: due,
    state: 'succeeded',
    attempts: 1,
    maxAttempts: 3,
    lease: null,
    createdAt: due,
    startedAt: due,
    finishedAt: done,
    error: null,
    result: { status: 'published', runIds: `run_${i}` },
    history: [
      {
        attempt: 1,
        worker: 'host:1:abc',
        startedAt: due,
        finishedAt: done,
        outcome: 'succeeded',
        error: null,
      },
    ],
  };
}

async function cycles(store: MeshworkStore, label: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    const at = new Date().toISOString();
    await store.jobs.enqueue({
      ...finishedJob(0),
      id: `job_measure_${label}_${i}`,
      state: 'queued',
      attempts: 0,
      scheduledFor: at,
      runAfter: at,
      createdAt: at,
      startedAt: null,
      finishedAt: null,
      result: null,
      history: [],
    });
    const started = performance.now();
    const job = await store.jobs.claim({
      worker: 'measure',
      now: new Date().toISOString(),
      leaseMs: 60_000,
    });
    if (job === null) throw new Error('nothing claimed');
    await store.jobs.finish(
      job.id,
      job.attempts,
      { state: 'succeeded', result: null },
      new Date().toISOString(),
    );
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number): string => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(1);
  const jobs = (await store.jobs.list({ limit: 1 })).items.length > 0 ? await count(store) : 0;
  process.stdout.write(
    `${label}: ${jobs} jobs; claim+finish over ${CYCLES} cycles: median ${pick(0.5)} ms, p90 ${pick(0.9)} ms, max ${pick(1)} ms\n`,
  );
}

async function count(store: MeshworkStore): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await store.jobs.list({ limit: 1000, ...(cursor ? { cursor } : {}) });
    total += page.items.length;
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return total;
}

async function coldFirst(directory: string, label: string): Promise<void> {
  // A new process's first claim folds the whole file: what a fresh worker pays once.
  const store = createEmbeddedStore({ directory });
  const started = performance.now();
  await store.jobs.claim({ worker: 'cold', now: new Date().toISOString(), leaseMs: 60_000 });
  const ms = performance.now() - started;
  const size = (await stat(join(directory, 'jobs.jsonl'))).size;
  process.stdout.write(
    `${label}: jobs.jsonl ${(size / 1e6).toFixed(1)} MB; first claim of a new store instance ${ms.toFixed(0)} ms\n`,
  );
  await store.close();
}

const directory = await mkdtemp(join(tmpdir(), 'meshwork-measure-prune-'));
try {
  const setup = createEmbeddedStore({ directory });
  await setup.migrate();
  await setup.close();
  const lines = Array.from({ length: COUNT }, (_, i) => {
    const job = finishedJob(i);
    return `${JSON.stringify({ op: 'put', key: job.id, value: job })}\n`;
  });
  await writeFile(join(directory, 'jobs.jsonl'), lines.join(''));
  process.stdout.write(`${COUNT} finished jobs, one a minute, the newest just now\n`);

  await coldFirst(directory, 'before prune');
  const store = createEmbeddedStore({ directory });
  await cycles(store, 'before prune');

  for (const days of [30, 1]) {
    const started = performance.now();
    const deleted = await store.jobs.prune({
      finishedBefore: new Date(Date.now() - days * DAY).toISOString(),
      keepPerTarget: 20,
    });
    process.stdout.write(
      `prune to ${days} day(s): ${deleted} deleted in ${(performance.now() - started).toFixed(0)} ms (with the compaction)\n`,
    );
    await coldFirst(directory, `after prune to ${days} day(s)`);
    await cycles(store, `after prune to ${days} day(s)`);
  }
  await store.close();
} finally {
  await rm(directory, { recursive: true, force: true });
}
