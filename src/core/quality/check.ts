import type { OdcsLogicalType, OdcsQualityOperator } from '../standards/odcs/index.ts';

/**
 * The vocabulary of contract tests: what a check measures (planned, pure) and what a run
 * reports (issue 3, "Result per check").
 */

export const CHECK_KINDS = [
  'present',
  'type',
  'required',
  'unique',
  'primaryKey',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'enum',
  'relationship',
  'nullValues',
  'missingValues',
  'invalidValues',
  'duplicateValues',
  'rowCount',
  'sql',
  'latency',
  'retention',
  'frequency',
] as const;

export type CheckKind = (typeof CHECK_KINDS)[number];
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error';
export type RunStatus = CheckStatus;

export type SampleValue = string | number | boolean | null;
export type SampleRow = Readonly<Record<string, SampleValue>>;

export interface CheckResult {
  readonly id: string;
  readonly schema: string | null;
  readonly property: string | null;
  readonly kind: CheckKind;
  readonly status: CheckStatus;
  readonly value: number | string | null;
  readonly threshold: Threshold | null;
  readonly message: string;
  readonly samples: readonly SampleRow[];
}

export interface TestRun {
  readonly status: RunStatus;
  readonly checks: readonly CheckResult[];
  readonly startedAt: string;
  readonly durationMs: number;
  /** What the run read and passed over; absent only in runs stored before it was recorded. */
  readonly evidence?: RunEvidence;
  /** Whether a `meshwork test` or a build's test of an output port made it. */
  readonly trigger?: RunTrigger;
}

export type RunTrigger = 'test' | 'build';

/**
 * The evidence of a run (DESIGN.md "A result names its evidence"): the server it read and
 * the servers it passed over, with why. `location` never holds a secret (no password in a
 * URL): a file path or glob, or `host:port/database` and the schema.
 */
export interface RunEvidence {
  readonly server: RunServer | null;
  readonly passedOver: readonly PassedOverServer[];
  /** What made the run weaker than it should be (absent: none, or stored before it was said). */
  readonly warnings?: readonly RunWarning[] | undefined;
}

/** A finding about how the run ran, as data: `trino-rules-as-service-user`. */
export interface RunWarning {
  readonly code: string;
  readonly message: string;
}

export interface RunServer {
  readonly name: string;
  readonly type: string;
  readonly location: string;
}

export interface PassedOverServer extends RunServer {
  readonly reason: string;
}

/** A comparison the measured value must satisfy; ODCS operators, bounds included for between. */
export interface Threshold {
  readonly operator: OdcsQualityOperator;
  readonly value: number | readonly [number, number];
}

export type CompareOp = '<' | '<=' | '>' | '>=';

/**
 * A condition on one row that makes it offend a check. Every predicate but `isNull` and
 * `isMissing` is evaluated on the property's typed value, so a value of the wrong type is
 * counted once, by the `type` check, and never crashes the others.
 */
export type RowPredicate =
  | { readonly kind: 'isNull' }
  | { readonly kind: 'notCastable' }
  | { readonly kind: 'length'; readonly op: CompareOp; readonly bound: number }
  | { readonly kind: 'notMatching'; readonly pattern: string }
  | { readonly kind: 'format'; readonly format: string }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly bound: number | string }
  | { readonly kind: 'notMultipleOf'; readonly divisor: number }
  | { readonly kind: 'itemCount'; readonly op: CompareOp; readonly bound: number }
  | { readonly kind: 'duplicateItems' }
  | {
      readonly kind: 'notIn';
      /**
       * The allowed non-null values; absent when only a pattern is given. Empty: no
       * non-null value is allowed (a list of only `null`). NULL itself never offends.
       */
      readonly values?: readonly (string | number | boolean)[];
      readonly pattern?: string;
    }
  | { readonly kind: 'isMissing'; readonly values: readonly (string | number | boolean)[] };

/** The column a check reads, with what the contract says about it. */
export interface ColumnRef {
  /** The property name in the contract. */
  readonly property: string;
  /** The column name in the data (`physicalName`, else `name`). */
  readonly column: string;
  readonly logicalType: OdcsLogicalType | undefined;
  /** `logicalTypeOptions.format` of a date/timestamp (a date pattern) or integer/number. */
  readonly format: string | undefined;
}

/** What a check measures; the engine turns each into SQL. */
export type Measure =
  | { readonly type: 'rows'; readonly column: ColumnRef; readonly predicate: RowPredicate }
  | {
      readonly type: 'present';
      readonly column: ColumnRef;
      /**
       * `required: true`. In schemaless data (JSON) a field no record has is all NULL:
       * that fails `present` only for a required property.
       */
      readonly required: boolean;
    }
  /** The catalog's type of the column against the declared `physicalType`. */
  | { readonly type: 'physicalType'; readonly column: ColumnRef; readonly declared: string }
  | { readonly type: 'rowCount' }
  | { readonly type: 'duplicates'; readonly columns: readonly ColumnRef[] }
  | { readonly type: 'primaryKey'; readonly columns: readonly ColumnRef[] }
  | {
      readonly type: 'relationship';
      readonly from: readonly ColumnRef[];
      readonly toObject: string;
      readonly toColumns: readonly string[];
      /** The contract file of a qualified reference (relative to this contract), if any. */
      readonly toContract: string | undefined;
    }
  | { readonly type: 'sql'; readonly query: string }
  | {
      readonly type: 'age';
      readonly object: string;
      readonly column: string;
      /** newest: latency; oldest: retention; gap: frequency (largest gap between loads). */
      readonly of: 'newest' | 'oldest' | 'gap';
      readonly limitSeconds: number;
    }
  | { readonly type: 'unsupported'; readonly reason: string };

export interface PlannedCheck {
  readonly id: string;
  readonly schema: string | null;
  readonly property: string | null;
  readonly kind: CheckKind;
  readonly severity: 'error' | 'warning';
  readonly measure: Measure;
  readonly threshold: Threshold;
  readonly unit: 'rows' | 'percent';
  /** What the check asks, for messages: "must not be null". */
  readonly describe: string;
}
