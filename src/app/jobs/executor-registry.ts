import type { JobKind } from '../../core/jobs/job-model.ts';
import type { JobExecutor } from './job-executor.ts';

/**
 * The executors a worker runs, by kind. A job of a kind with no executor here is not a
 * crash but a job this worker was set up wrong for: the worker fails it for good with
 * `unknown-job-kind` (another attempt would meet the same registry). A worker claims
 * only the kinds it has (`kinds`), so it meets one only when told to claim a kind it
 * lacks.
 */
export interface ExecutorRegistry {
  /** The registered kinds, in the order given. */
  readonly kinds: readonly JobKind[];
  executorFor(kind: JobKind): JobExecutor | null;
}

export function createExecutorRegistry(executors: readonly JobExecutor[]): ExecutorRegistry {
  const byKind = new Map<JobKind, JobExecutor>();
  for (const executor of executors) {
    // Two executors for one kind would make which runs depend on import order: refuse it.
    if (byKind.has(executor.kind))
      throw new Error(`two job executors for the kind "${executor.kind}"`);
    byKind.set(executor.kind, executor);
  }
  return {
    kinds: [...byKind.keys()],
    executorFor: (kind) => byKind.get(kind) ?? null,
  };
}
