/**
 * Runs at most `concurrent` pieces of work at once; up to `queue` more wait their turn in
 * order, and any beyond that are turned away at once (`busy()` is thrown) instead of
 * waiting for nothing. Used where one unit of work is expensive enough that a burst would
 * starve everything else: password checks (accounts/hash-gate.ts) and data exports
 * (port-data/export-gate.ts).
 */
export interface BoundedGate {
  /** Runs `work` when a place is free; throws `busy()` when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Seconds after which a turned-away caller may hope for a place. */
  readonly retryAfterSeconds: number;
}

export function createBoundedGate(options: {
  readonly concurrent: number;
  readonly queue: number;
  readonly retryAfterSeconds: number;
  readonly busy: () => Error;
}): BoundedGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing run hands its place straight to the first waiter (running stays the same),
  // so no newcomer arriving in between can overtake someone who waited.
  const release = (): void => {
    const wake = waiting.shift();
    if (wake) wake();
    else running--;
  };
  return {
    retryAfterSeconds: options.retryAfterSeconds,
    async run(work) {
      if (running >= options.concurrent) {
        if (waiting.length >= options.queue) throw options.busy();
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
