import type { Job, JobKind } from '../../core/jobs/job-model.ts';
import type { CronSchedule } from '../../core/jobs/cron-schedule.ts';
import { parseCron } from '../../core/jobs/cron-schedule.ts';
import type { MeshSchedules } from '../../core/jobs/mesh-schedules.ts';
import type { MeshworkStore } from '../store/store.ts';
import type { SystemSchedule } from './job-executor.ts';
import { newJob, scheduledJobId } from './new-job.ts';

/** The served mesh as far as the scheduler reads it: the catalog's `schedules`. */
export interface ScheduledMesh {
  readonly schedules: Omit<MeshSchedules, 'findings'>;
}

export interface SchedulerOptions {
  readonly store: MeshworkStore;
  /** The mesh served now (re-read each tick, so a changed schedule counts at once); null before it is loaded. */
  readonly mesh: () => ScheduledMesh | null;
  readonly now: () => Date;
  readonly systemSchedules: readonly SystemSchedule[];
  readonly log?: (
    message: string,
    fields: Readonly<Record<string, string | number | boolean | null>>,
  ) => void;
}

export interface TickReport {
  /** Jobs this tick stored (not those another server or an earlier tick made). */
  readonly enqueued: readonly Job[];
  /** Occurrences left out because a job of the same kind and target still waits in the queue. */
  readonly collapsed: readonly string[];
  /** Schedules whose enqueue failed; the next tick tries again. */
  readonly failed: readonly { readonly id: string; readonly error: string }[];
}

export interface Scheduler {
  tick(): Promise<TickReport>;
}

interface Due {
  readonly kind: JobKind;
  readonly target: string;
  readonly occurrence: Date;
  readonly trigger: 'schedule' | 'system';
  readonly payload: Readonly<Record<string, string | number>>;
}

/**
 * Turns the mesh's `meshworkSchedule`s and the platform's system schedules into jobs.
 * Each tick enqueues, per schedule, the LATEST occurrence due at `now` under the id
 * `schedule:<kind>:<target>:<occurrence>` — so servers ticking side by side make each
 * occurrence once (the store's enqueue is idempotent by id), and occurrences missed while
 * no server ran collapse into one run of the latest. An occurrence whose job of the same
 * kind and target still waits in the queue is left out too: that job will do the work.
 * A cron schedule with no job in the store yet (a new product, a new server) starts with
 * its first occurrence after the scheduler saw it; system schedules run at once.
 * Remembers per schedule the last occurrence it handled, so an idle tick reads nothing.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const handled = new Map<string, string>();
  const crons = new Map<string, CronSchedule | null>();
  const cronOf = (expression: string, timezone: string): CronSchedule | null => {
    const key = `${timezone}\u0000${expression}`;
    if (!crons.has(key)) {
      const check = parseCron(expression, timezone);
      crons.set(key, check.ok ? check.cron : null);
    }
    return crons.get(key) ?? null;
  };

  function dueNow(now: Date): Due[] {
    const due: Due[] = [];
    const schedules = options.mesh()?.schedules;
    for (const entry of schedules?.entries ?? []) {
      // The catalog holds valid expressions only; a parse failure here would be a bug, so it is skipped.
      const occurrence = cronOf(entry.cron, schedules!.timezone)?.latestAtOrBefore(now);
      if (occurrence)
        due.push({
          kind: entry.kind,
          target: entry.target,
          occurrence,
          trigger: 'schedule',
          payload: { cron: entry.cron, timezone: schedules!.timezone },
        });
    }
    for (const system of options.systemSchedules) {
      if (!Number.isInteger(system.everyMinutes) || system.everyMinutes < 1) continue;
      const period = system.everyMinutes * 60_000;
      due.push({
        kind: system.kind,
        target: system.target,
        occurrence: new Date(Math.floor(now.getTime() / period) * period),
        trigger: 'system',
        payload: { everyMinutes: system.everyMinutes },
      });
    }
    return due;
  }

  const isNew = async (due: Due): Promise<boolean> => {
    const earlier = await options.store.jobs.list({
      kinds: [due.kind],
      targets: [due.target],
      limit: 1,
    });
    return earlier.items.length === 0;
  };

  return {
    async tick() {
      const now = options.now();
      const enqueued: Job[] = [];
      const collapsed: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const due of dueNow(now)) {
        const key = `${due.kind}\u0000${due.target}`;
        const id = scheduledJobId(due.kind, due.target, due.occurrence);
        if (handled.get(key) === id) continue;
        try {
          if (due.trigger === 'schedule' && !handled.has(key) && (await isNew(due))) {
            // First sight of a schedule that never made a job: it starts with its next
            // occurrence, rather than building every product of a new server at once.
            handled.set(key, id);
            continue;
          }
          const waiting = await options.store.jobs.list({
            kinds: [due.kind],
            targets: [due.target],
            states: ['queued'],
            limit: 1,
          });
          const queued = waiting.items[0];
          if (queued !== undefined && queued.id !== id) {
            collapsed.push(id);
            options.log?.('schedule collapsed: a job for it still waits', {
              id,
              waiting: queued.id,
            });
          } else {
            const result = await options.store.jobs.enqueue(
              newJob({
                id,
                kind: due.kind,
                target: due.target,
                trigger: due.trigger,
                requestedBy: due.trigger === 'system' ? 'system' : 'scheduler',
                scheduledFor: due.occurrence,
                now,
                payload: due.payload,
              }),
            );
            if (result.created) {
              enqueued.push(result.job);
              options.log?.('job enqueued', { id, kind: due.kind, target: due.target });
            }
          }
          handled.set(key, id);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failed.push({ id, error: message });
          options.log?.('enqueue failed; the next tick tries again', { id, error: message });
        }
      }
      return { enqueued, collapsed, failed };
    },
  };
}
