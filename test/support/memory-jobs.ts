/* eslint-disable @typescript-eslint/require-await -- in memory, every answer is immediate; the interface is async for the real stores */
import type { JobRepository, Page, PageRequest } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import {
  assertNewJob,
  cancelJob,
  claimJob,
  compareDue,
  expireLease,
  finishJob,
  isClaimable,
  leaseRanOut,
  renewJob,
} from '../../src/core/jobs/job-transitions.ts';
import { assertPruneRequest, jobsToPrune } from '../../src/core/jobs/job-pruning.ts';

/**
 * Jobs in memory with the real stores' transitions (`core/jobs/job-transitions.ts`). Each
 * method runs from read to write without an await, so it is atomic in the process.
 */
export function memoryJobs(): JobRepository {
  const jobs = new Map<string, Job>();
  const change = (id: string, step: (job: Job) => Job | null): Job | null => {
    const before = jobs.get(id);
    if (before === undefined) return null;
    const after = step(before);
    if (after !== null) jobs.set(id, after);
    return after;
  };
  return {
    async enqueue(job) {
      assertNewJob(job);
      const existing = jobs.get(job.id);
      if (existing !== undefined) return { job: existing, created: false };
      jobs.set(job.id, job);
      return { job, created: true };
    },
    async claim(request) {
      const due = [...jobs.values()]
        .filter((job) => isClaimable(job, request.now, request.kinds))
        .sort(compareDue);
      for (const candidate of due) {
        let job = candidate;
        if (leaseRanOut(job, request.now)) {
          job = expireLease(job, request.now);
          jobs.set(job.id, job);
          if (job.state === 'failed') {
            request.onGivenUp?.(job);
            continue;
          }
        }
        const claimed = claimJob(job, request.worker, request.now, request.leaseMs);
        jobs.set(job.id, claimed);
        return claimed;
      }
      return null;
    },
    async renew(id, token, until) {
      return change(id, (job) => renewJob(job, token, until)) !== null;
    },
    async finish(id, token, outcome, at) {
      return change(id, (job) => finishJob(job, token, outcome, at));
    },
    async cancel(id, at) {
      return change(id, (job) => cancelJob(job, at));
    },
    async get(id) {
      return jobs.get(id) ?? null;
    },
    async list(filter) {
      const matching = [...jobs.values()]
        .map((job, index) => ({ job, index }))
        .filter(
          ({ job }) =>
            oneOf(filter.kinds, job.kind) &&
            oneOf(filter.targets, job.target) &&
            oneOf(filter.states, job.state),
        )
        .sort(
          (a, b) => Date.parse(b.job.createdAt) - Date.parse(a.job.createdAt) || b.index - a.index,
        )
        .map(({ job }) => job);
      return page(matching, filter);
    },
    async prune(request) {
      assertPruneRequest(request);
      const doomed = jobsToPrune([...jobs.values()], request);
      for (const job of doomed) jobs.delete(job.id);
      return doomed.length;
    },
  };
}

function page<T>(items: readonly T[], request: PageRequest): Page<T> {
  if (request.cursor && !/^\d+$/.test(request.cursor))
    throw new Error(`invalid page cursor "${request.cursor.slice(0, 40)}"`);
  const start = request.cursor ? Number(request.cursor) : 0;
  const limit = request.limit ?? 50;
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return { items: slice, next: end < items.length ? String(end) : null };
}

function oneOf<T>(allowed: readonly T[] | undefined, value: T): boolean {
  return allowed === undefined || allowed.includes(value);
}
