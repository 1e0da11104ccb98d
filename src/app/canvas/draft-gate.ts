import type { BoundedGate } from '../bounded-gate.ts';
import { createBoundedGate } from '../bounded-gate.ts';

export class DraftsBusyError extends Error {
  override readonly name = 'DraftsBusyError';
}

/** Drafts at once in the server, and drafts that may wait for a place. */
export const DRAFTS_AT_ONCE = 2;
export const DRAFTS_WAITING = 8;

/**
 * How many canvas drafts the server makes at once. Each reads and models the whole mesh
 * and asks the build engine for the starter transform's columns: a burst of drafts from
 * one signed-in user slowed every other request forty-fold. A few run, a bounded number
 * wait in order, the rest are turned away at once (`DraftsBusyError` → 503 with Retry-After).
 */
export function createDraftGate(
  options: { readonly concurrent: number; readonly queue: number } = {
    concurrent: DRAFTS_AT_ONCE,
    queue: DRAFTS_WAITING,
  },
): BoundedGate {
  return createBoundedGate({
    ...options,
    retryAfterSeconds: 5,
    busy: () => new DraftsBusyError('too many canvas drafts under way'),
  });
}
