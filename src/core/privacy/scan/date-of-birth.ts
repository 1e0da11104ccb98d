/**
 * Dates of birth. One value cannot be told from any other date, so the column decides:
 * its dates lie in a living person's range (age 0–120, none in the future), carry no
 * time of day, and spread over many days and years, as a population's birthdays do —
 * unlike order dates (the last few years), timestamps (a time of day) or one default date.
 */

const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365.2425;
const MAX_AGE_YEARS = 120;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$|^(\d{1,2})-(\d{1,2})-(\d{4})$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$|^(\d{4})\/(\d{2})\/(\d{2})$/;

/** A calendar date as a UTC day number, and whether the value carried a time of day. */
export interface ParsedDate {
  readonly day: number;
  readonly timeOfDay: boolean;
}

function dayNumber(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 31 February over into March; a real date survives the round trip.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return Math.floor(ms / MS_PER_DAY);
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * ISO (`1985-03-12`, with an optional time), German (`12.3.1985`, `12-03-1985`) or slashed
 * dates; `19850312` only when `compact` is asked for (a column named as birth dates), since
 * eight digits are as often a number.
 */
export function parseDate(value: string, compact = false): ParsedDate | undefined {
  const v = value.trim();
  if (v.length > 40) return undefined;
  const eight = compact ? COMPACT.exec(v) : null;
  if (eight) {
    const day = dayNumber(Number(eight[1]), Number(eight[2]), Number(eight[3]));
    return day === undefined ? undefined : { day, timeOfDay: false };
  }
  const iso = ISO.exec(v);
  if (iso) {
    const day = dayNumber(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (day === undefined) return undefined;
    const time = [iso[4], iso[5], iso[6]].some((part) => part !== undefined && Number(part) !== 0);
    return { day, timeOfDay: time };
  }
  const german = GERMAN.exec(v);
  if (german) {
    const [d, m, y] = german[1] !== undefined ? german.slice(1, 4) : german.slice(4, 7);
    const day = dayNumber(Number(y), Number(m), Number(d));
    return day === undefined ? undefined : { day, timeOfDay: false };
  }
  const slashed = SLASHED.exec(v);
  if (slashed) {
    // Day first as in Europe; a year-first form is unambiguous.
    const day =
      slashed[1] !== undefined
        ? dayNumber(Number(slashed[3]), Number(slashed[2]), Number(slashed[1]))
        : dayNumber(Number(slashed[4]), Number(slashed[5]), Number(slashed[6]));
    return day === undefined ? undefined : { day, timeOfDay: false };
  }
  return undefined;
}

const TWO_DIGIT_YEAR = /^(\d{1,2}\.\d{1,2}\.)(\d{2})$/;

/**
 * "12.3.85" → "12.3.1985": a two-digit year is in this century when that is not in the
 * future, else in the last. Only for columns named as birth dates.
 */
function fourDigitYear(value: string, thisYear: number): string {
  const short = TWO_DIGIT_YEAR.exec(value.trim());
  if (!short) return value;
  const yy = Number(short[2]);
  return `${short[1]}${yy <= thisYear ? 2000 + yy : 1900 + yy}`;
}

/** What the column's dates say about being birth dates. */
export interface BirthDateAssessment {
  /** Values that are a date without a time of day, of a living person's age (0–120). */
  readonly plausible: number;
  /** Values that are dates at all (any range, with or without a time). */
  readonly dates: number;
  readonly withTimeOfDay: number;
  readonly inFuture: number;
  readonly distinctDays: number;
  /** Median age in years over the plausible dates. */
  readonly medianAge: number;
  /** Years between the 10th and the 90th percentile of the plausible dates. */
  readonly spreadYears: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Assesses the column's values against today's date (passed in: core reads no clock);
 * `compact` (the column is named as birth dates) reads `YYYYMMDD` and two-digit years too.
 */
export function assessBirthDates(
  values: readonly string[],
  today: Date,
  compact = false,
): BirthDateAssessment {
  const todayDay = Math.floor(today.getTime() / MS_PER_DAY);
  const oldest = todayDay - MAX_AGE_YEARS * DAYS_PER_YEAR;
  let dates = 0;
  let withTimeOfDay = 0;
  let inFuture = 0;
  const plausibleDays: number[] = [];
  const thisYear = today.getUTCFullYear() % 100;
  for (const value of values) {
    const parsed = parseDate(compact ? fourDigitYear(value, thisYear) : value, compact);
    if (!parsed) continue;
    dates++;
    if (parsed.timeOfDay) withTimeOfDay++;
    if (parsed.day > todayDay) inFuture++;
    if (!parsed.timeOfDay && parsed.day <= todayDay && parsed.day >= oldest)
      plausibleDays.push(parsed.day);
  }
  const sorted = plausibleDays.sort((a, b) => a - b);
  const ageOf = (day: number): number => (todayDay - day) / DAYS_PER_YEAR;
  return {
    plausible: sorted.length,
    dates,
    withTimeOfDay,
    inFuture,
    distinctDays: new Set(sorted).size,
    medianAge: sorted.length === 0 ? 0 : ageOf(percentile(sorted, 0.5)),
    spreadYears:
      sorted.length === 0 ? 0 : (percentile(sorted, 0.9) - percentile(sorted, 0.1)) / DAYS_PER_YEAR,
  };
}
