/**
 * How long a worker waits before a failed job's next attempt, when its executor named no
 * time (`retryAt`) and did not call the failure permanent: 30 s after the first failed
 * attempt, 2 min after the second, 10 min after the third, then one hour after each (the
 * cap). Short first, so a blip (a database restarting) costs half a minute; long later, so
 * a job failing for a real reason does not hammer what it talks to. With the default
 * three attempts a job is given up about two and a half minutes after its first failure.
 */
const STEPS_MS = [30_000, 120_000, 600_000] as const;
export const MAX_RETRY_DELAY_MS = 3_600_000;

/** The delay after failed attempt number `attempt` (1 = the first). */
export function retryDelayMs(attempt: number): number {
  if (!Number.isFinite(attempt) || attempt < 1) return STEPS_MS[0];
  return STEPS_MS[Math.floor(attempt) - 1] ?? MAX_RETRY_DELAY_MS;
}
