import type { BoundedGate } from '../bounded-gate.ts';
import { createBoundedGate } from '../bounded-gate.ts';

export type HashGate = BoundedGate;

export class GateBusyError extends Error {
  override readonly name = 'GateBusyError';
}

/** What one scrypt check costs here, roughly, for the Retry-After estimate. */
const CHECK_SECONDS = 0.15;

/**
 * Bounds how many password checks run at once. scrypt is meant to be slow and to take
 * 32 MiB each (`password.ts`); a flood of sign-ins would otherwise queue hundreds of them
 * in libuv's thread pool, where they also hold back every file read of the embedded store,
 * and every sign-in would wait behind the whole flood (7–10 s were measured on 2 cores).
 * So a few run, a bounded number wait their turn in order, and the rest are turned away at
 * once (`GateBusyError` → 503 with Retry-After) instead of waiting for nothing.
 */
export function createHashGate(options: {
  readonly concurrent: number;
  readonly queue: number;
}): HashGate {
  return createBoundedGate({
    ...options,
    retryAfterSeconds: Math.max(
      1,
      Math.ceil(((options.queue + options.concurrent) / options.concurrent) * CHECK_SECONDS),
    ),
    busy: () => new GateBusyError('too many password checks under way'),
  });
}
