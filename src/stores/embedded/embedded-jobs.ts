import type { JobRepository } from '../../app/store/store.ts';
import type { Job } from '../../core/jobs/job-model.ts';
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
} from '../../core/jobs/job-transitions.ts';
import { assertPruneRequest, jobsToPrune } from '../../core/jobs/job-pruning.ts';
import { pageByKey } from '../paging.ts';
import type { CollectionLog } from './collection-log.ts';
import { withLock } from './lock-file.ts';

/**
 * Jobs in the embedded store: one log (`jobs.jsonl`, looked at on every read) and every
 * change — enqueue, claim, renew, finish, cancel — one read-check-write under
 * `jobs-change.lock` (not the log's compaction lock: the append inside may compact).
 *
 * Why a claim is safe across processes: the lock file admits one holder at a time on this
 * host and its folder (created by `link`, which fails when the name exists). Inside it the
 * log is read — it looks at the file on every read — so the read folds every append of
 * the holder before, which was acknowledged (whole in the current file) before that holder
 * released the lock. The claim then picks a job whose state there is `queued` (or
 * `running` with a lease that ran out) and appends it `running` under a new token before
 * releasing. The next holder reads that append and does not see the job as claimable: two
 * claims never get one job. Renew and finish compare the token under the same lock, so a
 * worker whose lease was taken over (the token grew) changes nothing: it is fenced off.
 *
 * A holder killed inside the section leaves the lock behind; it is taken over once its
 * owner's pid is gone (same host) or after a minute (`lock-file.ts`). If it was killed
 * before its append was whole, nothing was claimed; after, the job is claimed by a dead
 * worker and is taken over when its lease runs out — the lease, not the lock, is what
 * recovers work.
 *
 * A prune deletes under the same lock, in one append of `delete` operations, so it never
 * meets a claim or a finish halfway; it chooses finished jobs only, and no change turns a
 * finished job back, so nothing it deletes was about to be run. It then compacts the log:
 * the deleted jobs leave the file (and every process's fold of it), not only the map.
 *
 * What this relies on: the workspace folder is on one host's local file system (the lock's
 * liveness check asks the local kernel whether the owner pid lives; on a network share two
 * hosts' locks only go stale after a minute), and clocks of the processes agree (one host).
 */
export function embeddedJobs(log: CollectionLog, lockPath: string): JobRepository {
  let queue: Promise<unknown> = Promise.resolve();
  // Within the process, changes queue in memory first, so one waiter polls the lock file.
  const exclusively = <R>(work: () => Promise<R>): Promise<R> => {
    const next = queue.then(() => withLock(lockPath, work));
    queue = next.catch(() => undefined);
    return next;
  };
  const all = async (): Promise<Job[]> => [...(await log.read()).values()] as Job[];
  const current = async (id: string): Promise<Job | null> =>
    ((await log.read()).get(id) as Job | undefined) ?? null;
  const put = (job: Job): Promise<void> => log.append([{ op: 'put', key: job.id, value: job }]);

  /** Applies `change` to the job under the lock; writes nothing when it answers null. */
  const change = (id: string, step: (job: Job) => Job | null): Promise<Job | null> =>
    exclusively(async () => {
      const before = await current(id);
      if (before === null) return null;
      const after = step(before);
      if (after !== null) await put(after);
      return after;
    });

  return {
    enqueue: async (job) => {
      assertNewJob(job);
      return exclusively(async () => {
        const existing = await current(job.id);
        if (existing !== null) return { job: existing, created: false };
        await put(job);
        return { job, created: true };
      });
    },
    claim: async (request) => {
      const givenUp: Job[] = [];
      const claimed = await exclusively(async () => {
        const due = (await all())
          .filter((job) => isClaimable(job, request.now, request.kinds))
          .sort(compareDue);
        for (const candidate of due) {
          let job = candidate;
          if (leaseRanOut(job, request.now)) {
            job = expireLease(job, request.now);
            if (job.state === 'failed') {
              await put(job);
              givenUp.push(job);
              continue;
            }
          }
          const next = claimJob(job, request.worker, request.now, request.leaseMs);
          await put(next);
          return next;
        }
        return null;
      });
      for (const job of givenUp) request.onGivenUp?.(job);
      return claimed;
    },
    renew: async (id, token, until) =>
      (await change(id, (job) => renewJob(job, token, until))) !== null,
    finish: (id, token, outcome, at) => change(id, (job) => finishJob(job, token, outcome, at)),
    cancel: (id, at) => change(id, (job) => cancelJob(job, at)),
    get: current,
    async list(filter) {
      const matching = (await all())
        .filter(
          (job) =>
            oneOf(filter.kinds, job.kind) &&
            oneOf(filter.targets, job.target) &&
            oneOf(filter.states, job.state),
        )
        .map((job, index) => ({ job, index }))
        // Newest first: by createdAt, then the later insertion first.
        .sort(
          (a, b) => Date.parse(b.job.createdAt) - Date.parse(a.job.createdAt) || b.index - a.index,
        )
        .map(({ job }) => job);
      return pageByKey(matching, (job) => job.id, filter);
    },
    async prune(request) {
      assertPruneRequest(request);
      const deleted = await exclusively(async () => {
        const doomed = jobsToPrune(await all(), request);
        if (doomed.length > 0)
          await log.append(doomed.map((job) => ({ op: 'delete', key: job.id })));
        return doomed.length;
      });
      // The deletes are stored whatever happens here: a compaction that cannot run now
      // (its lock held long) leaves them as lines, folded away on every read, until the
      // next compaction.
      if (deleted > 0) await log.compact().catch(() => undefined);
      return deleted;
    },
  };
}

function oneOf<T>(allowed: readonly T[] | undefined, value: T): boolean {
  return allowed === undefined || allowed.includes(value);
}
