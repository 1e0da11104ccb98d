import type { ContractEntry } from '../../core/mesh/mesh-model.ts';

/**
 * The seam through which a build keeps erased people out of what it writes (issue 11,
 * app/privacy/build-suppression.ts): after a port's files are written and before they are
 * tested, the rows of suppressed people are dropped or pseudonymised in place. A build
 * given none applies none — the CLI always gives one.
 */
export interface PortSuppression {
  apply(request: PortSuppressionRequest): Promise<PortSuppressed>;
}

export interface PortSuppressionRequest {
  readonly contract: ContractEntry;
  /** The port's freshly written files: schema object name → Parquet file (rewritten in place). */
  readonly files: Readonly<Record<string, string>>;
  /** A private folder of this build for files in transit. */
  readonly scratchDir: string;
}

/** What the suppression did to a port: rows dropped and rows pseudonymised. */
export interface PortSuppressed {
  readonly deleted: number;
  readonly pseudonymised: number;
}
