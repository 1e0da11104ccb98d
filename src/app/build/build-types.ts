import type { BuildTestRun, ContractTester } from './contract-tests.ts';
import type { PortSuppressed, PortSuppression } from './port-suppression.ts';
import type { InputReport } from './inputs.ts';
import type { ServedTable } from './serve-port.ts';

/** What a product's build is given and gives back, whichever engine builds it (build-product.ts, table-build.ts). */

export interface ProductBuildOptions {
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** Snapshots kept per port, the served one included. */
  readonly keep: number;
  readonly test: ContractTester;
  /** DuckDB threads and memory of one product's build (products in parallel share the machine). */
  readonly threads?: number;
  readonly memoryLimit?: string;
  /** Called after each Parquet file is complete (the tests use it to kill a build halfway). */
  readonly afterFileWritten?: (path: string) => Promise<void>;
  /** Keeps erased people out of the ports (the store's suppressions); none applied without it. */
  readonly suppression?: PortSuppression;
  /**
   * Aborted when the build must stop (a job's worker lost its lease or is stopping). It is
   * checked right before each effect others see — tables served, a snapshot made current,
   * snapshots pruned (and by the tester before a run is recorded) — and the build then ends
   * with status `error`, its unserved snapshots removed. An effect already under way when
   * the signal aborts completes: each is one atomic step (docs/operations.md, "Fencing").
   */
  readonly signal?: AbortSignal;
}

export interface PortResult {
  readonly port: string;
  readonly snapshot: string;
  readonly rows: number;
  /** Rows of erased people dropped or pseudonymised (present when a suppression was applied). */
  readonly suppressed?: PortSuppressed;
  readonly tests: (BuildTestRun & { readonly contract: string }) | undefined;
  readonly servedTo: readonly ServedTable[];
}

export interface ProductBuildResult {
  readonly product: string;
  readonly id: string | undefined;
  /** published: new snapshots are served; failed: tests failed, the previous snapshots stay; error: it could not be built. */
  readonly status: 'published' | 'failed' | 'error';
  readonly message?: string;
  /** Built inside this engine's server (`meshworkEngine`), e.g. "Trino"; absent: DuckDB, Parquet snapshots. */
  readonly builtIn?: string;
  readonly inputs: readonly InputReport[];
  readonly ports: readonly PortResult[];
  readonly durationMs: number;
}
