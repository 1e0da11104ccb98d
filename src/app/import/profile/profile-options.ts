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
/**
 * k of the k-anonymity rule: a table of fewer rows gets no enumeration (`values`) and no
 * range (`min`/`max`) for any column — with a handful of rows, each value, the smallest and
 * the largest describe single people (a 9-row `patients` table listed diagnoses and the
 * lowest and highest salary). 10 is the common lower bound for released aggregates
 * (statistical offices suppress cells below 10 rows, k = 10 in k-anonymity practice).
 */
export const MIN_ROWS_FOR_VALUES = 10;
/**
 * Each listed value must occur in at least this many rows, counted in the engine; one rarer
 * value drops the whole enumeration (a list without it would be no valid `validValues`, and
 * a value held by one or two rows points at them: `HIV` once among 10,000 patients).
 */
export const MIN_ROWS_PER_VALUE = 5;
