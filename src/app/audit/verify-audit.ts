import { createHash } from 'node:crypto';
import type { ChainVerdict, Sha256Hex } from '../../core/audit/index.ts';
import { ChainVerifier } from '../../core/audit/index.ts';
import type { MeshworkStore } from '../store/store.ts';

/** The hash of the audit chain, the same as the stores' (`stores/audit-chain.ts`). */
export const sha256Hex: Sha256Hex = (text) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

export interface AuditVerification {
  readonly verdict: ChainVerdict;
  /**
   * Head hashes noted elsewhere before (`anchors`) that no entry of the log has: the log
   * was truncated or rewritten since, even if the chain it holds now is intact.
   */
  readonly missingAnchors: readonly string[];
}

const PAGE = 500;

/**
 * Verifies the store's audit chain page by page (`core/audit/verify-chain.ts`), oldest
 * first, and stops reading at the first break it can name. Intact means: every entry
 * matches its hash and is chained to the one before, and each anchor (a head hash noted
 * outside the store) is still in the chain.
 */
export async function verifyAudit(
  store: MeshworkStore,
  options: { readonly anchors?: readonly string[] } = {},
): Promise<AuditVerification> {
  const verifier = new ChainVerifier(sha256Hex);
  const anchors = new Set(options.anchors ?? []);
  let cursor: string | null = null;
  do {
    const page = await store.audit.scan({ limit: PAGE, cursor });
    for (const entry of page.items) {
      verifier.push(entry);
      anchors.delete(entry.hash);
    }
    cursor = verifier.settled ? null : page.next;
  } while (cursor !== null);
  const verdict = verifier.finish();
  return { verdict, missingAnchors: [...anchors] };
}

/** Whether the audit trail passed: an intact chain that holds every anchor. */
export function isIntact(verification: AuditVerification): boolean {
  return verification.verdict.ok && verification.missingAnchors.length === 0;
}
