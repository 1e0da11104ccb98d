/**
 * Data subject requests (GDPR Art. 15, 17) as the store keeps them. A person is never
 * stored in clear: `subjectHash` is a keyed SHA-256 of the normalised identifier
 * (`normaliseSubjectValue`), so the store can say "this person was erased" without holding
 * who they are.
 */

export type ErasureMode = 'delete' | 'pseudonymise';

/**
 * A person a build must not bring back: after an erasure, rows whose subject-key column of
 * `kind` hashes to `subjectHash` are dropped (delete) or pseudonymised at build time.
 */
export interface Suppression {
  readonly id: string;
  readonly kind: string;
  readonly subjectHash: string;
  readonly mode: ErasureMode;
  /**
   * The fingerprint of the subject hash key `subjectHash` was made with (16 hex, see
   * app/privacy/subject-hash.ts): a build or erasure with another key cannot match this
   * person and must say so instead of suppressing nobody.
   */
  readonly keyFingerprint: string;
  /** The erasure that made it (the audit entry names it too). */
  readonly requestId: string;
  readonly createdAt: string;
}

/** A source Meshwork cannot write: its owner must erase the person there. */
export interface DsrTask {
  readonly id: string;
  readonly requestId: string;
  readonly mode: ErasureMode;
  /** The source contract's id and file, its system (`sources/<system>/`) and object. */
  readonly contractId: string;
  readonly contractPath: string;
  readonly system: string;
  readonly object: string;
  /**
   * The domain the source contract (at `contractPath`) declared when the task was made:
   * its owners may see and close the task. Fixed at creation, never looked up again by
   * contract id — another contract could claim that id later. Null: none declared (only
   * governance and admin handle it).
   */
  readonly domain: string | null;
  /** The identifier kind and column to find the person by; the value is not stored. */
  readonly kind: string;
  readonly column: string;
  readonly subjectHash: string;
  /** The fingerprint of the key `subjectHash` was made with (as `Suppression.keyFingerprint`). */
  readonly keyFingerprint: string;
  /** Rows found when the task was made. */
  readonly rows: number;
  readonly state: 'open' | 'done';
  readonly createdAt: string;
  readonly doneAt: string | null;
  readonly doneBy: string | null;
}
