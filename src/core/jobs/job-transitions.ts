import type { Job, JobAttempt, JobError, JobKind, JobOutcome } from './job-model.ts';

/**
 * The state changes of a job, pure: every store applies these same functions inside its
 * own atomic section (a lock file, a row lock), so what a claim, a renew or a finish does
 * to a job is decided once, here, and the stores differ only in how they make the
 * read-check-write atomic (src/stores/CONTEXT.md, "Jobs").
 */

/** The store keeps this many attempts per job, the newest (a job taken over again and again stays small). */
export const MAX_JOB_HISTORY = 20;

/** An attempt whose worker stopped renewing; the job goes on with another worker. */
export const LEASE_EXPIRED: JobError = {
  code: 'lease-expired',
  message:
    'the worker running this attempt stopped renewing its lease (it died or lost the store); another worker takes the job over',
};

/** The same, on the last attempt: the job is given up. */
export const LEASE_EXPIRED_FOR_GOOD: JobError = {
  code: 'lease-expired',
  message:
    'the worker running the last attempt stopped renewing its lease (it died or lost the store); the job was given up — run it again when the cause is fixed',
};

/** Milliseconds of an ISO time; NaN for a malformed one (which then never counts as due). */
function ms(iso: string): number {
  return Date.parse(iso);
}

/** A `running` job whose lease ran out before `now`: another worker may take it over. */
export function leaseRanOut(job: Job, now: string): boolean {
  return job.state === 'running' && job.lease !== null && ms(job.lease.until) < ms(now);
}

/** Whether `claim` may take the job at `now` (for the given kinds; all when not given). */
export function isClaimable(job: Job, now: string, kinds?: readonly JobKind[]): boolean {
  if (kinds !== undefined && !kinds.includes(job.kind)) return false;
  if (job.state === 'queued') return ms(job.runAfter) <= ms(now);
  return leaseRanOut(job, now);
}

/**
 * When a claimable job became due: its `runAfter` when queued, the end of its lease when
 * its worker is gone. Claims take the job due longest first.
 */
export function dueAt(job: Job): string {
  return job.state === 'running' && job.lease !== null ? job.lease.until : job.runAfter;
}

/** Claim order: due longest first, then created first, then by id (stable across stores). */
export function compareDue(a: Job, b: Job): number {
  return (
    ms(dueAt(a)) - ms(dueAt(b)) ||
    ms(a.createdAt) - ms(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function closeOpenAttempt(
  history: readonly JobAttempt[],
  token: number,
  end: Pick<JobAttempt, 'finishedAt' | 'outcome' | 'error'>,
): JobAttempt[] {
  return history.map((attempt) =>
    attempt.attempt === token && attempt.outcome === null ? { ...attempt, ...end } : attempt,
  );
}

/**
 * A job whose lease ran out unseen: its open attempt is closed as `lease-expired` at the
 * lease's end (not at `now`: that is when the worker was last known to hold it, so the
 * history shows no overlap with the next attempt). With no attempt left it fails for good;
 * otherwise it is returned still `running` with the dead lease, for `claimJob` to take over.
 */
export function expireLease(job: Job, now: string): Job {
  const lease = job.lease;
  if (lease === null) return job;
  const last = job.attempts >= job.maxAttempts;
  const history = closeOpenAttempt(job.history, lease.token, {
    finishedAt: lease.until,
    outcome: 'lease-expired',
    error: last ? LEASE_EXPIRED_FOR_GOOD : LEASE_EXPIRED,
  });
  if (last)
    return {
      ...job,
      state: 'failed',
      lease: null,
      finishedAt: now,
      error: LEASE_EXPIRED_FOR_GOOD,
      history,
    };
  return { ...job, error: LEASE_EXPIRED, history };
}

/** The job claimed by `worker` at `now`: running, one attempt more, a lease whose token is that attempt. */
export function claimJob(job: Job, worker: string, now: string, leaseMs: number): Job {
  const attempts = job.attempts + 1;
  const until = new Date(ms(now) + leaseMs).toISOString();
  const attempt: JobAttempt = {
    attempt: attempts,
    worker,
    startedAt: now,
    finishedAt: null,
    outcome: null,
    error: null,
  };
  return {
    ...job,
    state: 'running',
    attempts,
    lease: { owner: worker, until, token: attempts },
    startedAt: now,
    finishedAt: null,
    history: [...job.history, attempt].slice(-MAX_JOB_HISTORY),
  };
}

/** The job with its lease extended, or null when it is not running under `token` (lost). */
export function renewJob(job: Job, token: number, until: string): Job | null {
  if (job.state !== 'running' || job.lease === null || job.lease.token !== token) return null;
  return { ...job, lease: { ...job.lease, until } };
}

/**
 * The job after its attempt `token` ended with `outcome`, or null when it is not running
 * under that token (taken over, cancelled, finished): a fenced-off worker writes nothing.
 */
export function finishJob(job: Job, token: number, outcome: JobOutcome, at: string): Job | null {
  if (job.state !== 'running' || job.lease === null || job.lease.token !== token) return null;
  if (outcome.state === 'succeeded')
    return {
      ...job,
      state: 'succeeded',
      lease: null,
      finishedAt: at,
      error: null,
      result: outcome.result,
      history: closeOpenAttempt(job.history, token, {
        finishedAt: at,
        outcome: 'succeeded',
        error: null,
      }),
    };
  const history = closeOpenAttempt(job.history, token, {
    finishedAt: at,
    outcome: 'failed',
    error: outcome.error,
  });
  if (
    outcome.retryAt !== undefined &&
    job.attempts < job.maxAttempts &&
    !isNaN(ms(outcome.retryAt))
  )
    return {
      ...job,
      state: 'queued',
      lease: null,
      runAfter: outcome.retryAt,
      error: outcome.error,
      history,
    };
  return { ...job, state: 'failed', lease: null, finishedAt: at, error: outcome.error, history };
}

/** A `queued` job cancelled at `at`; null for any other state (a running job is its worker's). */
export function cancelJob(job: Job, at: string): Job | null {
  if (job.state !== 'queued') return null;
  return { ...job, state: 'cancelled', finishedAt: at };
}

/** Longest job id a store accepts: ids are shown in URLs and logs. */
export const MAX_JOB_ID_LENGTH = 300;

/**
 * Refuses a job that `enqueue` must not store: not new (`queued`, no attempt, no lease),
 * an id empty or too long, or attempts not a positive whole number. A store stores only
 * what a claim can handle.
 */
export function assertNewJob(job: Job): void {
  if (job.id.length === 0 || job.id.length > MAX_JOB_ID_LENGTH)
    throw new Error(`a job id must have 1 to ${MAX_JOB_ID_LENGTH} characters`);
  if (job.state !== 'queued' || job.attempts !== 0 || job.lease !== null)
    throw new Error(`job "${job.id}" must be enqueued queued, with no attempt and no lease`);
  if (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1)
    throw new Error(`job "${job.id}" must allow at least one attempt`);
  if (isNaN(ms(job.runAfter)) || isNaN(ms(job.createdAt)))
    throw new Error(`job "${job.id}" has a malformed runAfter or createdAt`);
}
