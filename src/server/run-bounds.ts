import type { CheckResult, TestRun } from '../core/quality/index.ts';

/** Longest check message and sample text kept; longer ones are cut with a marker. */
export const MAX_MESSAGE_CHARS = 2_000;
export const MAX_SAMPLE_CHARS = 500;

/** `text` cut to `max` characters with a marker that says how much was left out. */
export function truncated(text: string, max: number): string {
  if (text.length <= max) return text;
  const left = text.length - max;
  return `${text.slice(0, max)}… [cut by the server: ${left.toLocaleString('en')} more characters]`;
}

/**
 * A reported run with its long texts cut, so one report cannot make every answer that
 * shows it large. Nothing is cut silently: each cut text ends in a marker saying so.
 */
export function boundRun(run: TestRun): TestRun {
  return { ...run, checks: run.checks.map(boundCheck) };
}

function boundCheck(check: CheckResult): CheckResult {
  const bound = <T>(v: T): T => (typeof v === 'string' ? truncated(v, MAX_SAMPLE_CHARS) : v) as T;
  return {
    ...check,
    value: bound(check.value),
    message: truncated(check.message, MAX_MESSAGE_CHARS),
    samples: check.samples.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, bound(v)])),
    ),
  };
}
