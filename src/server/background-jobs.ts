import type { Catalog } from '../app/catalog/catalog-model.ts';
import { MeshworkError } from '../app/errors.ts';
import { createExecutorRegistry } from '../app/jobs/executor-registry.ts';
import type { SystemSchedule } from '../app/jobs/job-executor.ts';
import { createScheduler } from '../app/jobs/scheduler.ts';
import { DEFAULT_LEASE_MS, DEFAULT_POLL_MS, newWorkerId, runWorker } from '../app/jobs/worker.ts';
import type { EventPublisher } from '../app/notify/event-publisher.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import { jobExecutors, unwiredEventPublisher } from '../runtime/index.ts';
import type { ServerLog } from './log.ts';

/** How often the server's scheduler looks for due occurrences. */
export const SCHEDULER_TICK_MS = 15_000;
export const MAX_SERVER_WORKERS = 32;

export interface BackgroundJobsOptions {
  readonly store: MeshworkStore;
  /** The served catalog (its schedules); null until loaded. */
  readonly catalog: () => Catalog | null;
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: ServerLog;
  /** In-process workers (`meshwork serve --workers N`); 0: only `meshwork worker` processes run jobs. */
  readonly workers: number;
  /** Platform schedules besides the mesh's crons (SLA evaluation, …). */
  readonly systemSchedules?: readonly SystemSchedule[];
  readonly events?: EventPublisher;
}

export interface BackgroundJobs {
  readonly scheduler: boolean;
  readonly workers: number;
  /** Stops the ticks and the workers; each worker finishes or gives back its job. */
  stop(): Promise<void>;
}

/**
 * What `meshwork serve` runs besides the API (issue 13): the scheduler, ticking every 15 s
 * (off with MESHWORK_SCHEDULER=off, e.g. when another server of the same store schedules —
 * though two schedulers are safe: job ids are per occurrence), and N workers in this
 * process, which claim from the same store as `meshwork worker` processes do.
 */
export function startBackgroundJobs(options: BackgroundJobsOptions): BackgroundJobs {
  const { log } = options;
  const schedulerOn = schedulerEnabled(options.env);
  const leaseMs =
    secondsFrom(options.env, 'MESHWORK_JOB_LEASE_SECONDS', 1, 3600) ?? DEFAULT_LEASE_MS;
  const pollMs = secondsFrom(options.env, 'MESHWORK_JOB_POLL_SECONDS', 0.05, 60) ?? DEFAULT_POLL_MS;
  const stop = new AbortController();

  let timer: NodeJS.Timeout | undefined;
  if (schedulerOn) {
    const scheduler = createScheduler({
      store: options.store,
      mesh: options.catalog,
      now: () => new Date(),
      systemSchedules: options.systemSchedules ?? [],
      log: (message, fields) => log.info(`scheduler: ${message}`, fields),
    });
    let ticking: Promise<unknown> | null = null;
    const tick = (): void => {
      if (ticking !== null) return; // a slow store: the next tick comes after this one.
      ticking = scheduler
        .tick()
        .catch((error: unknown) =>
          log.error('scheduler tick failed; the next one retries', {
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .finally(() => (ticking = null));
    };
    tick();
    timer = setInterval(tick, SCHEDULER_TICK_MS);
    timer.unref();
  }

  const events =
    options.events ?? unwiredEventPublisher((message) => log.warn(message, { part: 'jobs' }));
  const registry = createExecutorRegistry(jobExecutors());
  const loops = Array.from({ length: options.workers }, () =>
    runWorker({
      store: options.store,
      executors: registry,
      meshRoot: options.meshRoot,
      env: options.env,
      now: () => new Date(),
      events,
      leaseMs,
      pollMs,
      signal: stop.signal,
      worker: newWorkerId(),
      log: (line) =>
        log.info('job', {
          jobId: line.jobId,
          kind: line.kind,
          target: line.target,
          attempt: line.attempt,
          outcome: line.outcome,
          ms: line.ms,
          ...(line.error === undefined
            ? {}
            : { error: line.error.code, reason: line.error.message }),
          ...(line.retryAt === undefined ? {} : { retryAt: line.retryAt }),
        }),
      warn: (message) => log.warn(`worker: ${message}`),
    }).catch((error: unknown) =>
      log.error('a worker stopped on an error', {
        error: error instanceof Error ? error.message : String(error),
      }),
    ),
  );

  return {
    scheduler: schedulerOn,
    workers: options.workers,
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      stop.abort();
      await Promise.all(loops);
    },
  };
}

function schedulerEnabled(env: NodeJS.ProcessEnv): boolean {
  const value = (env.MESHWORK_SCHEDULER ?? 'on').trim().toLowerCase();
  if (value === 'on' || value === '') return true;
  if (value === 'off') return false;
  throw new MeshworkError(
    'usage',
    `MESHWORK_SCHEDULER must be "on" or "off", not "${value.slice(0, 40)}".`,
  );
}

/** Milliseconds from an environment variable in seconds; undefined when not set. */
function secondsFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max)
    throw new MeshworkError('usage', `${name} must be a number of seconds from ${min} to ${max}.`);
  return Math.round(n * 1000);
}
