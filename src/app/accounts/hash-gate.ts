/**
 * Bounds how many password checks run at once. scrypt is meant to be slow and to take
 * 32 MiB each (`password.ts`); a flood of sign-ins would otherwise queue hundreds of them
 * in libuv's thread pool, where they also hold back every file read of the embedded store,
 * and every sign-in would wait behind the whole flood (7–10 s were measured on 2 cores).
 * So a few run, a bounded number wait their turn in order, and the rest are turned away at
 * once (`GateBusyError` → 503 with Retry-After) instead of waiting for nothing.
 */
export interface HashGate {
  /** Runs `work` when a place is free; throws `GateBusyError` when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Seconds after which a turned-away caller may hope for a place. */
  readonly retryAfterSeconds: number;
}

export class GateBusyError extends Error {
  override readonly name = 'GateBusyError';
}

/** What one scrypt check costs here, roughly, for the Retry-After estimate. */
const CHECK_SECONDS = 0.15;

export function createHashGate(options: {
  readonly concurrent: number;
  readonly queue: number;
}): HashGate {
  let running = 0;
  const waiting: (() => void)[] = [];

  const next = (): void => {
    running--;
    const wake = waiting.shift();
    if (wake) {
      running++;
      wake();
    }
  };

  return {
    retryAfterSeconds: Math.max(
      1,
      Math.ceil(((options.queue + options.concurrent) / options.concurrent) * CHECK_SECONDS),
    ),
    async run(work) {
      if (running >= options.concurrent) {
        if (waiting.length >= options.queue)
          throw new GateBusyError('too many password checks under way');
        // The place is handed over by `next`, so no newcomer can overtake a waiter.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        next();
      }
    },
  };
}
