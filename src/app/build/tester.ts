import { runContractTests } from '../testing/index.ts';
import type { RunHistory } from '../testing/index.ts';
import { assertNotStopped } from './build-signal.ts';
import type { ContractTester } from './contract-tests.ts';

/**
 * The contract tests a build runs on its new files: `meshwork test`'s own service, on the
 * contract's first `local` server (the warehouse path) with each schema object read from
 * the file just written. The run is recorded like any other, with its product and port,
 * in `history` (the CLI passes the workspace's store, reported by "build"; null: not recorded).
 * With `signal`, a stopped build neither starts a test nor records one that ran meanwhile.
 */
export function createContractTester(
  env: NodeJS.ProcessEnv,
  history: RunHistory | null,
  options: { readonly samples?: boolean; readonly signal?: AbortSignal } = {},
): ContractTester {
  const signal = options.signal;
  const recorded: RunHistory | null =
    history === null || signal === undefined
      ? history
      : {
          append: async (record) => {
            assertNotStopped(signal, 'its test run was recorded');
            await history.append(record);
          },
          list: () => history.list(),
        };
  return async (request) => {
    assertNotStopped(signal, 'its tests ran');
    return await runContractTests({
      meshRoot: request.meshRoot,
      contractFile: request.contractFile,
      ...(request.relationOverride === undefined
        ? {}
        : { relationOverride: request.relationOverride }),
      ...(request.serverFields === undefined ? {} : { serverFields: request.serverFields }),
      ...(request.credentials === undefined ? {} : { credentials: request.credentials }),
      env,
      trigger: 'build',
      ...(options.samples === false ? { samples: false } : {}),
      ...(request.location === undefined ? {} : { overrideLocation: request.location }),
      history: recorded,
      ...(request.productId === undefined ? {} : { productId: request.productId }),
      ...(request.port === undefined ? {} : { port: request.port }),
      ...(request.server === undefined ? {} : { server: request.server }),
    });
  };
}
