import { createHash } from 'node:crypto';
import type { AuditEvent, AuditEventInput } from '../app/store/store.ts';
import type { Sha256Hex } from '../core/audit/index.ts';
import { chainAfter } from '../core/audit/index.ts';

/** The hash of the audit chain (core/audit/chain.ts asks for it, being without node:crypto). */
export const sha256Hex: Sha256Hex = (text) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** The stored form of `input` as the entry after `head` (null: the first entry). */
export function chainAuditEvent(
  head: Pick<AuditEvent, 'seq' | 'hash'> | null,
  input: AuditEventInput,
): AuditEvent {
  return chainAfter(sha256Hex, head, input);
}
