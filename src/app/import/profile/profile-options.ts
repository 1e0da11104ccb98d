import type { CatalogGap } from '../../../core/import/catalog.ts';
import type { TableProfile } from '../../../core/import/profile.ts';
import type { ColumnClassifier } from '../../privacy/scan/scan-report.ts';

/** `meshwork import --profile`: how much to read, and who judges personal data. */
export interface ProfileOptions {
  /**
   * Rows sampled per table for the personal-data classifier and the pattern candidates
   * (default DEFAULT_PROFILE_SAMPLE_ROWS, at most MAX_SAMPLE_ROWS of `meshwork scan`).
   */
  readonly sampleRows?: number;
  /**
   * Time one table's queries may take together; the engine cancels the query that runs
   * over, and the table is reported as a gap (default DEFAULT_TABLE_TIMEOUT_MS).
   */
  readonly tableTimeoutMs?: number;
  /** `meshwork scan`'s classifier (default `classifyColumn`). */
  readonly classify?: ColumnClassifier;
  /** The clock, for `profiledAt` (tests pin it). */
  readonly now?: () => Date;
  /** Called before each table is read (the CLI shows progress on a terminal). */
  readonly onTable?: (table: string, index: number, count: number) => void;
}

/** What `profileSystem` measured, and what it could not (said, never skipped silently). */
export interface SystemProfile {
  readonly profiles: readonly TableProfile[];
  /** A table (or the whole system, `table: null`) that could not be profiled, and why. */
  readonly gaps: readonly CatalogGap[];
}

export const DEFAULT_PROFILE_SAMPLE_ROWS = 1000;
export const DEFAULT_TABLE_TIMEOUT_MS = 60_000;
/** At most this many distinct values make a column's enumeration (`values`). */
export const MAX_ENUM_VALUES = 20;
/** An enumeration value longer than this is no category but text: no `values` then. */
export const MAX_ENUM_VALUE_CHARS = 100;
