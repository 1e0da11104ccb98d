/** A validated Trino rule set as published (issue 14); `version` counts up from 1. */
export interface PublishedTrinoRules {
  readonly version: number;
  /** SHA-256 (hex) of the rules and the groups text: the same set has the same hash. */
  readonly hash: string;
  /** The rules document as Trino reads it (JSON text). */
  readonly rules: string;
  /** The group file as Trino reads it. */
  readonly groups: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

export type TrinoRulesToPublish = Omit<PublishedTrinoRules, 'version'>;

export type TrinoRulesPublishOutcome =
  /** Stored as `expectedVersion + 1`. */
  | { readonly outcome: 'published'; readonly current: PublishedTrinoRules }
  /** The set in force has this hash already: nothing written, whatever the version. */
  | { readonly outcome: 'unchanged'; readonly current: PublishedTrinoRules }
  /** Another publish came first: nothing written; rebuild from the grants of now. */
  | { readonly outcome: 'conflict'; readonly current: PublishedTrinoRules | null };

/** Bounds of a stored rule set: a set beyond them is refused before any store is touched. */
export const MAX_TRINO_RULES_CHARS = 16 * 1024 * 1024;
export const MAX_TRINO_GROUPS_CHARS = 4 * 1024 * 1024;
const HASH = /^[0-9a-f]{64}$/;

/** Throws when the set to publish is malformed or beyond the bounds. */
export function assertTrinoRulesToPublish(next: TrinoRulesToPublish, expected: number): void {
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new Error(`the expected Trino rules version must be a whole number ≥ 0, not ${expected}`);
  if (!HASH.test(next.hash)) throw new Error('the Trino rules hash must be a SHA-256 in hex');
  if (next.rules.length === 0 || next.rules.length > MAX_TRINO_RULES_CHARS)
    throw new Error(`the Trino rules must have 1 to ${MAX_TRINO_RULES_CHARS} characters`);
  if (next.groups.length > MAX_TRINO_GROUPS_CHARS)
    throw new Error(`the Trino group file must have at most ${MAX_TRINO_GROUPS_CHARS} characters`);
  if (Number.isNaN(Date.parse(next.publishedAt)))
    throw new Error('publishedAt must be an ISO instant');
  if (next.publishedBy.length === 0 || next.publishedBy.length > 200)
    throw new Error('publishedBy must have 1 to 200 characters');
}

/**
 * The compare-and-set every store decides alike, atomically with its read: the same hash
 * is a no-op; otherwise only a publish built on the version in force is stored, as the
 * next version.
 */
export function decideTrinoRulesPublish(
  current: PublishedTrinoRules | null,
  next: TrinoRulesToPublish,
  expected: number,
): { readonly write: PublishedTrinoRules | null; readonly outcome: TrinoRulesPublishOutcome } {
  if (current !== null && current.hash === next.hash)
    return { write: null, outcome: { outcome: 'unchanged', current } };
  if ((current?.version ?? 0) !== expected)
    return { write: null, outcome: { outcome: 'conflict', current } };
  const stored: PublishedTrinoRules = { ...next, version: expected + 1 };
  return { write: stored, outcome: { outcome: 'published', current: stored } };
}
