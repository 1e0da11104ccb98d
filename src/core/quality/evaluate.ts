import type { CheckResult, PlannedCheck, RunStatus, SampleRow } from './check.ts';
import { describeThreshold, satisfies } from './threshold.ts';

/** What the engine measured for one check. */
export type Measurement =
  | {
      readonly ok: true;
      /** Offending rows, the row count, the SQL result or an age in seconds. */
      readonly value: number;
      /** Rows of the object, for `unit: percent`. */
      readonly total?: number;
      readonly samples?: readonly SampleRow[];
    }
  | { readonly ok: false; readonly message: string };

/** Turns a measurement into the reported result: passed, failed, warning or error. */
export function evaluateCheck(check: PlannedCheck, measurement: Measurement): CheckResult {
  const base = {
    id: check.id,
    schema: check.schema,
    property: check.property,
    kind: check.kind,
    threshold: check.threshold,
  };
  if (!measurement.ok) {
    return { ...base, status: 'error', value: null, message: measurement.message, samples: [] };
  }
  const value =
    check.unit === 'percent'
      ? measurement.total
        ? round((measurement.value * 100) / measurement.total)
        : 0
      : measurement.value;
  const passed = satisfies(value, check.threshold);
  const status = passed ? 'passed' : check.severity === 'error' ? 'failed' : 'warning';
  const what = check.schema
    ? `${check.schema}${check.property ? `.${check.property}` : ''}`
    : 'contract';
  const measured = check.unit === 'percent' ? `${value}%` : String(value);
  const message = passed
    ? `${what}: ${check.describe} (${check.kind} ${measured})`
    : `${what}: ${check.describe}: ${check.kind} is ${measured}, expected ${describeThreshold(check.threshold)}`;
  return {
    ...base,
    status,
    value,
    message,
    samples: passed ? [] : (measurement.samples ?? []).slice(0, 5),
  };
}

/** A check the plan could not turn into a measurement: reported, never silently dropped. */
export function notChecked(check: PlannedCheck, reason: string): CheckResult {
  return {
    id: check.id,
    schema: check.schema,
    property: check.property,
    kind: check.kind,
    status: 'warning',
    value: null,
    threshold: check.threshold,
    message: `not checked: ${reason}`,
    samples: [],
  };
}

export function runStatusOf(checks: readonly CheckResult[]): RunStatus {
  if (checks.some((check) => check.status === 'failed')) return 'failed';
  if (checks.some((check) => check.status === 'error')) return 'error';
  if (checks.some((check) => check.status === 'warning')) return 'warning';
  return 'passed';
}

/** Exit status of `meshwork test`: 0 passed or warning, 1 failed, 2 error. */
export function exitCodeOf(status: RunStatus): number {
  return status === 'failed' ? 1 : status === 'error' ? 2 : 0;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
