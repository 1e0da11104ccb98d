/**
 * Failed sign-in attempts counted in a sliding window, per key (a username, a client
 * address). In memory: one server process guards its own door, and a restart forgives.
 */
export interface RateLimiter {
  /** Seconds to wait before the next attempt is heard, or 0 when it may go ahead. */
  retryAfter(key: string): number;
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

  return {
    retryAfter(key) {
      const kept = recent(key);
      if (kept.length < options.maxFailures) return 0;
      const oldest = kept[kept.length - options.maxFailures] ?? now();
      return Math.max(1, Math.ceil((oldest + options.windowMs - now()) / 1000));
    },
    fail(key) {
      // A flood of distinct keys must not grow memory without bound: drop the oldest.
      if (!failures.has(key) && failures.size >= MAX_KEYS) {
        const first = failures.keys().next();
        if (!first.done) failures.delete(first.value);
      }
      failures.set(key, [...recent(key), now()]);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
