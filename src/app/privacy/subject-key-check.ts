import { MeshworkError } from '../errors.ts';
import type { MeshworkStore } from '../store/store.ts';
import { SUBJECT_KEY_ENV } from './subject-hash.ts';
import type { SubjectHashKey } from './subject-hash.ts';

/**
 * Refuses a key that is not the one stored people were hashed with (issue 11, M3). With
 * another key a build matches none of the suppressions and reports "0 rows suppressed",
 * an erasure adds suppressions no other machine can match, and an audit entry's hash names
 * no one the others know: each would look fine and be wrong. `stored` are the fingerprints
 * of the suppressions that concern the caller (all, or those of a port's kinds).
 */
export function assertSubjectKeyMatches(
  key: SubjectHashKey,
  stored: readonly string[],
  what: string,
): void {
  const mine = key.fingerprint();
  const others = [...new Set(stored)].filter((fingerprint) => fingerprint !== mine).sort();
  if (others.length === 0) return;
  const expected = others.map((fingerprint) => `"${fingerprint}"`).join(', ');
  throw new MeshworkError(
    'conflict',
    `${what}: the store's suppressions of erased people were made with the subject hash key with fingerprint ${expected}, but the key in use (${key.origin}) has fingerprint "${mine}", so erased people would not be recognised. Set ${SUBJECT_KEY_ENV} to the key with fingerprint ${expected} — the same value on every machine that uses this store${key.origin === SUBJECT_KEY_ENV ? `; if the suppressions were made with the workspace's derived key, unset ${SUBJECT_KEY_ENV} on the machine that holds it` : ''}.`,
  );
}

/** `assertSubjectKeyMatches` against every suppression in the store. */
export async function assertStoreSubjectKey(
  store: MeshworkStore,
  key: SubjectHashKey,
  what: string,
): Promise<void> {
  assertSubjectKeyMatches(key, await store.suppressions.keyFingerprints(), what);
}
