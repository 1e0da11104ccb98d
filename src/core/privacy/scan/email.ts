/**
 * E-mail addresses as people write them into forms (RFC 5322's dot-atom, not its quoted
 * local parts or comments, which nobody stores in a customer table). Whole value only:
 * text that mentions an address is `containsEmail`'s.
 */

/** RFC 5321 limits: 64 octets local part, 254 the whole path. */
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})$/;

/** One e-mail address, the whole (trimmed) value. */
export function isEmail(value: string): boolean {
  const v = value.trim();
  if (v.length > MAX_TOTAL || !v.includes('@')) return false;
  const at = v.lastIndexOf('@');
  if (at <= 0 || at > MAX_LOCAL) return false;
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  if (!LOCAL.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  return labels.every((label) => LABEL.test(label)) && TLD.test(tld);
}

/** Candidate addresses inside free text: a run of address characters around one `@`. */
const EMBEDDED = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}/g;

/** Free text that mentions at least one e-mail address ("bitte an … senden"). */
export function containsEmail(value: string): boolean {
  if (!value.includes('@')) return false;
  for (const match of value.matchAll(EMBEDDED)) {
    // Sentence punctuation sticks to the candidate on both sides.
    const candidate = match[0].replace(/^[.]+/, '').replace(/[.-]+$/, '');
    if (isEmail(candidate)) return true;
  }
  return false;
}

/** "name(at)example.de", "name [at] example.de": addresses written to fool harvesters. */
const OBFUSCATED_AT = /\s?[([{]\s?at\s?[)\]}]\s?/i;

/** An address written with `(at)` or `[at]` for the `@`. */
export function isObfuscatedEmail(value: string): boolean {
  const v = value.trim();
  if (v.length > 270 || v.includes('@')) return false;
  const parts = v.split(OBFUSCATED_AT);
  return parts.length === 2 && isEmail(`${parts[0]}@${parts[1]}`);
}
