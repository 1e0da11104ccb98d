import type { CatalogService } from '../app/catalog/catalog-service.ts';
import { MeshworkError } from '../app/errors.ts';
import type { ServerLog } from './log.ts';

/** How often a server looks whether another one changed the store's mesh or runs. */
const DEFAULT_FOLLOW_SECONDS = 5;

/**
 * `MESHWORK_FOLLOW_SECONDS` (default 5; 0: never — one server alone needs it only for runs
 * that `meshwork worker` processes or a CLI record): the bound on how long a server behind
 * a load balancer serves an older mesh or older runs than the one that took the change.
 */
export function followSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.MESHWORK_FOLLOW_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_FOLLOW_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
    throw new MeshworkError(
      'usage',
      `MESHWORK_FOLLOW_SECONDS must be a number of seconds from 0 to 3600, not "${raw}".`,
    );
  return seconds;
}

/**
 * Runs `catalog.follow()` every `seconds` (issue 14), one look at a time: a slow re-index
 * is not overlapped by the next tick. A failed look is logged and retried next tick; the
 * catalog served stays as it was.
 */
export function followStoreEvery(
  seconds: number,
  catalog: CatalogService,
  log: ServerLog,
): () => void {
  if (seconds === 0) return () => undefined;
  let looking = false;
  const timer = setInterval(() => {
    if (looking) return;
    looking = true;
    catalog
      .follow()
      .then(
        (changed) => {
          if (changed)
            log.debug('caught up with the store', { revision: catalog.current.revision });
        },
        (error: unknown) =>
          log.error('following the store failed; the next look retries', {
            error: error instanceof Error ? error.message : String(error),
          }),
      )
      .finally(() => {
        looking = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
