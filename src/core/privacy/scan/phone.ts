/**
 * Telephone numbers: international (E.164 with `+` or the `00` prefix) and the national
 * formats of Germany, Austria and Switzerland (trunk prefix 0, area code, subscriber
 * number), with the separators people type: spaces, `/`, `-` and the area code in
 * parentheses. Dots are not allowed and a date-shaped value is not a number: "01.03.1985" and
 * "01-03-1985" are dates.
 */

/** Characters a written number may hold, before the digits are counted. */
const WRITTEN = /^(?:\+|00)?[\d ()/-]+$/;
/** At most one pair of parentheses, around the area code ("(030) 1234567", "+49 (0)30 …"). */
const PARENS = /^[^()]*(?:\(\d{1,5}\)[^()]*)?$/;
/** Separators between digit groups, never doubled or at the ends. */
const GROUPS = /^(?:\+|00)?\(?\d+\)?(?:(?: ?[/-] ?| )\(?\d+\)?)*$/;

/** ITU-T E.164: a country code 1–3 digits, at most 15 digits, never 0 first. */
const E164 = /^[1-9]\d{6,14}$/;
/** DACH national numbers: 0, then an area code not starting with 0, 7–13 digits in all. */
const NATIONAL = /^0[1-9]\d{5,11}$/;
/** The "+49 (0)30 …" habit: a trunk zero written after the country code. */
const TRUNK_AFTER_COUNTRY = /^(\+|00)(\d{1,3}) ?\(0\)/;

/** "01-03-1985", "01/03/1985": a date written with the separators a number may have. */
const DATE_SHAPED = /^\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d{2}$/;

/** Digits of a well-formed written number, or undefined. */
function digitsOf(v: string): string | undefined {
  if (v.length > 32 || !WRITTEN.test(v) || !PARENS.test(v) || !GROUPS.test(v)) return undefined;
  return v.replace(/[^\d+]/g, '');
}

/** A telephone number in international or DE/AT/CH national format. */
export function isPhoneNumber(value: string): boolean {
  const v = value.trim().replace(TRUNK_AFTER_COUNTRY, '$1$2 ');
  if (DATE_SHAPED.test(v)) return false;
  const digits = digitsOf(v);
  if (digits === undefined) return false;
  if (digits.startsWith('+')) return E164.test(digits.slice(1));
  if (digits.startsWith('00')) return E164.test(digits.slice(2));
  return NATIONAL.test(digits);
}
