import { createHash, createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { normaliseSubjectValue } from '../../core/privacy/subject-keys.ts';
import { MeshworkError } from '../errors.ts';
import { loadPseudonymKey } from '../port-data/pseudonym-key.ts';

/**
 * The keyed hash that stands for a person wherever Meshwork must remember one without
 * holding who they are: suppressions, erasure tasks, the audit entries of `dsr find`,
 * `export` and `erase`. HMAC-SHA-256 of the normalised identifier (`normaliseSubjectValue`)
 * under a key of its own: `MESHWORK_SUBJECT_KEY`, or else derived from the workspace's
 * pseudonym key (`.meshwork/pseudonym.key` / `MESHWORK_PSEUDONYM_KEY`) with a label of its
 * own, so a subject hash is never a consumer's pseudonym. Keyed, not a plain SHA-256: an
 * e-mail address is guessable, and a plain hash of it in the store or the audit trail
 * would name the person to anyone who tries the address.
 *
 * Changing the key orphans every suppression made before (the build can no longer match
 * them), so a team server sets `MESHWORK_SUBJECT_KEY` once and keeps it.
 */
export const SUBJECT_KEY_ENV = 'MESHWORK_SUBJECT_KEY';
const MIN_KEY_LENGTH = 32;
const DERIVATION_LABEL = 'meshwork-subject-hash:v1';
/** SHA-256's block size: HMAC pads its key to it. */
const BLOCK = 64;

/** The secret, kept out of logs: printing or serialising it shows a placeholder. */
export class SubjectHashKey {
  readonly #secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < MIN_KEY_LENGTH / 2)
      throw new MeshworkError('usage', 'a subject hash key needs at least 16 bytes');
    this.#secret = Buffer.from(secret);
  }

  /** HMAC-SHA-256 of `message`, hex. */
  hmac(message: string): string {
    return createHmac('sha256', this.#secret).update(message, 'utf8').digest('hex');
  }

  /**
   * HMAC's two padded keys, for an engine that has SHA-256 but no HMAC (DuckDB, PostgreSQL
   * without pgcrypto): `hmac(m) = sha256(outer || sha256(inner || m))` (RFC 2104). Bind
   * them as parameters; they are as secret as the key.
   */
  pads(): { readonly inner: Buffer; readonly outer: Buffer } {
    const block = Buffer.alloc(BLOCK);
    (this.#secret.length > BLOCK
      ? createHash('sha256').update(this.#secret).digest()
      : this.#secret
    ).copy(block);
    const inner = Buffer.alloc(BLOCK);
    const outer = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      inner[i] = (block[i] ?? 0) ^ 0x36;
      outer[i] = (block[i] ?? 0) ^ 0x5c;
    }
    return { inner, outer };
  }

  toString(): string {
    return '[subject hash key]';
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** The key from `MESHWORK_SUBJECT_KEY`, or derived from the workspace's pseudonym key. */
export async function loadSubjectHashKey(
  workspaceRoot: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SubjectHashKey> {
  const given = env[SUBJECT_KEY_ENV];
  if (given !== undefined && given !== '') {
    if (given.length < MIN_KEY_LENGTH)
      throw new MeshworkError(
        'usage',
        `${SUBJECT_KEY_ENV} must have at least ${MIN_KEY_LENGTH} characters (e.g. \`openssl rand -hex 32\`).`,
      );
    return new SubjectHashKey(Buffer.from(given, 'utf8'));
  }
  return subjectHashKeyFromPseudonymKey(await loadPseudonymKey(workspaceRoot, env));
}

export function subjectHashKeyFromPseudonymKey(masterKey: string): SubjectHashKey {
  return new SubjectHashKey(createHmac('sha256', masterKey).update(DERIVATION_LABEL).digest());
}

/**
 * The subject hash of an identifier as given (`anna@example.com`, ` Anna@Example.com `
 * hash alike): hex, 64 characters. The kind is not part of it — a suppression names its
 * kind beside the hash — so an engine hashes a column's normalised text and nothing else.
 */
export function subjectHash(key: SubjectHashKey, value: string): string {
  return key.hmac(normaliseSubjectValue(value));
}
