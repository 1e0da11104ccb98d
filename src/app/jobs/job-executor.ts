import type { Job, JobKind, JobOutcome } from '../../core/jobs/job-model.ts';
import type { MeshworkStore } from '../store/store.ts';
import type { EventPublisher } from '../notify/event-publisher.ts';

/** What an executor gets besides its job. */
export interface JobContext {
  /** The mesh repository's root folder (the workspace). */
  readonly meshRoot: string;
  readonly store: MeshworkStore;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  /** Aborted when the worker lost its lease or is stopping: stop and return soon. */
  readonly signal: AbortSignal;
  readonly events: EventPublisher;
}

/**
 * Runs one kind of job. It must be idempotent — a job may run again after a worker died
 * during it (at-least-once) — and return failures as an outcome, not throw them (a throw
 * is recorded as `executor-crashed` with its message).
 */
export interface JobExecutor {
  readonly kind: JobKind;
  run(job: Job, context: JobContext): Promise<JobOutcome>;
}

/**
 * Work the platform schedules for itself at a fixed period (SLA evaluation), besides the
 * products' and source contracts' `meshworkSchedule` cron expressions.
 */
export interface SystemSchedule {
  readonly kind: JobKind;
  readonly target: string;
  readonly everyMinutes: number;
}
