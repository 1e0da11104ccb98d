import type { SlaFigures } from '../../core/adoption/adoption-model.ts';
import type { JobValues } from '../../core/jobs/job-model.ts';
import type { MeshworkStore } from '../store/store.ts';

/** The figure's counts and the names the `sla-evaluate` result keeps them under. */
const COUNTS = {
  productsWithSla: 'productsWithSla',
  productsMet: 'productsMet',
  productsBreached: 'productsBreached',
  productsUnknown: 'productsUnknown',
  slasMet: 'met',
  slasBreached: 'breached',
  slasUnknown: 'unknown',
} as const;
type Count = keyof typeof COUNTS;

/**
 * SLA compliance from the latest succeeded `sla-evaluate` job's result: of the products
 * promising a monitored SLA, those whose SLAs were all met — and how many could not be
 * evaluated. Not from the open incidents: an SLA that cannot be evaluated opens none, and
 * "no open incident" would count it as kept. Without a succeeded evaluation (or one that
 * predates these counts) the figure is unavailable, never 100 %.
 */
export async function slaFigures(
  store: MeshworkStore,
): Promise<{ readonly figures: SlaFigures } | { readonly unavailable: string }> {
  let latest;
  try {
    const evaluated = await store.jobs.list({
      kinds: ['sla-evaluate'],
      states: ['succeeded'],
      limit: 1,
    });
    latest = evaluated.items[0];
  } catch {
    return { unavailable: 'whether the SLAs were evaluated could not be read (the jobs store)' };
  }
  if (latest === undefined)
    return { unavailable: 'the SLAs have not been evaluated yet (no sla-evaluate job succeeded)' };
  const figures = slaFiguresOf(latest.result, latest.finishedAt ?? latest.createdAt);
  return figures === null
    ? {
        unavailable:
          'the latest SLA evaluation did not record how many SLAs were met (it predates these counts); the next one will',
      }
    : { figures };
}

/** The counts of an `sla-evaluate` result; null when one is missing or not a count. */
export function slaFiguresOf(result: JobValues | null, evaluatedAt: string): SlaFigures | null {
  if (result === null) return null;
  const counts = countsOf((name) => result[COUNTS[name]]);
  return counts === null ? null : { evaluatedAt, ...counts };
}

/**
 * A stored snapshot's SLA figures as the dashboard may show them; null for snapshots
 * measured by the earlier rule (open incidents, which counted unevaluated SLAs as kept).
 */
export function storedSlaFigures(sla: unknown): SlaFigures | null {
  if (sla === null || typeof sla !== 'object') return null;
  const values = sla as Record<string, unknown>;
  const evaluatedAt = values.evaluatedAt;
  if (typeof evaluatedAt !== 'string') return null;
  const counts = countsOf((name) => values[name]);
  return counts === null ? null : { evaluatedAt, ...counts };
}

function countsOf(read: (name: Count) => unknown): Record<Count, number> | null {
  const counts: Partial<Record<Count, number>> = {};
  for (const name of Object.keys(COUNTS) as Count[]) {
    const value = read(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return null;
    counts[name] = value;
  }
  const c = counts as Record<Count, number>;
  return c.productsMet + c.productsBreached + c.productsUnknown === c.productsWithSla ? c : null;
}
