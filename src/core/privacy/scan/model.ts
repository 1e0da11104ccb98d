/**
 * `meshwork scan` (issue 11): what the personal-data scanner says about one column. The
 * classifier (`classify.ts`) is pure: it gets a bounded sample of values as text, already
 * drawn by the engine, and never keeps, prints or returns a value.
 */

/** What a column holds, when it holds personal data the scanner can recognise. */
export type PersonalDataCategory =
  | 'email'
  | 'phone'
  | 'iban'
  | 'credit-card'
  | 'tax-id'
  | 'ip-address'
  | 'date-of-birth'
  | 'person-name'
  | 'address';

export const PERSONAL_DATA_CATEGORIES: readonly PersonalDataCategory[] = [
  'email',
  'phone',
  'iban',
  'credit-card',
  'tax-id',
  'ip-address',
  'date-of-birth',
  'person-name',
  'address',
];

/** One column's sample, as the engine drew it. */
export interface ScanColumnInput {
  /** The schema object (table, file) and the column, as the contract or data name them. */
  readonly object: string;
  readonly property: string;
  /** The engine's physical type, lower-case (`varchar`, `boolean`, `date`, `bigint`). */
  readonly physicalType: string;
  /** The contract's logicalType where the column comes from a contract. */
  readonly logicalType?: string;
  /** The sampled values as text (NULLs left out by the engine or given as null). */
  readonly values: readonly (string | null)[];
}

/** The verdict on one column: `--format json` prints exactly these fields. */
export interface ScanColumnResult {
  readonly object: string;
  readonly property: string;
  readonly category: PersonalDataCategory | null;
  /** 0–1; 0 when nothing points to personal data. */
  readonly confidence: number;
  /**
   * Why, in English, one sentence each ("17 of 20 sampled values are valid IBANs (mod 97)",
   * "the name reads as German 'Geburtsdatum'"). Never contains a sampled value.
   */
  readonly reasons: readonly string[];
}
