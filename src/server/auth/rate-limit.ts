/**
 * Sign-in attempts counted in a sliding window, per key (a username, a client address).
 * In memory: one server process guards its own door, and a restart forgives.
 *
 * An attempt is counted when it starts (`reserve`), not when its password check has
 * failed: checking first and counting after let 300 guesses sent at once all pass the
 * check while none had failed yet. `reserve` is synchronous, so of any number of requests
 * arriving together only the limit get through; a success takes its attempt back.
 */
export interface RateLimiter {
  /** Seconds to wait before the next attempt is heard, or 0 when it may go ahead. */
  retryAfter(key: string): number;
  /**
   * Counts an attempt now and returns 0 — or, when the key is at its limit, counts
   * nothing and returns the seconds to wait.
   */
  reserve(key: string): number;
  /** Takes back the newest counted attempt (it succeeded, or was never checked). */
  release(key: string): void;
  fail(key: string): void;
  reset(key: string): void;
}

const MAX_KEYS = 10_000;

export function createRateLimiter(options: {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly now?: () => number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  function recent(key: string): number[] {
    const since = now() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  }

  function retryAfter(key: string): number {
    const kept = recent(key);
    if (kept.length < options.maxFailures) return 0;
    const oldest = kept[kept.length - options.maxFailures] ?? now();
    return Math.max(1, Math.ceil((oldest + options.windowMs - now()) / 1000));
  }

  function fail(key: string): void {
    // A flood of distinct keys must not grow memory without bound: drop the oldest.
    if (!failures.has(key) && failures.size >= MAX_KEYS) {
      const first = failures.keys().next();
      if (!first.done) failures.delete(first.value);
    }
    failures.set(key, [...recent(key), now()]);
  }

  return {
    retryAfter,
    fail,
    reserve(key) {
      const wait = retryAfter(key);
      if (wait === 0) fail(key);
      return wait;
    },
    release(key) {
      const kept = recent(key);
      kept.pop();
      if (kept.length === 0) failures.delete(key);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
