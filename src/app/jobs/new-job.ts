import { createHash, randomBytes } from 'node:crypto';
import type { Job, JobKind, JobTrigger, JobValues } from '../../core/jobs/job-model.ts';
import { MAX_JOB_ID_LENGTH } from '../../core/jobs/job-transitions.ts';

/** Attempts of a scheduled or requested job: a transient fault (source down) gets two more tries. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface NewJobRequest {
  readonly id: string;
  readonly kind: JobKind;
  readonly target: string;
  readonly trigger: JobTrigger;
  readonly requestedBy: string;
  /** When it is due: the occurrence, or the request time. */
  readonly scheduledFor: Date;
  readonly now: Date;
  readonly payload?: JobValues;
  readonly maxAttempts?: number;
}

/** A job as `JobRepository.enqueue` takes it: queued, due at `scheduledFor`, no attempt yet. */
export function newJob(request: NewJobRequest): Job {
  return {
    id: request.id,
    kind: request.kind,
    target: request.target,
    payload: request.payload ?? {},
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    scheduledFor: request.scheduledFor.toISOString(),
    runAfter: request.scheduledFor.toISOString(),
    state: 'queued',
    attempts: 0,
    maxAttempts: request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    lease: null,
    createdAt: request.now.toISOString(),
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    history: [],
  };
}

/**
 * The id of a schedule's occurrence: the same on every server that sees it due, so the
 * store's idempotent `enqueue` makes it once however many servers tick. A target too long
 * for an id is named by its hash.
 */
export function scheduledJobId(kind: JobKind, target: string, occurrence: Date): string {
  const at = occurrence.toISOString();
  const id = `schedule:${kind}:${target}:${at}`;
  if (id.length <= MAX_JOB_ID_LENGTH) return id;
  const digest = createHash('sha256').update(target).digest('hex').slice(0, 32);
  return `schedule:${kind}:sha256-${digest}:${at}`;
}

/**
 * The id of a "run now" build of `target` that follows the build `after` (null: its first):
 * the same for every request that saw the same newest build, so concurrent requests
 * queue one job.
 */
export function runNowJobId(target: string, after: string | null): string {
  const digest = createHash('sha256')
    .update(`${target}\n${after ?? ''}`)
    .digest('hex');
  return `job_${digest.slice(0, 24)}`;
}

/** A random id for a job someone asked for ("run now"). */
export function requestedJobId(): string {
  return `job_${randomBytes(12).toString('hex')}`;
}
