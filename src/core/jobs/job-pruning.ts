import type { Job, JobState } from './job-model.ts';

/** What `JobRepository.prune` removes (issue 13: finished jobs are not kept for ever). */
export interface JobPruneRequest {
  /** ISO; finished jobs whose `finishedAt` is before it may go. */
  readonly finishedBefore: string;
  /** The newest finished jobs kept per (kind, target) however old they are; 0 when not given. */
  readonly keepPerTarget?: number;
}

/** The states no job leaves: only these are ever pruned. */
export const FINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

/** A bound, so a typo cannot make the store sort and keep an unbounded history per target. */
export const MAX_KEEP_PER_TARGET = 10_000;

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

/** Refuses a request every store would read differently: a cutoff that is no UTC time, a keep that is no small whole number. */
export function assertPruneRequest(request: JobPruneRequest): void {
  if (!ISO_TIME.test(request.finishedBefore) || Number.isNaN(Date.parse(request.finishedBefore)))
    throw new Error(
      `prune needs finishedBefore as an ISO time in UTC (2026-03-01T10:00:00.000Z); got ${JSON.stringify(String(request.finishedBefore).slice(0, 40))}`,
    );
  const keep = request.keepPerTarget ?? 0;
  if (!Number.isInteger(keep) || keep < 0 || keep > MAX_KEEP_PER_TARGET)
    throw new Error(
      `prune needs keepPerTarget as a whole number from 0 to ${MAX_KEEP_PER_TARGET}; got ${String(keep)}`,
    );
}

export function isFinished(job: Job): boolean {
  return FINAL_JOB_STATES.includes(job.state) && job.finishedAt !== null;
}

/**
 * The jobs a prune deletes, of `jobs` in insertion order: finished ones whose `finishedAt`
 * is before the cutoff, except the newest `keepPerTarget` finished jobs of their (kind,
 * target) — newest by `finishedAt`, then the later inserted, as PostgreSQL's `seq`. A
 * queued or running job is never among them, whatever its times say. Pure, so the
 * embedded and the memory store decide alike; PostgreSQL says the same in SQL.
 */
export function jobsToPrune(jobs: readonly Job[], request: JobPruneRequest): Job[] {
  const cutoff = Date.parse(request.finishedBefore);
  const keep = request.keepPerTarget ?? 0;
  const byTarget = new Map<string, { job: Job; index: number }[]>();
  jobs.forEach((job, index) => {
    if (!isFinished(job)) return;
    const key = JSON.stringify([job.kind, job.target]);
    const group = byTarget.get(key) ?? [];
    group.push({ job, index });
    byTarget.set(key, group);
  });
  const doomed: Job[] = [];
  for (const group of byTarget.values()) {
    group.sort(
      (a, b) =>
        Date.parse(b.job.finishedAt ?? '') - Date.parse(a.job.finishedAt ?? '') ||
        b.index - a.index,
    );
    for (const { job } of group.slice(keep))
      if (Date.parse(job.finishedAt ?? '') < cutoff) doomed.push(job);
  }
  return doomed;
}
