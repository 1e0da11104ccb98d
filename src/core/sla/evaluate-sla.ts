import { secondsPerUnit, slaAmount } from '../quality/index.ts';
import type { SlaKind } from './incident-model.ts';
import {
  addDays,
  formatLocalDate,
  isKnownTimeZone,
  localParts,
  zonedInstant,
} from './zoned-time.ts';

/** One monitored SLA of one output contract, as the mesh declares it. */
export interface SlaPromise {
  readonly port: string;
  readonly contractId: string;
  /** Its key within the contract: the SLA's `id`, else its kind (`kind[n]` for a second one). */
  readonly sla: string;
  readonly kind: SlaKind;
  readonly value: unknown;
  readonly unit: string | null;
  /** `object.column` the SLA is measured on (its `element`, else the contract's default). */
  readonly element: { readonly object: string; readonly column: string } | null;
  /** For people: `latency ≤ 1 d`, `timeOfAvailability 09:00`. */
  readonly promised: string;
}

export type SlaState = 'met' | 'breached' | 'unknown';

/**
 * Why an SLA could not be evaluated. Stable codes: the portal translates them, the message
 * says the same in English for the API and logs.
 */
export type SlaUnknownReason =
  | 'not-built'
  | 'no-element'
  | 'invalid-amount'
  | 'invalid-time'
  | 'invalid-time-zone'
  | 'no-data'
  | 'measure-failed';

export interface SlaEvaluation extends SlaPromise {
  readonly state: SlaState;
  /** Set exactly when `state` is `unknown`. */
  readonly reason: SlaUnknownReason | null;
  readonly message: string;
  /** What was measured: an ISO time or a duration in seconds, as text; null when nothing was. */
  readonly observed: string | null;
}

/** What the engine measured of a latency SLA's element in the served snapshot. */
export type AgeMeasure =
  | { readonly ok: true; readonly ageSeconds: number | null }
  | { readonly ok: false; readonly message: string };

const KIND_BY_PROPERTY: Readonly<Record<string, SlaKind>> = {
  latency: 'latency',
  freshness: 'latency',
  frequency: 'frequency',
  timeofavailability: 'timeOfAvailability',
};

/** The monitored SLAs among a contract's `slaProperties` (others are declared only). */
export function slaPromisesOf(
  port: string,
  contractId: string,
  slaProperties: readonly Readonly<Record<string, unknown>>[],
  defaultElement: string | null = null,
): SlaPromise[] {
  const seen = new Map<string, number>();
  const promises: SlaPromise[] = [];
  for (const sla of slaProperties) {
    if (typeof sla.property !== 'string') continue;
    const kind = KIND_BY_PROPERTY[sla.property.trim().toLowerCase()];
    if (kind === undefined) continue;
    const count = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, count);
    const key =
      typeof sla.id === 'string' && sla.id.trim() !== ''
        ? sla.id
        : count === 1
          ? kind
          : `${kind}[${count}]`;
    const unit = typeof sla.unit === 'string' ? sla.unit : null;
    const elementText = typeof sla.element === 'string' ? sla.element : defaultElement;
    promises.push({
      port,
      contractId,
      sla: key,
      kind,
      value: sla.value,
      unit,
      element: parseElement(elementText),
      promised:
        kind === 'timeOfAvailability'
          ? `timeOfAvailability ${String(sla.value)}`
          : `${kind} ≤ ${String(sla.value)} ${unit ?? 'd'}`,
    });
  }
  return promises;
}

function parseElement(text: string | null): SlaPromise['element'] {
  const first = text?.split(',')[0]?.trim();
  if (!first) return null;
  const dot = first.lastIndexOf('.');
  if (dot <= 0 || dot === first.length - 1) return null;
  return { object: first.slice(0, dot), column: first.slice(dot + 1) };
}

/** The promised amount in seconds, or why there is none. */
function limitSeconds(promise: SlaPromise): number | SlaEvaluation {
  const amount = slaAmount(promise.value);
  const perUnit = secondsPerUnit(promise.unit ?? undefined);
  if (!Number.isFinite(amount) || amount <= 0 || perUnit === undefined)
    return unknown(
      promise,
      'invalid-amount',
      `${promise.kind} needs a positive number as value and a unit (s, m, h, d, w, month, y); got ${JSON.stringify(promise.value)} ${promise.unit ?? ''}`.trim(),
    );
  return amount * perUnit;
}

/**
 * Latency (freshness): the newest value of the SLA's element in the served data is at most
 * the promised age. The age is the engine's, measured in the same statement as `now()`.
 */
export function evaluateLatency(
  promise: SlaPromise,
  builtAt: string | null,
  measure: AgeMeasure | null,
): SlaEvaluation {
  const limit = limitSeconds(promise);
  if (typeof limit !== 'number') return limit;
  if (promise.element === null)
    return unknown(
      promise,
      'no-element',
      'the SLA names no element (object.column) to read the newest value from; set "element" on it or "slaDefaultElement" on the contract',
    );
  if (builtAt === null || measure === null)
    return unknown(promise, 'not-built', `port "${promise.port}" has no served snapshot yet`);
  if (!measure.ok) return unknown(promise, 'measure-failed', measure.message);
  if (measure.ageSeconds === null)
    return unknown(
      promise,
      'no-data',
      `${promise.element.object}.${promise.element.column} has no value in the served snapshot`,
    );
  const age = Math.round(measure.ageSeconds);
  const observed = `${age} s`;
  return age <= limit
    ? judged(
        promise,
        'met',
        `the newest value is ${age} s old (at most ${limit} s promised)`,
        observed,
      )
    : judged(
        promise,
        'breached',
        `the newest value is ${age} s old; at most ${limit} s were promised`,
        observed,
      );
}

/** Frequency: the last successful build (the served snapshot) is at most one period old. */
export function evaluateFrequency(
  promise: SlaPromise,
  builtAt: string | null,
  now: Date,
): SlaEvaluation {
  const limit = limitSeconds(promise);
  if (typeof limit !== 'number') return limit;
  if (builtAt === null)
    return unknown(promise, 'not-built', `port "${promise.port}" has no served snapshot yet`);
  const age = Math.round((now.getTime() - Date.parse(builtAt)) / 1000);
  return age <= limit
    ? judged(promise, 'met', `last successful build ${builtAt}, within ${limit} s`, builtAt)
    : judged(
        promise,
        'breached',
        `last successful build ${builtAt} is ${age} s ago; every ${limit} s was promised`,
        builtAt,
      );
}

const TIME_OF_DAY = /^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:-.*)?$/;

/**
 * Time of availability: the data of a day is there by the promised wall-clock time in the
 * mesh's time zone — once that time has passed today, a build of today must be served;
 * before it, one of yesterday. ODCS writes it as `09:00` or a window `09:00-08:00`, whose
 * start is the promise.
 */
export function evaluateTimeOfAvailability(
  promise: SlaPromise,
  builtAt: string | null,
  now: Date,
  timeZone: string,
): SlaEvaluation {
  const match = typeof promise.value === 'string' ? TIME_OF_DAY.exec(promise.value) : null;
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59)
    return unknown(
      promise,
      'invalid-time',
      `timeOfAvailability needs a time of day "HH:MM" (or a window "HH:MM-HH:MM"); got ${JSON.stringify(promise.value)}`,
    );
  if (!isKnownTimeZone(timeZone))
    return unknown(promise, 'invalid-time-zone', `the mesh's time zone "${timeZone}" is not known`);
  if (builtAt === null)
    return unknown(promise, 'not-built', `port "${promise.port}" has no served snapshot yet`);
  const today = localParts(now, timeZone);
  const dueToday = zonedInstant(today, hour, minute, timeZone);
  const day = now >= dueToday ? today : addDays(today, -1);
  const dayStart = zonedInstant(day, 0, 0, timeZone);
  const time = `${match[1]!.padStart(2, '0')}:${match[2]}`;
  return Date.parse(builtAt) >= dayStart.getTime()
    ? judged(
        promise,
        'met',
        `the data of ${formatLocalDate(day)} is served (built ${builtAt})`,
        builtAt,
      )
    : judged(
        promise,
        'breached',
        `the data of ${formatLocalDate(day)} was due by ${time} (${timeZone}); the served snapshot was built ${builtAt}`,
        builtAt,
      );
}

function judged(
  promise: SlaPromise,
  state: 'met' | 'breached',
  message: string,
  observed: string,
): SlaEvaluation {
  return { ...promise, state, reason: null, message, observed };
}

function unknown(promise: SlaPromise, reason: SlaUnknownReason, message: string): SlaEvaluation {
  return { ...promise, state: 'unknown', reason, message, observed: null };
}
