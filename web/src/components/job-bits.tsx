import type { Job } from '../api.ts';
import type { Translate } from '../i18n.ts';
import { Link, productPath } from '../router.tsx';

const TONE: Record<Job['state'], string> = {
  queued: 'muted',
  running: 'info',
  succeeded: 'good',
  failed: 'bad',
  cancelled: 'muted',
};

/**
 * A job's state as a badge; a build that ran but whose checks failed says so, since the job
 * itself succeeded (a failed check is its result, docs/operations.md "Schedules").
 */
export function JobState({ job, t }: { job: Job; t: Translate }) {
  const checksFailed = job.state === 'succeeded' && job.result?.status === 'failed';
  return (
    <span
      className={`badge tone-${checksFailed ? 'warn' : TONE[job.state]}`}
      data-testid="job-state"
      data-state={job.state}
    >
      {t(`jobState_${job.state}`)}
      {checksFailed ? ` · ${t('jobChecksFailed')}` : ''}
      {job.state === 'queued' && job.error !== null ? ` · ${t('jobRetrying')}` : ''}
    </span>
  );
}

/** How long the job ran (its last attempt), or nothing while it waits. */
export function jobDuration(job: Job): string {
  if (job.startedAt === null) return '';
  const end = job.finishedAt === null ? Date.now() : Date.parse(job.finishedAt);
  const ms = end - Date.parse(job.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** What the job worked on: a product links to its page. */
export function JobTarget({ job }: { job: Job }) {
  return job.kind === 'build-product' ? (
    <Link to={productPath(job.target)} translate="no">
      {job.target}
    </Link>
  ) : (
    <span translate="no">{job.target}</span>
  );
}

/** The error of a failed job (or of a retry waiting), as the server recorded it. */
export function JobErrorText({ job }: { job: Job }) {
  if (job.error === null) return null;
  return (
    <span className="small" data-testid="job-error">
      <code>{job.error.code}</code> <span translate="no">{job.error.message}</span>
    </span>
  );
}
