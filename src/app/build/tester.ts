import { runContractTests } from '../testing/index.ts';
import type { ContractTester } from './contract-tests.ts';

/**
 * The contract tests a build runs on its new files: `meshwork test`'s own service, on the
 * contract's first `local` server (the warehouse path) with each schema object read from
 * the file just written. The run is recorded in the run history like any other.
 */
export function createContractTester(env: NodeJS.ProcessEnv): ContractTester {
  return (request) =>
    runContractTests({
      meshRoot: request.meshRoot,
      contractFile: request.contractFile,
      relationOverride: request.relationOverride,
      env,
      ...(request.server === undefined ? {} : { server: request.server }),
    });
}
