/**
 * Durations of SLA properties: a value with a unit (`4` + `d`), or an ISO 8601 duration
 * (`P4D`, `PT2H`). ODCS names `d, day, days` and `y, yr, years`; Meshwork also reads
 * seconds, minutes, hours, weeks and months. `m` is minutes (as in `5m`); months are `mo`,
 * `mon`, `month(s)` or the `M` of an ISO date part. Months and years are averages of the
 * Gregorian calendar, which is exact enough to order two durations.
 */
const SECONDS: Record<string, number> = {};

const DAY = 86_400;
const UNITS: readonly [readonly string[], number][] = [
  [['ms', 'millisecond', 'milliseconds'], 0.001],
  [['s', 'sec', 'secs', 'second', 'seconds'], 1],
  [['m', 'min', 'mins', 'minute', 'minutes'], 60],
  [['h', 'hr', 'hrs', 'hour', 'hours'], 3_600],
  [['d', 'day', 'days'], DAY],
  [['w', 'wk', 'wks', 'week', 'weeks'], 7 * DAY],
  [['mo', 'mon', 'month', 'months'], (365.2425 / 12) * DAY],
  [['y', 'yr', 'yrs', 'year', 'years'], 365.2425 * DAY],
];
for (const [names, seconds] of UNITS) for (const name of names) SECONDS[name] = seconds;

const ISO =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds, or undefined when the value or unit is not a duration Meshwork can read. */
export function durationSeconds(value: unknown, unit: string | undefined): number | undefined {
  if (unit === undefined && typeof value === 'string') {
    const iso = ISO.exec(value.trim().toUpperCase());
    if (!iso || value.trim().toUpperCase() === 'P' || value.trim().toUpperCase().endsWith('T'))
      return undefined;
    const [, y, mo, w, d, h, mi, s] = iso.map((part) => Number(part ?? 0));
    return (
      y! * SECONDS.y! + mo! * SECONDS.mo! + w! * SECONDS.w! + d! * DAY + h! * 3_600 + mi! * 60 + s!
    );
  }
  const amount = toNumber(value);
  if (amount === undefined || unit === undefined) return undefined;
  const factor = SECONDS[unit.trim().toLowerCase()];
  return factor === undefined ? undefined : amount * factor;
}

/** A number, or a numeric string (`"99.9"`, `"99.9%"`). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/%$/, '').trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
