/** A pending sign-in's id in the store: the SHA-256 (hex) of the id the browser holds. */
const FLOW_ID_PATTERN = /^[0-9a-f]{64}$/;

/** Refuses an id that is not a hash: the store never holds the browser's secret itself. */
export function assertSignInFlowId(id: string): void {
  if (!FLOW_ID_PATTERN.test(id)) throw new Error('a sign-in flow id must be a SHA-256 in hex');
}

/**
 * Which flows a store keeps after adding one: not expired at `now`, and of the rest the
 * `keep` latest to expire (a flood of begun sign-ins pushes out the oldest, not the new).
 */
export function flowsToDrop<T extends { readonly id: string; readonly expiresAt: number }>(
  flows: readonly T[],
  now: number,
  keep: number,
): T[] {
  const live = flows.filter((f) => f.expiresAt > now).sort((a, b) => b.expiresAt - a.expiresAt);
  const kept = new Set(live.slice(0, Math.max(0, keep)).map((f) => f.id));
  return flows.filter((f) => !kept.has(f.id));
}
