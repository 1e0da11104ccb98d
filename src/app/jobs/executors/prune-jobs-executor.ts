import type { Job, JobOutcome } from '../../../core/jobs/job-model.ts';
import { MeshworkError } from '../../errors.ts';
import { notifyHistoryDays } from '../../notify/notify-history.ts';
import type { JobContext, JobExecutor, SystemSchedule } from '../job-executor.ts';
import type { EventScope } from './job-events.ts';
import { failJob } from './job-events.ts';

export const JOB_HISTORY_DAYS_DEFAULT = 30;
/** Ten years: beyond it a typo is likelier than a wish, and the cutoff would leave the calendar. */
export const JOB_HISTORY_DAYS_MAX = 3650;
/**
 * The newest finished jobs kept per (kind, target) however old: the portal's history of a
 * product built once a quarter does not vanish after 30 days.
 */
export const JOB_HISTORY_KEEP_PER_TARGET = 20;

const DAY_MS = 86_400_000;
const PLATFORM: EventScope = { productId: null, domain: null, teams: [] };

/** `MESHWORK_JOB_HISTORY_DAYS`: a whole number of days from 1 to 3650, else why not. */
export function jobHistoryDays(
  env: NodeJS.ProcessEnv,
): { readonly days: number } | { readonly problem: string } {
  const text = env.MESHWORK_JOB_HISTORY_DAYS;
  if (text === undefined || text.trim() === '') return { days: JOB_HISTORY_DAYS_DEFAULT };
  const days = Number(text);
  if (!/^\s*\d{1,4}\s*$/.test(text) || days < 1 || days > JOB_HISTORY_DAYS_MAX)
    return {
      problem: `MESHWORK_JOB_HISTORY_DAYS must be a whole number of days from 1 to ${JOB_HISTORY_DAYS_MAX}; got ${JSON.stringify(text.slice(0, 40))}. No job was deleted.`,
    };
  return { days };
}

/**
 * `jobs-prune` (target `mesh`): deletes the jobs that finished more than
 * `MESHWORK_JOB_HISTORY_DAYS` (default 30) days ago, keeping the newest 20 finished jobs of
 * each kind and target (`JobRepository.prune`); then the notification events and finished
 * deliveries older than `MESHWORK_NOTIFY_HISTORY_DAYS` (default 90;
 * `NotificationRepository.prune`, never a pending delivery). Without it a product on a one-minute
 * schedule adds 1,440 jobs a day, for ever, and the embedded store's claim reads them all.
 * Idempotent: run again, it finds nothing more to delete. A bad setting fails the job for
 * good (another attempt reads the same value) with `job.failed`, rather than pruning by a
 * guess.
 */
export const pruneJobsExecutor: JobExecutor = {
  kind: 'jobs-prune',
  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const setting = jobHistoryDays(context.env);
    if ('problem' in setting)
      return failJob(
        job,
        context,
        { code: 'invalid-job-history-days', message: setting.problem },
        PLATFORM,
        { permanent: true },
      );
    const notifySetting = notifyHistoryDays(context.env);
    if ('problem' in notifySetting)
      return failJob(
        job,
        context,
        { code: 'invalid-notify-history-days', message: notifySetting.problem },
        PLATFORM,
        { permanent: true },
      );
    if (context.signal.aborted)
      return {
        state: 'failed',
        error: { code: 'aborted', message: 'the job prune stopped before it began' },
      };
    const finishedBefore = new Date(context.now().getTime() - setting.days * DAY_MS).toISOString();
    let deleted: number;
    try {
      deleted = await context.store.jobs.prune({
        finishedBefore,
        keepPerTarget: JOB_HISTORY_KEEP_PER_TARGET,
      });
    } catch (error) {
      // The store may be back on the next attempt: retried with the worker's backoff.
      return failJob(
        job,
        context,
        {
          code: 'prune-failed',
          message: `finished jobs could not be deleted: ${error instanceof Error ? error.message : String(error)}`,
        },
        PLATFORM,
      );
    }
    const notifyBefore = new Date(
      context.now().getTime() - notifySetting.days * DAY_MS,
    ).toISOString();
    let notifications: { readonly events: number; readonly deliveries: number };
    try {
      notifications = await context.store.notifications.prune({ before: notifyBefore });
    } catch (error) {
      return failJob(
        job,
        context,
        {
          code: 'prune-failed',
          message: `${deleted} finished jobs were deleted, but old notification events and deliveries could not be: ${error instanceof Error ? error.message : String(error)}`,
        },
        PLATFORM,
      );
    }
    return {
      state: 'succeeded',
      result: {
        deleted,
        finishedBefore,
        historyDays: setting.days,
        keepPerTarget: JOB_HISTORY_KEEP_PER_TARGET,
        deletedEvents: notifications.events,
        deletedDeliveries: notifications.deliveries,
        notificationsBefore: notifyBefore,
        notifyHistoryDays: notifySetting.days,
      },
    };
  },
};

/**
 * The platform's schedule of the prune: once a day (at 00:00 UTC, system schedules being
 * aligned to the epoch). A bad `MESHWORK_JOB_HISTORY_DAYS` stops the server's start, as a
 * bad SLA period does, so it is seen before a day passes; a worker started apart with
 * another environment fails its prune job with the same message.
 */
export function pruneJobsSystemSchedule(env: NodeJS.ProcessEnv): SystemSchedule {
  const setting = jobHistoryDays(env);
  if ('problem' in setting) throw new MeshworkError('invalid-input', setting.problem);
  const notifySetting = notifyHistoryDays(env);
  if ('problem' in notifySetting) throw new MeshworkError('invalid-input', notifySetting.problem);
  return { kind: 'jobs-prune', target: 'mesh', everyMinutes: 24 * 60 };
}
