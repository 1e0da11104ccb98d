import type { ChangeLog, ChangeSeverity } from './change.ts';
import { field, sameJson } from './change.ts';
import { numericFormatChange } from './type-change.ts';

/**
 * `logicalTypeOptions`: a constraint that rejects values the old one accepted is
 * tightened (breaking: data that was valid is not any more, and producers must change);
 * one that accepts more is loosened (warning: consumers may receive values they did not
 * expect). Adding a constraint tightens, removing one loosens.
 */
type Options = Readonly<Record<string, unknown>>;

const TIGHTENED = 'Tightened: values that were valid are rejected now.';
const LOOSENED = 'Loosened: consumers may receive values the old contract excluded.';

interface Bound {
  readonly value: number | string;
  readonly exclusive: boolean;
}

/** The stronger of `minimum` / `exclusiveMinimum` (or of the maxima, with `upper`). */
function effectiveBound(options: Options, upper: boolean): Bound | undefined {
  const inclusive = options[upper ? 'maximum' : 'minimum'];
  const exclusive = options[upper ? 'exclusiveMaximum' : 'exclusiveMinimum'];
  const bounds: Bound[] = [];
  if (typeof inclusive === 'number' || typeof inclusive === 'string')
    bounds.push({ value: inclusive, exclusive: false });
  if (typeof exclusive === 'number' || typeof exclusive === 'string')
    bounds.push({ value: exclusive, exclusive: true });
  return bounds.reduce<Bound | undefined>((best, b) => {
    if (!best) return b;
    const c = compareValues(b.value, best.value) * (upper ? -1 : 1);
    return c > 0 || (c === 0 && b.exclusive) ? b : best;
  }, undefined);
}

/** Numbers by value; dates and timestamps (ISO 8601 strings) by time, else as text. */
function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  const ta = Date.parse(String(a));
  const tb = Date.parse(String(b));
  if (Number.isFinite(ta) && Number.isFinite(tb)) return Math.sign(ta - tb);
  return String(a).localeCompare(String(b));
}

/** How a lower (or upper) bound moved: `tightened` when fewer values pass. */
function boundShift(
  from: Bound | undefined,
  to: Bound | undefined,
  upper: boolean,
): ChangeSeverity {
  if (!from && !to) return 'info';
  if (!from) return 'breaking';
  if (!to) return 'warning';
  const c = compareValues(to.value, from.value) * (upper ? -1 : 1);
  if (c > 0 || (c === 0 && to.exclusive && !from.exclusive)) return 'breaking';
  if (c < 0 || (c === 0 && !to.exclusive && from.exclusive)) return 'warning';
  return 'info';
}

/** A bigger value is tighter for `min*`, a smaller one for `max*`. */
function countShift(key: string, from: unknown, to: unknown): ChangeSeverity {
  if (from === undefined) return 'breaking';
  if (to === undefined) return 'warning';
  if (typeof from !== 'number' || typeof to !== 'number') return 'breaking';
  const tighter = key.startsWith('min') ? to > from : to < from;
  return tighter ? 'breaking' : 'warning';
}

/** Added or changed tightens; removed loosens (pattern, format, timezone …). */
function presenceShift(from: unknown, to: unknown): ChangeSeverity {
  return to === undefined ? 'warning' : 'breaking';
}

function flagShift(from: unknown, to: unknown): ChangeSeverity {
  return to === true ? 'breaking' : from === true ? 'warning' : 'info';
}

const COUNTS = new Set([
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
]);
/** Added or changed tightens, removed loosens: a string pattern, a time zone, a vector's shape or model. */
const PRESENCE = new Set([
  'pattern',
  'timezone',
  'defaultTimezone',
  'dimensions',
  'elementType',
  'embeddingModel',
  'embeddingModelVersion',
]);
const BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum']);

export function diffTypeOptions(
  log: ChangeLog,
  path: string,
  logicalType: { readonly from: string | undefined; readonly to: string | undefined },
  from: Options | undefined,
  to: Options | undefined,
): void {
  const left = from ?? {};
  const right = to ?? {};
  const lower = boundShift(effectiveBound(left, false), effectiveBound(right, false), false);
  const upper = boundShift(effectiveBound(left, true), effectiveBound(right, true), true);
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  for (const key of keys) {
    const a = left[key];
    const b = right[key];
    if (sameJson(a, b)) continue;
    const at = field(path, key);
    if (BOUNDS.has(key)) {
      const shift = key.endsWith('inimum') ? lower : upper;
      log.record(at, a, b, shift, reasonFor(shift, 'The bounds name the same values as before.'));
    } else if (key === 'format') {
      diffFormat(log, at, logicalType, a, b);
    } else if (key === 'multipleOf') {
      const shift = multipleShift(a, b);
      log.record(at, a, b, shift, reasonFor(shift, ''));
    } else if (key === 'required' && Array.isArray(a ?? []) && Array.isArray(b ?? [])) {
      const before = new Set((a ?? []) as unknown[]);
      const after = new Set((b ?? []) as unknown[]);
      const shift = [...after].some((n) => !before.has(n)) ? 'breaking' : 'warning';
      log.record(at, a, b, shift, reasonFor(shift, ''));
    } else {
      const shift = optionShift(key, a, b);
      log.record(at, a, b, shift.severity, shift.reason);
    }
  }
}

/** Counts, presence-like options, flags; an option without a known direction is a warning. */
function optionShift(
  key: string,
  a: unknown,
  b: unknown,
): { readonly severity: ChangeSeverity; readonly reason: string } {
  if (COUNTS.has(key)) return withReason(countShift(key, a, b));
  if (PRESENCE.has(key)) return withReason(presenceShift(a, b));
  if (key === 'uniqueItems') return withReason(flagShift(a, b));
  return { severity: 'warning', reason: 'Changed option: consumers relying on it should check.' };
}

function withReason(severity: ChangeSeverity): { severity: ChangeSeverity; reason: string } {
  return { severity, reason: reasonFor(severity, 'The same setting.') };
}

function reasonFor(shift: ChangeSeverity, same: string): string {
  return shift === 'breaking' ? TIGHTENED : shift === 'warning' ? LOOSENED : same;
}

/** A string's format (email, uuid …) or a date's pattern; integer/number formats are widths. */
function diffFormat(
  log: ChangeLog,
  at: string,
  logicalType: { readonly from: string | undefined; readonly to: string | undefined },
  a: unknown,
  b: unknown,
): void {
  const type = logicalType.to;
  if (type !== logicalType.from) {
    log.record(at, a, b, 'info', 'Follows the change of logicalType, reported there.');
    return;
  }
  if ((type === 'integer' || type === 'number') && (a === undefined || typeof a === 'string')) {
    if (b === undefined || typeof b === 'string') {
      const verdict = numericFormatChange(type, a, b);
      log.record(at, a, b, verdict.severity, verdict.reason);
      return;
    }
  }
  const shift = presenceShift(a, b);
  log.record(
    at,
    a,
    b,
    shift,
    shift === 'breaking'
      ? 'A new or different format: values written in the old format are invalid now.'
      : LOOSENED,
  );
}

function multipleShift(a: unknown, b: unknown): ChangeSeverity {
  if (a === undefined) return 'breaking';
  if (b === undefined) return 'warning';
  if (typeof a !== 'number' || typeof b !== 'number') return 'breaking';
  const ratio = b / a;
  // multipleOf 0.01 → 0.1 keeps only some old values; 0.1 → 0.01 keeps all of them.
  if (Math.abs(ratio - Math.round(ratio)) < 1e-9) return 'breaking';
  const inverse = a / b;
  return Math.abs(inverse - Math.round(inverse)) < 1e-9 ? 'warning' : 'breaking';
}
