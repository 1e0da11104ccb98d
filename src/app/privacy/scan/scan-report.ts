import type { ScanColumnInput, ScanColumnResult } from '../../../core/privacy/scan/model.ts';

/**
 * What `meshwork scan` found, as `--format json` prints it: `columns` exactly as the
 * classifier judged them, plus the evidence beside them — what was read, how it was
 * sampled, and what could not be scanned and why. It never holds a sampled value.
 */
export interface ScanReport {
  /** The target as the user can recognise it: a path, a contract, a URL without secrets. */
  readonly target: string;
  /** The server read, `"webshop" (postgresql) host:5432/db`; null for a file or URL target. */
  readonly server: string | null;
  readonly columns: readonly ScanColumnResult[];
  /** Per object, how many rows were sampled and how. */
  readonly sampled: readonly SampledObject[];
  /** What was not scanned: an object or a column, with the reason (never skipped silently). */
  readonly notScanned: readonly NotScanned[];
  /**
   * For a contract: the columns of the data it does not declare. They are scanned too (and
   * listed in `columns` under their column name), but `--apply` has no property to write to.
   */
  readonly undeclared?: readonly { readonly object: string; readonly property: string }[];
}

export interface SampledObject {
  readonly object: string;
  readonly rows: number;
  readonly method: string;
}

export interface NotScanned {
  readonly object: string;
  /** The column, or null when the whole object was not scanned. */
  readonly property: string | null;
  readonly reason: string;
}

/** The classifier (`core/privacy/scan/classify.ts`), passed in so tests can watch what it sees. */
export type ColumnClassifier = (input: ScanColumnInput) => ScanColumnResult;
