import type { ContractTester } from './contract-tests.ts';

/**
 * The contract tests a build runs on its new files. Until `app/testing/` provides
 * `runContractTests`, no checks run and every port passes with zero checks.
 */
export const contractTester: ContractTester = () =>
  Promise.resolve({ status: 'passed', checks: [] });
