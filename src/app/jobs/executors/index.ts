export { createBuildProductExecutor } from './build-product-executor.ts';
export type { BuildProductExecutorOptions } from './build-product-executor.ts';
export { testContractExecutor } from './test-contract-executor.ts';
export { JOB_REPORTER, jobRunId } from './job-run-history.ts';
