/**
 * What `meshwork retention` enforces from a contract (issue 11): its `retention` SLA
 * (ODCS `slaProperties`: `value`, `unit`, `element`), where `element` names the date or
 * timestamp column that says how old a row is (`object.column`, or `column` in a contract
 * of one object). Rows whose date is older than the period are due for deletion.
 *
 * ```yaml
 * slaProperties:
 *   - property: retention
 *     value: 10
 *     unit: y
 *     element: invoices.invoice_date
 * ```
 *
 * Anything it cannot enforce is said with the reason (no element, an element that is not
 * a date, a unit that is not one), never read as something else: `m` could be minutes or
 * months, so it is refused like any unknown unit.
 */
import { asList, asObject } from '../json/loose.ts';

export type RetentionUnit = 'd' | 'w' | 'mo' | 'y';

const UNITS: Readonly<Record<string, RetentionUnit>> = {
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  week: 'w',
  weeks: 'w',
  mo: 'mo',
  month: 'mo',
  months: 'mo',
  y: 'y',
  yr: 'y',
  year: 'y',
  years: 'y',
};

const DATE_TYPES: ReadonlySet<string> = new Set(['date', 'timestamp']);
const MAX_VALUE = 1000;

export interface RetentionRule {
  readonly value: number;
  readonly unit: RetentionUnit;
  /** The schema object's `name` and the column's name in the data (`physicalName`, else `name`). */
  readonly object: string;
  readonly column: string;
  /** `element` as written. */
  readonly element: string;
}

export type RetentionReading =
  /** The contract declares no retention (the record lists that as a gap). */
  | { readonly kind: 'none' }
  | {
      readonly kind: 'not-enforceable';
      readonly reason: string;
      /**
       * The value and unit when those were read and only the element fails: the record of
       * processing states that period and says it is not enforced.
       */
      readonly period?: Pick<RetentionRule, 'value' | 'unit'>;
    }
  | { readonly kind: 'rule'; readonly rule: RetentionRule };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function retentionRuleOf(contract: unknown): RetentionReading {
  const root = asObject(contract);
  const sla = asList(root?.slaProperties)
    .map(asObject)
    .find((s) => text(s?.property)?.toLowerCase() === 'retention');
  if (!sla) return { kind: 'none' };
  const raw = sla.value;
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\d{1,4}$/.test(raw.trim())
        ? Number(raw)
        : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_VALUE)
    return {
      kind: 'not-enforceable',
      reason: `the retention value is not a whole number from 1 to ${MAX_VALUE}`,
    };
  const unitText = text(sla.unit);
  const key = unitText?.toLowerCase();
  // Own keys only: `constructor` or `__proto__` are not units.
  const unit = key !== undefined && Object.hasOwn(UNITS, key) ? UNITS[key] : undefined;
  if (unit === undefined)
    return {
      kind: 'not-enforceable',
      reason:
        unitText === undefined
          ? 'the retention has no unit (d, w, mo or y)'
          : `the retention unit "${unitText.slice(0, 20)}" is not one of d, w, mo, y (or day(s), week(s), month(s), year(s))`,
    };
  const element = text(sla.element);
  const reading =
    element === undefined
      ? {
          kind: 'not-enforceable' as const,
          reason: 'the retention names no element: the date column that says how old a row is',
        }
      : elementRule(root, element, value, unit);
  return reading.kind === 'not-enforceable' ? { ...reading, period: { value, unit } } : reading;
}

function elementRule(
  contract: Record<string, unknown> | undefined,
  element: string,
  value: number,
  unit: RetentionUnit,
): RetentionReading {
  const shown = element.slice(0, 120);
  if (element.includes(','))
    return { kind: 'not-enforceable', reason: `the element "${shown}" names several columns` };
  const objects = asList(contract?.schema).map(asObject);
  const parts = element.split('.');
  const [objectName, columnName] =
    parts.length === 2 ? parts : parts.length === 1 ? [undefined, parts[0]] : [];
  const object =
    objectName === undefined
      ? objects.length === 1
        ? objects[0]
        : undefined
      : objects.find((o) => o?.name === objectName);
  const property = asList(object?.properties)
    .map(asObject)
    .find((p) => p?.name === columnName);
  if (!object || !property || typeof object.name !== 'string')
    return {
      kind: 'not-enforceable',
      reason: `the element "${shown}" is not a column of the contract (object.column)`,
    };
  const type = text(property.logicalType)?.toLowerCase();
  if (type === undefined || !DATE_TYPES.has(type))
    return {
      kind: 'not-enforceable',
      reason: `the element "${shown}" is not a date or timestamp (logicalType ${type ?? 'missing'})`,
    };
  return {
    kind: 'rule',
    rule: {
      value,
      unit,
      object: object.name,
      column: text(property.physicalName) ?? text(property.name) ?? '',
      element,
    },
  };
}

/**
 * The moment before which rows are due: `now` minus the period, in calendar terms (UTC): a
 * month back from 31 March is the last day of February, a year back from 29 February is
 * 28 February.
 */
export function retentionCutoff(rule: Pick<RetentionRule, 'value' | 'unit'>, now: Date): Date {
  const day = 86_400_000;
  switch (rule.unit) {
    case 'd':
      return new Date(now.getTime() - rule.value * day);
    case 'w':
      return new Date(now.getTime() - rule.value * 7 * day);
    case 'mo':
      return monthsBack(now, rule.value);
    case 'y':
      return monthsBack(now, rule.value * 12);
  }
}

function monthsBack(now: Date, months: number): Date {
  const target = new Date(now.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() - months);
  const last = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target;
}

/** `10 y` → "10 years", for messages. */
export function describePeriod(rule: Pick<RetentionRule, 'value' | 'unit'>): string {
  const names: Record<RetentionUnit, string> = { d: 'day', w: 'week', mo: 'month', y: 'year' };
  return `${rule.value} ${names[rule.unit]}${rule.value === 1 ? '' : 's'}`;
}
