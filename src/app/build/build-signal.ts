import { MeshworkError } from '../errors.ts';

/**
 * Stops a build whose caller has told it to (a job whose worker lost the lease or is
 * stopping) before its next effect: called right before each thing another build or a
 * reader would see — a run recorded, a table served, a snapshot made current, old ones
 * pruned, a lineage event. What ran before the call stays; nothing after it happens.
 */
export function assertNotStopped(signal: AbortSignal | undefined, before: string): void {
  if (signal?.aborted !== true) return;
  throw new MeshworkError(
    'conflict',
    `the build was stopped (${stopReason(signal)}) before ${before}.`,
  );
}

/** Whether the build was told to stop (a function, so a check after an await is not narrowed away). */
export function isStopped(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** The abort's reason as one short line. */
export function stopReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  const text =
    reason instanceof Error
      ? reason.message
      : typeof reason === 'string' && reason !== ''
        ? reason
        : 'aborted';
  return text.replace(/\s+/g, ' ').slice(0, 200);
}
