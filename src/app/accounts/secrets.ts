import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random secret (session id, CSRF token, API token body), URL- and cookie-safe. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Session ids and API tokens are stored as SHA-256 only: they are high-entropy random
 * values, so a fast hash is enough (unlike passwords) and a leaked store holds nothing
 * that can be replayed.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two secrets without leaking through timing where they first differ. */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
