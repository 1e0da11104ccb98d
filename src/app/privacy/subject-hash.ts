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
 * them), so a team server sets `MESHWORK_SUBJECT_KEY` once and keeps it. Each suppression
 * and task therefore names the key's `fingerprint()`, and whoever uses them compares it
 * (`subject-key-check.ts`): another key is an error, never "0 rows suppressed". A shared
 * store (PostgreSQL) requires `MESHWORK_SUBJECT_KEY` (`sharedStore`): a key derived from
 * each checkout's own random pseudonym key would differ on every machine.
 */
export const SUBJECT_KEY_ENV = 'MESHWORK_SUBJECT_KEY';
const MIN_KEY_LENGTH = 32;
const MIN_KEY_BYTES = 16;
/** SHA-256's block size: HMAC pads its key to it. */
const BLOCK = 64;
const DERIVATION_LABEL = 'meshwork-subject-hash:v1';
const FINGERPRINT_LABEL = 'meshwork subject key fingerprint v1';
/** 16 hex digits (64 bits): enough to tell keys apart, nothing to learn the key from. */
const FINGERPRINT_LENGTH = 16;

/**
 * The secret, kept out of logs: printing or serialising it shows a placeholder. It never
 * leaves this object: an engine that hashes subjects itself (the port rewrite, the build's
 * suppression in DuckDB) gets HMAC's padded keys (`pads()`, the engines' `HmacKey`).
 */
export class SubjectHashKey {
  readonly #secret: Buffer;
  /** Where the key came from, for messages: `MESHWORK_SUBJECT_KEY` or the derivation. */
  readonly origin: string;

  /** Text is keyed with its UTF-8 bytes. */
  constructor(secret: string | Uint8Array, origin = 'given') {
    const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (bytes.length < MIN_KEY_BYTES)
      throw new MeshworkError('usage', `a subject hash key needs at least ${MIN_KEY_BYTES} bytes`);
    this.#secret = bytes;
    this.origin = origin;
  }

  /**
   * Names the key without revealing it (an HMAC under the key of a fixed label): stored
   * with every suppression and task, compared by everyone who uses them.
   */
  fingerprint(): string {
    return this.hmac(FINGERPRINT_LABEL).slice(0, FINGERPRINT_LENGTH);
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

export interface SubjectKeyOptions {
  /**
   * The store is shared by several machines (PostgreSQL): the key must then be given in
   * `MESHWORK_SUBJECT_KEY`, never derived, or each checkout and CI runner hashes people
   * with a key of its own and matches none of the others' suppressions.
   */
  readonly sharedStore?: boolean;
}

/** The key from `MESHWORK_SUBJECT_KEY`, or derived from the workspace's pseudonym key. */
export async function loadSubjectHashKey(
  workspaceRoot: string,
  env: Readonly<Record<string, string | undefined>>,
  options: SubjectKeyOptions = {},
): Promise<SubjectHashKey> {
  const given = env[SUBJECT_KEY_ENV];
  if (given !== undefined && given !== '') {
    if (given.length < MIN_KEY_LENGTH)
      throw new MeshworkError(
        'usage',
        `${SUBJECT_KEY_ENV} must have at least ${MIN_KEY_LENGTH} characters (e.g. \`openssl rand -hex 32\`).`,
      );
    return new SubjectHashKey(given, SUBJECT_KEY_ENV);
  }
  if (options.sharedStore === true)
    throw new MeshworkError(
      'usage',
      `the store is a shared PostgreSQL database (MESHWORK_DATABASE_URL), so every checkout, CI runner and server must hash data subjects with the same key: set ${SUBJECT_KEY_ENV} to the team's subject key (at least ${MIN_KEY_LENGTH} characters; make it once with \`openssl rand -hex 32\` and give every machine the same value). Without it this machine would derive a key of its own and not recognise people erased elsewhere.`,
    );
  return subjectHashKeyFromPseudonymKey(await loadPseudonymKey(workspaceRoot, env));
}

export function subjectHashKeyFromPseudonymKey(masterKey: string): SubjectHashKey {
  return new SubjectHashKey(
    createHmac('sha256', masterKey).update(DERIVATION_LABEL).digest('hex'),
    "derived from the workspace's pseudonym key (.meshwork/pseudonym.key or MESHWORK_PSEUDONYM_KEY)",
  );
}

/**
 * The subject hash of an identifier as given (`anna@example.com`, ` Anna@Example.com `
 * hash alike): hex, 64 characters. The kind is not part of it — a suppression names its
 * kind beside the hash — so an engine hashes a column's normalised text and nothing else.
 */
export function subjectHash(key: SubjectHashKey, value: string): string {
  return key.hmac(normaliseSubjectValue(value));
}
