/**
 * Payment card numbers (PAN): a known issuer range (IIN) with one of its lengths, and the
 * Luhn check. Random 16-digit numbers pass Luhn one time in ten, so the IIN ranges and the
 * column's match ratio do the rest.
 */

interface IssuerRange {
  readonly from: number;
  readonly to: number;
  /** How many leading digits `from`/`to` cover. */
  readonly digits: number;
  readonly lengths: readonly number[];
}

function range(from: number, to: number, lengths: readonly number[]): IssuerRange {
  return { from, to, digits: String(from).length, lengths };
}

/** The major schemes' published IIN ranges and lengths. */
const ISSUERS: readonly IssuerRange[] = [
  range(4, 4, [13, 16, 19]), // Visa
  range(51, 55, [16]), // Mastercard
  range(2221, 2720, [16]), // Mastercard 2-series
  range(34, 34, [15]), // American Express
  range(37, 37, [15]),
  range(6011, 6011, [16, 17, 18, 19]), // Discover
  range(644, 649, [16, 17, 18, 19]),
  range(65, 65, [16, 17, 18, 19]),
  range(3528, 3589, [16, 17, 18, 19]), // JCB
  range(300, 305, [14, 15, 16, 17, 18, 19]), // Diners Club
  range(36, 36, [14, 15, 16, 17, 18, 19]),
  range(38, 39, [16, 17, 18, 19]),
  range(62, 62, [16, 17, 18, 19]), // UnionPay
  range(50, 50, [12, 13, 14, 15, 16, 17, 18, 19]), // Maestro
  range(56, 58, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(63, 63, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(67, 67, [12, 13, 14, 15, 16, 17, 18, 19]),
];

/** Digits only; printed numbers come in groups separated by spaces or hyphens. */
const PRINTED = /^\d{4}(?:[ -]?\d{2,7}){1,4}$|^\d{12,19}$/;

/** The Luhn (mod 10) check over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function knownIssuer(digits: string): boolean {
  return ISSUERS.some((issuer) => {
    const prefix = Number(digits.slice(0, issuer.digits));
    return prefix >= issuer.from && prefix <= issuer.to && issuer.lengths.includes(digits.length);
  });
}

/** A card number: printed or plain, a known issuer with its length, Luhn-valid. */
export function isCardNumber(value: string): boolean {
  const v = value.trim();
  if (v.length > 32 || !PRINTED.test(v)) return false;
  const digits = v.replace(/[ -]/g, '');
  if (digits.length < 12 || digits.length > 19) return false;
  return knownIssuer(digits) && luhnValid(digits);
}
