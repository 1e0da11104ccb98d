import { z } from 'zod';

/**
 * The string formats the Bitol JSON Schemas use (`uri`, `date`, `date-time`), with the
 * semantics of the validator upstream checks its schemas with: ajv in draft 2019-09 mode
 * with ajv-formats in its default "full" mode. Where that validator is more lenient than
 * the RFCs it cites, we follow it (noted below), so that a document upstream accepts is
 * accepted here and the other way round.
 */

// RFC 3986 (appendix A) built from its named rules; matched case-insensitively, ASCII only.
const PCT_ENCODED = '%[0-9a-f]{2}';
const UNRESERVED = 'a-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT_ENCODED})`;
const SCHEME = '[a-z][a-z0-9+\\-.]*';
const USERINFO = `(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT_ENCODED})*`;
// A leading zero in an octet ("01") is allowed, as ajv-formats allows it.
const DEC_OCTET = '(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)';
const IPV4 = `(?:${DEC_OCTET}\\.){3}${DEC_OCTET}`;
const H16 = '[0-9a-f]{1,4}';
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const IPV6 = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
].join('|');
const IPV_FUTURE = `v[0-9a-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+`;
const IP_LITERAL = `\\[(?:${IPV6}|${IPV_FUTURE})\\]`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT_ENCODED})*`;
const AUTHORITY = `(?:${USERINFO}@)?(?:${IP_LITERAL}|${IPV4}|${REG_NAME})(?::\\d*)?`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
// hier-part. Two deliberate deviations that mirror ajv-formats: the authority form also
// accepts a single slash ("scheme:/host"), and path-empty ("mailto:" alone) is rejected.
const HIER_PART = [
  `\\/?\\/${AUTHORITY}(?:\\/${SEGMENT})*`,
  `\\/(?:${SEGMENT_NZ}(?:\\/${SEGMENT})*)?`,
  `${SEGMENT_NZ}(?:\\/${SEGMENT})*`,
].join('|');
const QUERY_OR_FRAGMENT = `(?:${PCHAR}|[/?])*`;
const URI = new RegExp(
  `^${SCHEME}:(?:${HIER_PART})(?:\\?${QUERY_OR_FRAGMENT})?(?:#${QUERY_OR_FRAGMENT})?$`,
  'i',
);

/** An absolute URI (RFC 3986 `URI`): a scheme, then the rest, e.g. `https://…`, `mailto:…`. */
export function isUri(value: string): boolean {
  return URI.test(value);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** RFC 3339 `full-date`: `YYYY-MM-DD` naming a day that exists (leap years included). */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day >= 1 && day <= days;
}

// The offset may also be written "+hh" or "+hhmm" (RFC 3339 wants "+hh:mm"), as in ajv-formats.
const TIME = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(z|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/** RFC 3339 `full-time` with a required time zone; a leap second only at 23:59 UTC. */
function isTime(value: string): boolean {
  const match = TIME.exec(value);
  if (!match || match[4] === undefined) return false;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3]);
  const sign = match[5] === '-' ? -1 : 1;
  const offsetHour = Number(match[6] ?? 0);
  const offsetMinute = Number(match[7] ?? 0);
  if (offsetHour > 23 || offsetMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinute * sign;
  const utcHour = hour - offsetHour * sign - (utcMinute < 0 ? 1 : 0);
  return (
    (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61
  );
}

// Date and time are separated by "T", "t" or any white space, as in ajv-formats.
const DATE_TIME_SEPARATOR = /t|\s/i;

/** RFC 3339 `date-time` with a required time zone, e.g. `2024-05-01T12:00:00Z`. */
export function isDateTime(value: string): boolean {
  const parts = value.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && isDate(parts[0] ?? '') && isTime(parts[1] ?? '');
}

/*
 * Zod strings with these formats. The format name is what an `invalid-format` finding
 * shows ("… is not a valid <name>"), so it says what to write.
 */
export const uriString = (): z.ZodCustomStringFormat =>
  z.stringFormat(
    'URI with a scheme, e.g. https://example.com/docs or mailto:team@example.com',
    isUri,
  );

export const dateString = (): z.ZodCustomStringFormat =>
  z.stringFormat('date (YYYY-MM-DD)', isDate);

export const dateTimeString = (): z.ZodCustomStringFormat =>
  z.stringFormat('date-time with a time zone (RFC 3339), e.g. 2024-05-01T12:00:00Z', isDateTime);
