import { sha256 } from '../../app/accounts/secrets.ts';
import type { AttemptRepository } from '../../app/store/store.ts';
import type { AttemptWindow } from '../../core/limits/attempt-window.ts';
import { retryAfterSeconds } from '../../core/limits/attempt-window.ts';

/**
 * Sign-in attempts counted in a sliding window, per key (a username, a client address),
 * in the store (issue 14): every server process behind a load balancer counts into one
 * limit, so N servers do not give an attacker N times the guesses, and a restart forgives
 * nothing.
 *
 * An attempt is counted when it starts (`reserve`), not when its password check has
 * failed: checking first and counting after let 300 guesses sent at once all pass the
 * check while none had failed yet. Each reserve is one atomic read-check-write in the
 * store (`store.attempts`), so of any number of requests arriving together — on any
 * server — only the limit get through; a success takes its attempt back.
 *
 * Keys reach the store as `<scope>:<sha-256>`: bounded in length whatever a client sends
 * as a username, and no username or address in clear in a table kept for the window.
 */
export interface RateLimiter {
  /**
   * Counts an attempt now and answers 0 — or, when the key is at its limit, counts
   * nothing and answers the seconds to wait.
   */
  reserve(key: string): Promise<number>;
  /** Takes back the newest counted attempt (it succeeded, or was never checked). */
  release(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export function createRateLimiter(options: {
  readonly store: AttemptRepository;
  /** Separates the limits in one store: lower-case letters, digits, dashes. */
  readonly scope: string;
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly now?: () => number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const window: AttemptWindow = { limit: options.maxFailures, windowMs: options.windowMs };
  const storeKey = (key: string): string => `${options.scope}:${sha256(key)}`;
  let prunedAt = -Infinity;

  return {
    async reserve(key) {
      const at = now();
      // Keys whose attempts all left the window go, once a window per process: a flood of
      // distinct usernames leaves rows for one window at most.
      if (at - prunedAt >= options.windowMs) {
        prunedAt = at;
        await options.store.prune(at - options.windowMs);
      }
      return retryAfterSeconds(await options.store.reserve(storeKey(key), window, at));
    },
    release: (key) => options.store.release(storeKey(key), window, now()),
    reset: (key) => options.store.reset(storeKey(key)),
  };
}
