import { createHash } from 'node:crypto';
import { assertNotStopped } from '../../build/build-signal.ts';
import type { MeshworkStore, StoredRun } from '../../store/store.ts';
import type { RunHistory, RunRecord } from '../../testing/index.ts';
import { toStoredRun } from '../../testing/index.ts';

/** Who recorded a job's runs (`StoredRun.reportedBy`). */
export const JOB_REPORTER = 'job';

export interface JobRunHistory extends RunHistory {
  /** The runs recorded by this attempt, in order. */
  readonly recorded: readonly StoredRun[];
}

/**
 * A job's runs, recorded under ids made from the job's id and the contract and port, so a
 * job run again after its worker died (at-least-once) replaces its runs instead of adding
 * a second set: both stores' `runs.record` is an upsert by id. Once `signal` (the job's)
 * has aborted nothing more is recorded: the worker lost the job, another may hold it.
 */
export function jobRunHistory(
  store: MeshworkStore,
  jobId: string,
  signal?: AbortSignal,
): JobRunHistory {
  const recorded: StoredRun[] = [];
  return {
    recorded,
    async append(record) {
      assertNotStopped(signal, 'its test run was recorded');
      const run: StoredRun = { ...toStoredRun(record, JOB_REPORTER), id: jobRunId(jobId, record) };
      await store.runs.record(run);
      recorded.push(run);
    },
    async list() {
      const page = await store.runs.list({ limit: 100 });
      return [...page.items].reverse();
    },
  };
}

export function jobRunId(jobId: string, record: Pick<RunRecord, 'contractId' | 'port'>): string {
  const digest = createHash('sha256')
    .update(`${jobId}\u0000${record.contractId}\u0000${record.port ?? ''}`)
    .digest('hex');
  return `run_job_${digest.slice(0, 32)}`;
}
