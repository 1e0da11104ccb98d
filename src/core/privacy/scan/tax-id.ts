/**
 * The German tax identification number (Steuerliche Identifikationsnummer, § 139b AO):
 * 11 digits, no leading zero, check digit after ISO 7064 MOD 11,10, and the BZSt's
 * digit rule for the first ten: exactly one digit occurs twice or three times (three
 * times never all side by side), every other digit at most once.
 */

const SHAPE = /^\d{11}$|^\d{2} ?\d{3} ?\d{3} ?\d{3}$/;

/** ISO 7064 MOD 11,10 over the first ten digits: the eleventh. */
export function steuerIdCheckDigit(first10: string): number {
  let product = 10;
  for (const char of first10) {
    let sum = (Number(char) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** The digit-repetition rule over the first ten digits. */
export function steuerIdDigitsValid(first10: string): boolean {
  const counts = new Array<number>(10).fill(0);
  for (const char of first10) counts[Number(char)]! += 1;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1) return false;
  const times = repeated[0]!;
  if (times > 3) return false;
  if (times === 3) {
    const digit = counts.indexOf(3);
    if (first10.includes(String(digit).repeat(3))) return false;
  }
  return true;
}

/** A valid Steuer-ID, written plain or in the printed groups "12 345 678 901". */
export function isSteuerId(value: string): boolean {
  const v = value.trim();
  if (v.length > 16 || !SHAPE.test(v)) return false;
  const digits = v.replace(/ /g, '');
  if (digits.startsWith('0')) return false;
  const first10 = digits.slice(0, 10);
  return steuerIdDigitsValid(first10) && steuerIdCheckDigit(first10) === Number(digits[10]);
}
