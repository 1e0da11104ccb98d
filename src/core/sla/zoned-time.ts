/**
 * Wall-clock times in an IANA time zone without a library: `Intl` knows the zones and their
 * rules (Node ships full ICU), so a local time is turned into UTC by asking `Intl` for the
 * zone's offset at a first guess and correcting once — twice covers a daylight-saving
 * change between the guess and the answer.
 */

export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

/** Whether `Intl` knows the zone (an unknown one throws a RangeError there). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time of `at` in the zone. */
export function localParts(
  at: Date,
  timeZone: string,
): LocalDate & { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** The instant of a wall-clock time in the zone (a time skipped by daylight saving lands after the gap). */
export function zonedInstant(
  date: LocalDate,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const seen = localParts(new Date(guess), timeZone);
    const seenAsUtc = Date.UTC(
      seen.year,
      seen.month - 1,
      seen.day,
      seen.hour,
      seen.minute,
      seen.second,
    );
    guess += wanted - seenAsUtc;
  }
  return new Date(guess);
}

/** The calendar day `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
