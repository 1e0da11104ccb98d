import type { OdcsSlaProperty } from '../standards/odcs/index.ts';
import type { ChangeLog, ChangeSeverity } from './change.ts';
import { field, item, recordRest } from './change.ts';
import { durationSeconds, toNumber } from './durations.ts';
import { matchElements } from './match.ts';

/**
 * SLA properties (ODCS "Data QoS"). Each known property has a direction in which it gets
 * worse for consumers; a change that way is breaking, the other way is an improvement
 * (info). Unknown properties: a changed value is a warning (Meshwork cannot tell the
 * direction). Matched by `id`, else by `property` (case-insensitive).
 */
type Direction =
  | { readonly measure: 'duration' | 'number' | 'date'; readonly worse: 'higher' | 'lower' }
  | { readonly measure: 'text' };

const DIRECTIONS: Readonly<Record<string, Direction>> = {
  latency: { measure: 'duration', worse: 'higher' },
  // The interval between updates: a longer one means data arrives less often.
  frequency: { measure: 'duration', worse: 'higher' },
  retention: { measure: 'duration', worse: 'lower' },
  timetodetect: { measure: 'duration', worse: 'higher' },
  timetonotify: { measure: 'duration', worse: 'higher' },
  timetorepair: { measure: 'duration', worse: 'higher' },
  availability: { measure: 'number', worse: 'lower' },
  throughput: { measure: 'number', worse: 'lower' },
  errorrate: { measure: 'number', worse: 'higher' },
  generalavailability: { measure: 'date', worse: 'higher' },
  endofsupport: { measure: 'date', worse: 'lower' },
  endoflife: { measure: 'date', worse: 'lower' },
  timeofavailability: { measure: 'text' },
};

export function diffSla(
  log: ChangeLog,
  path: string,
  from: readonly OdcsSlaProperty[] | undefined,
  to: readonly OdcsSlaProperty[] | undefined,
): void {
  const pairs = matchElements(
    from,
    to,
    (s) => s.id,
    (s) => s.property,
  );
  for (const { label, from: a, to: b } of pairs) {
    const at = item(path, label);
    if (!b) {
      log.element(at, 'removed', label, 'breaking', 'The SLA promise is withdrawn.');
    } else if (!a) {
      log.element(at, 'added', label, 'info', 'A new SLA promise.');
    } else {
      diffSlaEntry(log, at, a, b);
    }
  }
}

function diffSlaEntry(log: ChangeLog, at: string, a: OdcsSlaProperty, b: OdcsSlaProperty): void {
  const direction = DIRECTIONS[b.property.toLowerCase()];
  const valueChanged = a.value !== b.value || a.unit !== b.unit;
  if (valueChanged) {
    const { severity, reason } = judge(direction, a, b);
    // Report the value with its unit, so `4 d` → `96 h` reads as what it is.
    log.record(field(at, 'value'), withUnit(a), withUnit(b), severity, reason);
  }
  log.record(field(at, 'property'), a.property, b.property, 'info', 'The same SLA, renamed.');
  log.record(
    field(at, 'element'),
    a.element,
    b.element,
    'warning',
    'The promise now covers other elements.',
  );
  log.record(
    field(at, 'valueExt'),
    a.valueExt,
    b.valueExt,
    'warning',
    'The extended value changed; consumers relying on it should check.',
  );
  // driver, scheduler, schedule, description …: how the promise is checked or explained.
  recordRest(log, at, a, b, new Set(['value', 'unit', 'property', 'element', 'valueExt']));
}

function withUnit(s: OdcsSlaProperty): unknown {
  return s.unit === undefined ? s.value : `${String(s.value)} ${s.unit}`;
}

function judge(
  direction: Direction | undefined,
  a: OdcsSlaProperty,
  b: OdcsSlaProperty,
): { severity: ChangeSeverity; reason: string } {
  if (!direction || direction.measure === 'text') {
    return {
      severity: 'warning',
      reason: `Meshwork cannot tell whether this ${b.property} is better or worse; consumers should check.`,
    };
  }
  const bare = [toNumber(a.value), toNumber(b.value)] as const;
  // Two numbers without a unit still compare with each other (the same implicit unit).
  const bothBare =
    a.unit === undefined && b.unit === undefined && bare[0] !== undefined && bare[1] !== undefined;
  const x = bothBare ? bare[0] : measure(direction.measure, a);
  const y = bothBare ? bare[1] : measure(direction.measure, b);
  if (x === undefined || y === undefined) {
    return {
      severity: 'warning',
      reason: `Cannot compare ${withUnitText(a)} with ${withUnitText(b)} (unknown unit or value).`,
    };
  }
  // Months and years are fractions of days: equal up to rounding is equal.
  if (Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)))
    return { severity: 'info', reason: 'The same promise in other units.' };
  const worse = direction.worse === 'higher' ? y > x : y < x;
  return worse
    ? {
        severity: 'breaking',
        reason: `Weakened: ${b.property} ${withUnitText(a)} → ${withUnitText(b)}.`,
      }
    : {
        severity: 'info',
        reason: `Improved: ${b.property} ${withUnitText(a)} → ${withUnitText(b)}.`,
      };
}

function withUnitText(s: OdcsSlaProperty): string {
  return String(withUnit(s));
}

function measure(kind: 'duration' | 'number' | 'date', s: OdcsSlaProperty): number | undefined {
  if (kind === 'duration') return durationSeconds(s.value, s.unit);
  if (kind === 'number') return toNumber(s.value);
  const t = typeof s.value === 'string' ? Date.parse(s.value) : Number.NaN;
  return Number.isFinite(t) ? t : undefined;
}
