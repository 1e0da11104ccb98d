/**
 * How many data exports run at once. Each is a DuckDB instance reading a whole snapshot
 * (up to 512 MB of memory, one thread): a burst of downloads would otherwise start them
 * all, and every one would be slow. A few run, a bounded number wait in order, the rest
 * are turned away at once (`ExportsBusyError` → 503 with Retry-After).
 */
export interface ExportGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Seconds after which a turned-away caller may try again. */
  readonly retryAfterSeconds: number;
}

export class ExportsBusyError extends Error {
  override readonly name = 'ExportsBusyError';
}

export function createExportGate(options: {
  readonly concurrent: number;
  readonly queue: number;
}): ExportGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const wake = waiting.shift();
    if (wake) wake();
    else running--;
  };
  return {
    retryAfterSeconds: 5,
    async run(work) {
      if (running >= options.concurrent) {
        if (waiting.length >= options.queue)
          throw new ExportsBusyError('too many data exports under way');
        // The place is handed over by `release`, so no newcomer overtakes a waiter.
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
