export { createBuildProductExecutor } from './build-product-executor.ts';
export type { BuildProductExecutorOptions } from './build-product-executor.ts';
export { createTrinoRulesExecutor, TRINO_RULES_SYSTEM_SCHEDULE } from './trino-rules-executor.ts';
export { testContractExecutor } from './test-contract-executor.ts';
export { JOB_REPORTER, jobRunId } from './job-run-history.ts';
export {
  JOB_HISTORY_DAYS_DEFAULT,
  JOB_HISTORY_KEEP_PER_TARGET,
  jobHistoryDays,
  pruneJobsExecutor,
  pruneJobsSystemSchedule,
} from './prune-jobs-executor.ts';
