import { MeshworkError } from '../errors.ts';

/** One test send per subscription per minute: enough to check a channel, too few to flood one. */
export const TEST_SEND_INTERVAL_MS = 60_000;
/** Subscriptions remembered at most; older entries have expired long before this fills. */
const MAX_TRACKED = 10_000;

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
 * Remembers when each subscription was last tested, in the server's memory: each test is
 * a stored event, a job and a delivery — through the company's SMTP server or to a
 * receiver outside — so an unlimited endpoint turns one session into a mail or request
 * flood. Per process: behind N servers the bound is N per minute, still bounded.
 */
export interface TestSendLimiter {
  /** Takes the subscription's slot at `now`, or throws `TestSendTooSoonError`. */
  take(subscriptionId: string, now: Date): void;
}

export function createTestSendLimiter(intervalMs = TEST_SEND_INTERVAL_MS): TestSendLimiter {
  const last = new Map<string, number>();
  return {
    take(subscriptionId, now) {
      const at = now.getTime();
      const before = last.get(subscriptionId);
      if (before !== undefined && at - before < intervalMs)
        throw new TestSendTooSoonError(
          subscriptionId,
          Math.max(1, Math.ceil((before + intervalMs - at) / 1000)),
        );
      if (last.size >= MAX_TRACKED)
        for (const [id, time] of last) if (at - time >= intervalMs) last.delete(id);
      // Still full of live entries: forget the oldest, which is nearest to expiring.
      if (last.size >= MAX_TRACKED) last.delete(last.keys().next().value ?? '');
      last.delete(subscriptionId);
      last.set(subscriptionId, at);
    },
  };
}
