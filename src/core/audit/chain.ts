/**
 * The audit trail as a hash chain (issue 10): every entry carries the hash of the one
 * before, so editing, deleting, inserting or reordering a stored entry breaks a link that
 * `verifyChain` finds and names.
 *
 * The hash function is passed in (`Sha256Hex`) rather than imported: core/ is pure and may
 * not use `node:crypto` (`.dependency-cruiser.cjs`, core-no-io-builtins), and a SHA-256
 * written here would be a second implementation of a primitive Node already has. Stores and
 * app/ pass `createHash('sha256')`; everything about *what* is hashed — the canonical JSON,
 * which fields, the genesis value, how a break is classified — stays here, in one place.
 */
export type Sha256Hex = (text: string) => string;

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditDetailValue = string | number | boolean | null;

/** An entry as its writer gives it; the store adds `seq`, `prevHash` and `hash`. */
export interface AuditEntryContent {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly details: Readonly<Record<string, AuditDetailValue>>;
}

export interface ChainLink {
  /** 1, 2, 3, … in the order of the chain. */
  readonly seq: number;
  /** The `hash` of the entry before, `GENESIS_HASH` for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of the entry without `seq` and `hash`. */
  readonly hash: string;
}

export type ChainedAuditEntry = AuditEntryContent & ChainLink;

/**
 * JSON with object keys sorted (by UTF-16 code units) and no whitespace; strings and
 * numbers as `JSON.stringify` writes them. For the values an audit entry holds this is the
 * JSON Canonicalization Scheme (RFC 8785), so the hashes can be checked with other tools.
 * Keys whose value is `undefined` are left out, as JSON leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The hash of an entry: everything it holds but `seq` and `hash`, with `prevHash`. `seq`
 * is left out on purpose: the order is fixed by the links, and `verifyChain` checks that
 * the numbers run 1, 2, 3 along them. A number outside the hash lets verification tell a
 * reordering (entries intact, links crossed) from an edit (an entry no longer matching its
 * hash) in both stores — PostgreSQL orders by the number, so a swap there changes numbers.
 */
export function entryHash(sha256: Sha256Hex, entry: object): string {
  const { seq: _seq, hash: _hash, ...hashed } = entry as Record<string, unknown>;
  return sha256(canonicalJson(hashed));
}

/**
 * What a store writes: exactly the fields of an entry (a caller's extra properties are not
 * stored by every store, so they are not hashed by any), strings made well-formed. A lone
 * surrogate or a NUL cannot be stored by PostgreSQL as it is (text columns take UTF-8
 * without NUL), so both become U+FFFD before hashing — the hash is over what is stored.
 */
export function normalizeAuditEntry(input: AuditEntryContent): AuditEntryContent {
  const details: Record<string, AuditDetailValue> = {};
  for (const [key, value] of Object.entries(input.details)) {
    if (value === undefined) continue;
    details[wellFormed(key)] =
      typeof value === 'string'
        ? wellFormed(value)
        : typeof value === 'number' && !Number.isFinite(value)
          ? null
          : value;
  }
  return {
    id: wellFormed(input.id),
    at: wellFormed(input.at),
    actor: wellFormed(input.actor),
    action: wellFormed(input.action),
    target: input.target === null ? null : wellFormed(input.target),
    details,
  };
}

/** A high surrogate without a low one after it, or a low one without a high one before. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** The entry that follows `head` (null: the chain is empty). */
export function chainAfter(
  sha256: Sha256Hex,
  head: Pick<ChainLink, 'seq' | 'hash'> | null,
  input: AuditEntryContent,
): ChainedAuditEntry {
  const entry = normalizeAuditEntry(input);
  const prevHash = head?.hash ?? GENESIS_HASH;
  return {
    ...entry,
    seq: (head?.seq ?? 0) + 1,
    prevHash,
    hash: entryHash(sha256, { ...entry, prevHash }),
  };
}
