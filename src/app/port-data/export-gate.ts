import type { BoundedGate } from '../bounded-gate.ts';
import { createBoundedGate } from '../bounded-gate.ts';

export type ExportGate = BoundedGate;

export class ExportsBusyError extends Error {
  override readonly name = 'ExportsBusyError';
}

/**
 * How many data exports run at once. Each is a DuckDB instance reading a whole snapshot
 * (up to 512 MB of memory, one thread): a burst of downloads would otherwise start them
 * all, and every one would be slow. A few run, a bounded number wait in order, the rest
 * are turned away at once (`ExportsBusyError` → 503 with Retry-After).
 */
export function createExportGate(options: {
  readonly concurrent: number;
  readonly queue: number;
}): ExportGate {
  return createBoundedGate({
    ...options,
    retryAfterSeconds: 5,
    busy: () => new ExportsBusyError('too many data exports under way'),
  });
}
