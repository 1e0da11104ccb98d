/**
 * Attempts counted per key in a sliding window (issue 14): the sign-in limits and the
 * notification test send. Decided here once, purely; every store only makes each step
 * atomic (a row lock, a lock file, one synchronous turn in memory), so one suite proves
 * them alike and a limit counts the attempts of every server process together.
 */
export interface AttemptWindow {
  /** Attempts heard within the window; the next one waits. At least 1. */
  readonly limit: number;
  readonly windowMs: number;
}

/** A key's counted attempts (epoch ms, oldest first), never more than the limit. */
export type Attempts = readonly number[];

/** The attempts still inside the window at `now`, at most the newest `limit` of them. */
export function liveAttempts(attempts: Attempts, window: AttemptWindow, now: number): number[] {
  const since = now - window.windowMs;
  return attempts.filter((at) => at > since).slice(-Math.max(1, window.limit));
}

/** Milliseconds until the next attempt is heard at `now`; 0 when it may go ahead. */
export function attemptWaitMs(attempts: Attempts, window: AttemptWindow, now: number): number {
  const live = liveAttempts(attempts, window, now);
  if (live.length < window.limit) return 0;
  const oldest = live[live.length - window.limit] ?? now;
  return Math.max(1, oldest + window.windowMs - now);
}

export interface Reservation {
  /** What the key holds afterwards (unchanged when the attempt was refused). */
  readonly attempts: number[];
  /** 0: counted; else the milliseconds to wait, and nothing was counted. */
  readonly waitMs: number;
}

/**
 * Counts an attempt at `now` unless the key is at its limit. Counted when it starts, not
 * when it has failed: of any number arriving together only `limit` get through.
 */
export function reserveAttempt(
  attempts: Attempts,
  window: AttemptWindow,
  now: number,
): Reservation {
  const live = liveAttempts(attempts, window, now);
  const waitMs = attemptWaitMs(live, window, now);
  if (waitMs > 0) return { attempts: live, waitMs };
  // A clock a little behind another server's must not put the new attempt first.
  const at = Math.max(now, live[live.length - 1] ?? now);
  return { attempts: [...live, at].slice(-window.limit), waitMs: 0 };
}

/** Takes back the newest counted attempt (it succeeded, or was never checked). */
export function releaseAttempt(attempts: Attempts, window: AttemptWindow, now: number): number[] {
  return liveAttempts(attempts, window, now).slice(0, -1);
}

/** Whole seconds to announce in Retry-After: at least 1 while waiting. */
export function retryAfterSeconds(waitMs: number): number {
  return waitMs <= 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000));
}

/** Store keys are hashes of a scope and a key: bounded, and no username or address in clear. */
export const ATTEMPT_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}:[0-9a-f]{64}$/;

/** Refuses a key no limiter makes: the stores keep only bounded, hashed keys. */
export function assertAttemptKey(key: string): void {
  if (!ATTEMPT_KEY_PATTERN.test(key))
    throw new Error('an attempt key must be "<scope>:<sha-256 hex>" (rate-limit keys are hashed)');
}

/** The newest attempt of a key, or -Infinity when it holds none: what pruning looks at. */
export function newestAttempt(attempts: Attempts): number {
  return attempts.length === 0 ? -Infinity : Math.max(...attempts);
}
