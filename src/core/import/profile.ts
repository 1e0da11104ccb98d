import type { PersonalDataCategory } from '../privacy/scan/model.ts';

/**
 * `meshwork import --profile` (issue 12): what the data says about a table, measured in the
 * engine (aggregates pushed down, never rows into JavaScript), written into the contract
 * as suggestions — a person decides whether they become promises. Values of rows appear
 * only where they are the point (the enumeration of a low-cardinality column, a range) and
 * never for a column that holds personal data.
 */
export interface TableProfile {
  readonly table: string;
  /** An exact `count(*)`. */
  readonly rows: number;
  /** When it was measured (ISO 8601), so a reader knows how old the suggestion is. */
  readonly profiledAt: string;
  readonly columns: readonly ColumnProfile[];
}

export interface ColumnProfile {
  readonly column: string;
  /** Share of NULLs, 0–1. */
  readonly nullShare: number;
  /** Distinct non-NULL values (exact up to a bound, else an estimate: `distinctExact` says). */
  readonly distinct: number;
  readonly distinctExact: boolean;
  /** Smallest and largest value (numbers, dates, timestamps), as text; absent for personal data. */
  readonly min?: string;
  readonly max?: string;
  /** Shortest and longest text length, for text columns. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Every value of a low-cardinality text column (≤ 20 distinct); absent for personal data. */
  readonly values?: readonly string[];
  /** A regular expression every non-NULL value matches (`^[0-9]{5}$`, `^WS[0-9]{8}$`). */
  readonly pattern?: string;
  /** `meshwork scan`'s suggestion for the column, where it found personal data. */
  readonly personalData?: {
    readonly category: PersonalDataCategory;
    readonly confidence: number;
  };
}
