/**
 * A unit of background work (issue 13): a scheduled build, a scheduled test of a source
 * contract, an SLA evaluation, a notification delivery. Jobs live in the store
 * (`JobRepository`); workers claim them with a lease, so a worker that dies loses its job
 * to another after the lease, and no job is run by two workers at once (the lease's
 * `token` fences a worker that lost it: its renew and finish are refused).
 */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Known kinds; executors are registered by kind (`app/jobs/job-executor.ts`). */
export type JobKind =
  | 'build-product'
  | 'test-contract'
  | 'sla-evaluate'
  | 'notify-deliver'
  | 'adoption-snapshot'
  | 'jobs-prune'
  | 'trino-rules-publish';

export type JobTrigger = 'schedule' | 'manual' | 'system';

/** Small flat values only: a job's payload and result are shown in the portal and API. */
export type JobValues = Readonly<Record<string, string | number | boolean | null>>;

export interface JobLease {
  /** The worker holding it: `<host>:<pid>:<random>`. */
  readonly owner: string;
  /** ISO; after it another worker may take the job over. */
  readonly until: string;
  /** Equals `attempts` at the claim; renew and finish must present it. */
  readonly token: number;
}

/** One claim of a job and how it ended (`outcome` null while it runs or when its lease ran out unseen). */
export interface JobAttempt {
  readonly attempt: number;
  readonly worker: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: 'succeeded' | 'failed' | 'lease-expired' | null;
  readonly error: JobError | null;
}

export interface JobError {
  /** Stable kebab-case code, e.g. `build-failed`, `lease-expired`, `unknown-product`. */
  readonly code: string;
  /** Says what went wrong and, where it can, how to fix it; no secret, no personal value. */
  readonly message: string;
}

export interface Job {
  /**
   * Unique. Deterministic where a job must be made once however many schedulers see it
   * due: `schedule:<kind>:<target>:<scheduledFor>`; for "run now" `job_…` from the product
   * and the build it follows, so presses at once make one job (random when that one ended).
   */
  readonly id: string;
  readonly kind: JobKind;
  /** What it works on: a product id, a contract id, a delivery id, or `mesh`. */
  readonly target: string;
  readonly payload: JobValues;
  readonly trigger: JobTrigger;
  /** `scheduler`, `system` or the username that asked ("run now"). */
  readonly requestedBy: string;
  /** When it was due (the cron occurrence, or the request time). */
  readonly scheduledFor: string;
  /** Not claimed before this (ISO): the retry backoff. */
  readonly runAfter: string;
  readonly state: JobState;
  /** Claims so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lease: JobLease | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Why the last attempt failed (state `failed`, or `queued` waiting for a retry). */
  readonly error: JobError | null;
  /** What it produced, e.g. `{ runId, status }` of a build. */
  readonly result: JobValues | null;
  /** Every claim, oldest first (at most `maxAttempts` plus lease take-overs, bounded by the store to 20). */
  readonly history: readonly JobAttempt[];
}

/** What a worker reports when it is done with its claim. */
export type JobOutcome =
  | { readonly state: 'succeeded'; readonly result: JobValues | null }
  | {
      readonly state: 'failed';
      readonly error: JobError;
      /** Try again at this time (queued again) when attempts remain; without it the job fails for good. */
      readonly retryAt?: string;
      /**
       * A failure another attempt cannot mend (an unknown kind or target, a failed check
       * that is the result): the worker then adds no backoff retry of its own
       * (`app/jobs/worker.ts`). Without it and without `retryAt`, the worker retries
       * while attempts remain.
       */
      readonly permanent?: true;
    };
