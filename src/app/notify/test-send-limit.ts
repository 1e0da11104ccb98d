import type { AttemptWindow } from '../../core/limits/attempt-window.ts';
import { retryAfterSeconds } from '../../core/limits/attempt-window.ts';
import { sha256 } from '../accounts/secrets.ts';
import { MeshworkError } from '../errors.ts';
import type { AttemptRepository } from '../store/store.ts';

/** One test send per subscription per minute: enough to check a channel, too few to flood one. */
export const TEST_SEND_INTERVAL_MS = 60_000;

/** A test send asked for too soon after the last: the API answers 429 with Retry-After. */
export class TestSendTooSoonError extends MeshworkError {
  constructor(
    readonly subscriptionId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      'conflict',
      `a test was sent to the subscription "${subscriptionId}" less than a minute ago; try again in ${retryAfterSeconds} s`,
    );
  }
}

/**
 * One test send per subscription per minute, counted in the store (issue 14): each test
 * is a stored event, a job and a delivery — through the company's SMTP server or to a
 * receiver outside — so an unlimited endpoint turns one session into a mail or request
 * flood. In the store, not in one process, so behind N servers the bound stays one per
 * minute. The key is the subscription id hashed (bounded, `store.attempts`' key rule).
 */
export interface TestSendLimiter {
  /** Takes the subscription's slot at `now`, or throws `TestSendTooSoonError`. */
  take(subscriptionId: string, now: Date): Promise<void>;
}

export function createTestSendLimiter(
  store: AttemptRepository,
  intervalMs = TEST_SEND_INTERVAL_MS,
): TestSendLimiter {
  const window: AttemptWindow = { limit: 1, windowMs: intervalMs };
  let prunedAt = -Infinity;
  return {
    async take(subscriptionId, now) {
      const at = now.getTime();
      // Subscriptions whose last test left the window go, once a window per process.
      if (at - prunedAt >= intervalMs) {
        prunedAt = at;
        await store.prune(at - intervalMs);
      }
      const key = `test-send:${sha256(subscriptionId)}`;
      const waitMs = await store.reserve(key, window, at);
      if (waitMs > 0) throw new TestSendTooSoonError(subscriptionId, retryAfterSeconds(waitMs));
    },
  };
}
