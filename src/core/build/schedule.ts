import type { BuildPlan, PlannedProduct } from './plan.ts';

export type ScheduledOutcome<R> =
  | { readonly kind: 'ran'; readonly ok: boolean; readonly result: R }
  | { readonly kind: 'skipped'; readonly blockedBy: string };

/**
 * Runs the plan's products with at most `limit` at a time; a product starts once every
 * planned product it reads has finished with `ok`, and every one it only waits for
 * (`waitsFor`: relationship targets) has finished at all. A product downstream of one that
 * failed (or was itself skipped) is skipped: building it would read stale data while
 * claiming fresh. Outcomes are keyed by product key.
 */
export async function runScheduled<R>(
  plan: BuildPlan,
  limit: number,
  run: (product: PlannedProduct) => Promise<{ ok: boolean; result: R }>,
): Promise<Map<string, ScheduledOutcome<R>>> {
  const outcomes = new Map<string, ScheduledOutcome<R>>();
  const pending = [...plan.products];
  const running = new Map<string, Promise<void>>();
  const width = Math.max(1, Math.floor(limit));

  const blockerOf = (p: PlannedProduct): string | undefined =>
    p.after.find((key) => {
      const outcome = outcomes.get(key);
      return outcome !== undefined && (outcome.kind === 'skipped' || !outcome.ok);
    });
  const isReady = (p: PlannedProduct): boolean =>
    p.after.every((key) => outcomes.get(key)?.kind === 'ran') &&
    p.waitsFor.every((key) => outcomes.has(key));

  while (pending.length > 0 || running.size > 0) {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [index, p] of pending.entries()) {
        const blocker = blockerOf(p);
        if (blocker !== undefined) {
          outcomes.set(p.key, { kind: 'skipped', blockedBy: blocker });
        } else if (running.size < width && isReady(p)) {
          running.set(
            p.key,
            run(p).then(({ ok, result }) => {
              outcomes.set(p.key, { kind: 'ran', ok, result });
              running.delete(p.key);
            }),
          );
        } else continue;
        pending.splice(index, 1);
        progressed = true;
        break;
      }
    }
    if (running.size === 0) {
      // Only products waiting on each other are left (a cycle, which validate reports).
      for (const p of pending.splice(0))
        outcomes.set(p.key, { kind: 'skipped', blockedBy: p.after[0] ?? p.key });
      break;
    }
    await Promise.race(running.values());
  }
  return outcomes;
}
