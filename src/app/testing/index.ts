export { runContractTests } from './run-contract-tests.ts';
export type { ContractTestOptions } from './run-contract-tests.ts';
export { findMeshRoot, testTarget } from './test-target.ts';
export type { ContractRun, TargetOptions, TargetRun } from './test-target.ts';
export { storeRunHistory, teeRunHistory, toStoredRun } from './run-history.ts';
export type { RunHistory, RunRecord, StoreRunHistoryOptions } from './run-history.ts';
export { SECRETS_FILE, credentialPrefix, resolveCredentials } from './credentials.ts';
