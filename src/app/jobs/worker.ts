import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job, JobError, JobKind, JobOutcome } from '../../core/jobs/job-model.ts';
import type { MeshworkStore } from '../store/store.ts';
import type { EventPublisher } from '../notify/event-publisher.ts';
import type { ExecutorRegistry } from './executor-registry.ts';
import type { JobContext } from './job-executor.ts';
import { retryDelayMs } from './retry-backoff.ts';

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POLL_MS = 2_000;

/** What a worker did with one job: the CLI prints one line of it. No payload, no result values. */
export interface WorkerLogLine {
  readonly worker: string;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly target: string;
  readonly attempt: number;
  /**
   * `succeeded`; `failed` for good; `retry` queued again at `retryAt`; `lost` the lease
   * went to another worker (nothing written); `released` given back when the worker stopped.
   */
  readonly outcome: 'succeeded' | 'failed' | 'retry' | 'lost' | 'released';
  readonly ms: number;
  readonly error?: JobError;
  readonly retryAt?: string;
  /** The result's `status` when it has one (a build `failed` on its checks still succeeded as a job). */
  readonly resultStatus?: string;
}

export interface WorkerOptions {
  readonly store: MeshworkStore;
  readonly executors: ExecutorRegistry;
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly events: EventPublisher;
  /** How long a claim holds a job without a renew (renewed every third of it). */
  readonly leaseMs: number;
  /** How long to wait before claiming again when nothing was due. */
  readonly pollMs: number;
  /** The kinds to claim; default every kind the registry has. */
  readonly kinds?: readonly JobKind[];
  /** Stops the worker: its job is told to stop (context.signal) and given back or finished. */
  readonly signal: AbortSignal;
  readonly log?: (line: WorkerLogLine) => void;
  /** Problems of the worker itself (the store not answering): said, then retried after `pollMs`. */
  readonly warn?: (message: string) => void;
  /** `<host>:<pid>:<random>` when not given. */
  readonly worker?: string;
}

/** A worker id as the lease records it. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * One worker: claims a job, runs its executor, finishes it with the lease's token, and
 * again, until `signal` aborts. Resolves when it has stopped, with nothing of its left
 * running.
 *
 * - **Lease.** Renewed every third of `leaseMs`. A renew refused (another worker took the
 *   job over, or it was cancelled) aborts the executor's signal and the worker writes
 *   nothing for that attempt: the store's fencing would refuse it anyway. A renew that
 *   fails (store unreachable) is tried again at the next tick; when the lease's end passes
 *   without one, the job counts as lost the same way — another worker may hold it by now.
 * - **Outcome.** What the executor returns is finished as it is. A throw becomes failed
 *   `executor-crashed` with its message (secrets of URLs masked, 500 characters at most).
 *   A failure with neither `retryAt` nor `permanent` is retried while attempts remain,
 *   after `retryDelayMs(attempt)`: 30 s, 2 min, 10 min, then every hour.
 * - **Stopping.** The executor's signal aborts; what it returns then is finished as it is
 *   if it succeeded, and otherwise the job is given back: failed `worker-stopped` with
 *   `retryAt` now, so another worker takes it at once (the attempt counts, as a killed
 *   worker's would).
 * - **Failed for good.** Also a job whose last attempt's lease ran out, found by this
 *   worker's claim (`onGivenUp`). Publishes `job.failed` (id `job.failed:<job id>`, so a job failing
 *   twice — two workers, a retry of the publish — is one event). A failed publish is said
 *   through `warn`, never fails the loop.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const worker = options.worker ?? newWorkerId();
  const kinds = options.kinds ?? options.executors.kinds;
  while (!options.signal.aborted) {
    let job: Job | null = null;
    const givenUp: Job[] = [];
    try {
      job = await options.store.jobs.claim({
        worker,
        now: options.now().toISOString(),
        leaseMs: options.leaseMs,
        kinds,
        onGivenUp: (lost) => givenUp.push(lost),
      });
    } catch (error) {
      options.warn?.(`could not claim a job: ${messageOf(error, options.env)}`);
    }
    for (const failed of givenUp) {
      // Its worker died on the last attempt; this worker found it, so it says so.
      options.log?.({
        worker: failed.history.at(-1)?.worker ?? 'unknown',
        jobId: failed.id,
        kind: failed.kind,
        target: failed.target,
        attempt: failed.attempts,
        outcome: 'failed',
        ms: 0,
        ...(failed.error ? { error: failed.error } : {}),
      });
      await publishFailed(failed, options);
    }
    if (job === null) {
      await sleep(options.pollMs, options.signal);
      continue;
    }
    await runClaimed(job, worker, options);
  }
}

async function runClaimed(job: Job, worker: string, options: WorkerOptions): Promise<void> {
  const token = job.lease?.token ?? job.attempts;
  const started = Date.now();
  const stop = new AbortController();
  let lost = false;
  let leaseUntil = Date.parse(job.lease?.until ?? options.now().toISOString());
  const stopping = (): void => stop.abort(new Error('the worker is stopping'));
  options.signal.addEventListener('abort', stopping, { once: true });

  let renewing = Promise.resolve();
  const renew = async (): Promise<void> => {
    const until = new Date(options.now().getTime() + options.leaseMs);
    try {
      if (await options.store.jobs.renew(job.id, token, until.toISOString())) {
        leaseUntil = until.getTime();
        return;
      }
      lost = true;
    } catch (error) {
      options.warn?.(
        `could not renew the lease of job ${job.id}: ${messageOf(error, options.env)}`,
      );
      if (options.now().getTime() < leaseUntil) return;
      lost = true;
    }
    stop.abort(new Error('the worker lost the lease of this job'));
  };
  const timer = setInterval(
    () => {
      // One renew at a time: a slow store must not pile them up.
      renewing = renewing.then(renew);
    },
    Math.max(1, Math.floor(options.leaseMs / 3)),
  );

  let outcome: JobOutcome;
  try {
    const executor = options.executors.executorFor(job.kind);
    outcome =
      executor === null
        ? {
            state: 'failed',
            error: {
              code: 'unknown-job-kind',
              message: `this worker has no executor for jobs of kind "${job.kind}"`,
            },
            permanent: true,
          }
        : await executor.run(job, contextFor(options, stop.signal));
  } catch (error) {
    outcome = {
      state: 'failed',
      error: { code: 'executor-crashed', message: messageOf(error, options.env) },
    };
  } finally {
    clearInterval(timer);
    options.signal.removeEventListener('abort', stopping);
  }
  await renewing;

  const line = {
    worker,
    jobId: job.id,
    kind: job.kind,
    target: job.target,
    attempt: job.attempts,
  };
  if (lost) {
    options.log?.({ ...line, outcome: 'lost', ms: Date.now() - started });
    return;
  }
  const now = options.now();
  let final: JobOutcome = outcome;
  if (outcome.state === 'failed' && options.signal.aborted && outcome.permanent !== true) {
    final = {
      state: 'failed',
      error: {
        code: 'worker-stopped',
        message: `the worker stopped during the job and gave it back (${outcome.error.message})`,
      },
      retryAt: now.toISOString(),
    };
  } else if (
    outcome.state === 'failed' &&
    outcome.retryAt === undefined &&
    outcome.permanent !== true &&
    job.attempts < job.maxAttempts
  ) {
    final = {
      ...outcome,
      retryAt: new Date(now.getTime() + retryDelayMs(job.attempts)).toISOString(),
    };
  }

  let finished: Job | null;
  try {
    finished = await options.store.jobs.finish(job.id, token, final, now.toISOString());
  } catch (error) {
    // Unknown whether it was written; the lease runs out and another worker runs it
    // again (at-least-once), or the finish did land. Either way nothing is lost.
    options.warn?.(`could not finish job ${job.id}: ${messageOf(error, options.env)}`);
    return;
  }
  const ms = Date.now() - started;
  if (finished === null) {
    options.log?.({ ...line, outcome: 'lost', ms });
    return;
  }
  if (finished.state === 'succeeded') {
    const status = finished.result?.status;
    options.log?.({
      ...line,
      outcome: 'succeeded',
      ms,
      ...(typeof status === 'string' ? { resultStatus: status } : {}),
    });
    return;
  }
  const error = finished.error ?? undefined;
  if (finished.state === 'queued') {
    options.log?.({
      ...line,
      outcome:
        final.state === 'failed' && final.error.code === 'worker-stopped' ? 'released' : 'retry',
      ms,
      ...(error ? { error } : {}),
      retryAt: finished.runAfter,
    });
    return;
  }
  options.log?.({ ...line, outcome: 'failed', ms, ...(error ? { error } : {}) });
  await publishFailed(finished, options);
}

function contextFor(options: WorkerOptions, signal: AbortSignal): JobContext {
  return {
    meshRoot: options.meshRoot,
    store: options.store,
    env: options.env,
    now: options.now,
    signal,
    events: options.events,
  };
}

async function publishFailed(job: Job, options: WorkerOptions): Promise<void> {
  try {
    await options.events.publish({
      id: `job.failed:${job.id}`,
      type: 'job.failed',
      at: job.finishedAt ?? options.now().toISOString(),
      subject: job.id,
      productId: job.kind === 'build-product' ? job.target : null,
      domain: null,
      recipients: { users: [], teams: [] },
      data: {
        kind: job.kind,
        target: job.target,
        attempts: job.attempts,
        code: job.error?.code ?? null,
        message: job.error?.message ?? null,
      },
    });
  } catch (error) {
    options.warn?.(
      `could not publish job.failed for job ${job.id}: ${messageOf(error, options.env)}`,
    );
  }
}

const MAX_MESSAGE = 500;

/**
 * An error's message fit for the job's record and the log: the store's URL and any
 * `scheme://user:password@` taken out (drivers echo what they were given), bounded.
 */
function messageOf(error: unknown, env: NodeJS.ProcessEnv): string {
  let text = error instanceof Error ? error.message : String(error);
  const url = env.MESHWORK_DATABASE_URL;
  if (url) text = text.split(url).join('***');
  text = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, '$1***@');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
