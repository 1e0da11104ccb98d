/**
 * String formats of `logicalTypeOptions.format`, as ECMA-262 patterns that every engine's
 * regex flavour reads the same way (no lookaround, no backreferences, no \d shorthands
 * that differ between POSIX and RE2).
 */
export const STRING_FORMATS: Readonly<Record<string, string>> = {
  email: '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$',
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  uri: '^[a-zA-Z][a-zA-Z0-9+.-]*:[^[:space:]]*$',
  ipv4: '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$',
  ipv6: '^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?::(([0-9a-fA-F]{1,4}:){0,7}[0-9a-fA-F]{1,4})?)$',
  date: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  'date-time':
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$',
  time: '^[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?$',
};

/**
 * A date pattern in the Java/Unicode style contracts use (`yyyy-MM-dd`, `dd.MM.yyyy`) as
 * a strftime pattern, which DuckDB's strptime and the other engines' parsers read.
 */
export function toStrftime(format: string): string {
  return format
    .replaceAll('%', '%%')
    .replace(/yyyy|YYYY/g, '%Y')
    .replace(/yy/g, '%y')
    .replace(/MM/g, '%m')
    .replace(/dd/g, '%d')
    .replace(/HH/g, '%H')
    .replace(/mm/g, '%M')
    .replace(/ss/g, '%S')
    .replace(/SSS/g, '%g');
}

/** Seconds per SLA unit (ODCS examples use d, day, days, h, hours, m, min, s …). */
export function secondsPerUnit(unit: string | undefined): number | undefined {
  const normalized = (unit ?? 'd').trim().toLowerCase();
  if (['d', 'day', 'days'].includes(normalized)) return 86_400;
  if (['h', 'hr', 'hour', 'hours'].includes(normalized)) return 3_600;
  if (['m', 'min', 'mins', 'minute', 'minutes'].includes(normalized)) return 60;
  if (['s', 'sec', 'second', 'seconds'].includes(normalized)) return 1;
  if (['w', 'week', 'weeks'].includes(normalized)) return 604_800;
  if (['y', 'yr', 'year', 'years'].includes(normalized)) return 31_536_000;
  if (['month', 'months'].includes(normalized)) return 2_592_000;
  return undefined;
}
