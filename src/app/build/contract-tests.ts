import type { Credentials } from '../../engines/engine.ts';

/**
 * The contract-test step of a build, as a function the build is given: the output
 * contracts' tests run on the freshly written Parquet files (through `relationOverride`)
 * before anything is published. The implementation is `runContractTests` of
 * `app/testing/`; a build only reads the run's status and counts.
 */
export interface BuildTestCheck {
  readonly status: 'passed' | 'failed' | 'warning' | 'error';
  readonly id?: string;
  readonly kind?: string;
  readonly schema?: string | null;
  readonly property?: string | null;
  readonly message?: string;
}

export interface BuildTestRun {
  readonly status: 'passed' | 'warning' | 'failed' | 'error';
  readonly checks: readonly BuildTestCheck[];
}

export interface ContractTestRequest {
  readonly meshRoot: string;
  readonly contractFile: string;
  readonly server?: string;
  /** Schema object name → absolute path of the Parquet file written for it. */
  readonly relationOverride?: Record<string, string>;
  /**
   * Fields replaced in the `server` entry for this run: a build in an engine's server
   * (Trino) points the contract's server at the scratch schema where its new snapshot
   * tables are visible under the objects' names.
   */
  readonly serverFields?: Readonly<Record<string, string>>;
  /** The credentials `server` is read with, instead of those set on this machine (the build's own). */
  readonly credentials?: Credentials;
  /** The product and output port being built, recorded with the run. */
  readonly productId?: string;
  readonly port?: string;
  /** The snapshot's files as they will be served, for the run's evidence. */
  readonly location?: string;
}

export type ContractTester = (request: ContractTestRequest) => Promise<BuildTestRun>;

/** Whether a run lets the product be published: nothing failed at error severity, all data read. */
export function allowsPublish(run: BuildTestRun): boolean {
  return run.status === 'passed' || run.status === 'warning';
}

export function countChecks(run: BuildTestRun): Record<BuildTestCheck['status'], number> {
  const counts = { passed: 0, failed: 0, warning: 0, error: 0 };
  for (const check of run.checks) counts[check.status]++;
  return counts;
}
