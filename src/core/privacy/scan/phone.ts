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

/** DACH country code and a national number, as a whole number keeps it (`4930123456`). */
const WHOLE_NUMBER = /^(?:49[1-9]\d{5,12}|43[1-9]\d{3,12}|41[1-9]\d{8})$/;

/**
 * A phone number stored as a whole number: the `+` or `00` is lost, the country code of
 * Germany, Austria or Switzerland remains. Only for columns named as phone numbers.
 */
export function isWholeNumberPhone(value: string): boolean {
  return WHOLE_NUMBER.test(value.trim());
}

/** A number in text: starts a word with `+` or `0`, digits and separators after. */
const EMBEDDED = /(?:^|[\s:,;(])((?:\+|0)[\d ()/-]{6,24}\d)/g;
const MIN_EMBEDDED_DIGITS = 8;

/**
 * Free text that mentions a phone number ("Ehefrau Anna, 0171 1234567"). Shorter runs, runs
 * glued to a letter or hyphen ("RE-0234567") and runs after other digit groups (an IBAN's
 * "3704 0044 0532") are left alone: they are references or parts of other numbers.
 */
export function containsPhoneNumber(value: string): boolean {
  if (value.length > 1000 || !/\d{2}/.test(value)) return false;
  for (const match of value.matchAll(EMBEDDED)) {
    // Digit groups before it ("DE89 3704 0044 …") make it part of another number.
    const before = value.slice(0, match.index).trimEnd();
    if (/\d$/.test(before)) continue;
    const candidate = match[1]!.trim();
    if (candidate.replace(/\D/g, '').length >= MIN_EMBEDDED_DIGITS && isPhoneNumber(candidate))
      return true;
  }
  return false;
}
