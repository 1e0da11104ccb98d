import type { Job, JobError, JobOutcome, JobValues } from '../../../core/jobs/job-model.ts';
import type { MeshEvent } from '../../../core/notify/mesh-event.ts';
import type { StoredRun } from '../../store/store.ts';
import { stopReason } from '../../build/build-signal.ts';
import type { JobContext } from '../job-executor.ts';

/** Longest error message a job keeps: it is shown in the portal and the API. */
const MAX_MESSAGE = 1000;

export interface EventScope {
  readonly productId: string | null;
  readonly domain: string | null;
  /** Teams addressed directly (the owning team); subscribers hear of it besides. */
  readonly teams: readonly string[];
}

/**
 * Publishes without letting a failed publish fail the job (EventPublisher's rule): the
 * count of events that could not be published goes into the job's result instead. Nothing
 * is published once the job's signal has aborted (its lease lost: the job is another
 * worker's now); those events count as failed.
 */
export async function publishAll(
  context: JobContext,
  events: readonly MeshEvent[],
): Promise<{ readonly published: number; readonly failed: number; readonly error: string | null }> {
  let failed = 0;
  let error: string | null = null;
  for (const event of events) {
    if (context.signal.aborted) {
      failed++;
      error ??= 'the job was stopped before it was published';
      continue;
    }
    try {
      await context.events.publish(event);
    } catch (cause) {
      failed++;
      error ??= cause instanceof Error ? cause.message.slice(0, 200) : String(cause).slice(0, 200);
    }
  }
  return { published: events.length - failed, failed, error };
}

/** `check.failed` for each recorded run with failed checks; its id names the run, so a rerun publishes once. */
export function checkFailedEvents(
  job: Job,
  runs: readonly StoredRun[],
  scope: EventScope,
  at: Date,
): MeshEvent[] {
  return runs.flatMap((run) => {
    const failed = run.run.checks.filter((c) => c.status === 'failed').length;
    if (failed === 0) return [];
    return [
      {
        id: `check.failed:${run.id}`,
        type: 'check.failed',
        at: at.toISOString(),
        subject: run.contractId,
        productId: scope.productId,
        domain: scope.domain,
        recipients: { users: [], teams: [...scope.teams] },
        data: {
          runId: run.id,
          contractId: run.contractId,
          port: run.port,
          failedChecks: failed,
          checks: run.run.checks.length,
          jobId: job.id,
        },
      },
    ];
  });
}

/**
 * The failed outcome of a job; `permanent` when trying again cannot help (the product is
 * gone). On its last attempt, or when permanent — and while the job is still this
 * worker's (its signal not aborted) — also a `job.failed` event addressed to
 * the owning team — published here because only the executor knows whom it concerns; the
 * worker publishes one under the same id, which the store then keeps once.
 */
export async function failJob(
  job: Job,
  context: JobContext,
  error: JobError,
  scope: EventScope,
  options: { readonly permanent?: boolean } = {},
): Promise<JobOutcome> {
  const bounded: JobError = { code: error.code, message: error.message.slice(0, MAX_MESSAGE) };
  const permanent = options.permanent === true ? { permanent: true as const } : {};
  if (!context.signal.aborted && (options.permanent === true || job.attempts >= job.maxAttempts)) {
    const published = await publishAll(context, [
      {
        id: `job.failed:${job.id}`,
        type: 'job.failed',
        at: context.now().toISOString(),
        subject: job.target,
        productId: scope.productId,
        domain: scope.domain,
        recipients: { users: [], teams: [...scope.teams] },
        data: { jobId: job.id, kind: job.kind, code: bounded.code, attempts: job.attempts },
      },
    ]);
    if (published.failed > 0)
      return {
        state: 'failed',
        error: {
          code: bounded.code,
          message: `${bounded.message} (job.failed could not be published: ${published.error})`,
        },
        ...permanent,
      };
  }
  return { state: 'failed', error: bounded, ...permanent };
}

/** A job's result with what its events did, so a publish that failed is said. */
export function withEvents(
  result: Record<string, JobValues[string]>,
  events: { readonly published: number; readonly failed: number; readonly error: string | null },
): JobValues {
  return {
    ...result,
    events: events.published,
    ...(events.failed > 0 ? { eventsFailed: events.failed, eventsError: events.error } : {}),
  };
}

/**
 * The outcome of a job stopped by its signal: nothing more is published or recorded. A
 * worker whose lease was lost writes nothing of it; a stopping worker gives the job back.
 */
export function stoppedJob(context: JobContext): JobOutcome {
  return {
    state: 'failed',
    error: {
      code: 'aborted',
      message: `The job was stopped (${stopReason(context.signal)}); nothing more of it was recorded or published.`,
    },
  };
}
