import type {
  AdoptionFigure,
  AdoptionFigures,
  AdoptionSource,
} from '../../core/adoption/adoption-model.ts';
import { dayOf, daysBetween, isDay } from '../../core/adoption/adoption-model.ts';
import type { Catalog } from '../catalog/catalog-model.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore } from '../store/store.ts';
import { measureAdoption } from './measure-adoption.ts';
import { readAll } from './read-all.ts';
import { storedSlaFigures } from './sla-figures.ts';

/** The dashboard's default span, and the longest it answers at once (two years and a day). */
export const DEFAULT_SPAN_DAYS = 90;
export const MAX_SPAN_DAYS = 731;

/** Where a figure comes from; the portal names it beside each chart. */
export type FigureSource =
  'catalog' | 'runs' | 'grants' | 'access-requests' | 'jobs' | 'scorecard' | 'history';

/** The one table of which figure is measured from what (docs/operations.md says the same). */
export const FIGURE_SOURCES: Readonly<
  Record<keyof AdoptionFigures | 'passingShare', readonly FigureSource[]>
> = {
  products: ['catalog'],
  productsByDomain: ['catalog'],
  productsByStatus: ['catalog'],
  withOwner: ['catalog'],
  withDescription: ['catalog'],
  withPassingContracts: ['catalog', 'runs'],
  passingShare: ['catalog', 'runs'],
  consumers: ['grants'],
  requests: ['access-requests'],
  quality: ['runs'],
  sla: ['jobs'],
  policyShare: ['scorecard'],
  proposalToActive: ['history'],
};

export interface DashboardDay {
  readonly day: string;
  readonly source: AdoptionSource;
  readonly figures: AdoptionFigures;
  readonly gaps: Readonly<Partial<Record<AdoptionFigure, string>>>;
}

export interface Dashboard {
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  /** Measured now, not stored: today's figures as the charts' last point would show them. */
  readonly current: DashboardDay;
  /** The stored snapshots from `from` to `to`, oldest first (days without one are absent). */
  readonly history: readonly DashboardDay[];
  readonly sources: typeof FIGURE_SOURCES;
}

/** The span asked for, checked: real days, `from` ≤ `to`, at most `MAX_SPAN_DAYS`. */
export function dashboardSpan(
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  now: Date,
): { readonly from: string; readonly to: string } {
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && !isDay(value))
      throw new MeshworkError('invalid-input', `${name} must be a day written YYYY-MM-DD.`);
  const to = query.to ?? dayOf(now);
  const from =
    query.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_SPAN_DAYS - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  if (from > to) throw new MeshworkError('invalid-input', 'from must not be after to.');
  if (daysBetween(from, to) >= MAX_SPAN_DAYS)
    throw new MeshworkError(
      'invalid-input',
      `The dashboard answers at most ${MAX_SPAN_DAYS} days at once; ask for a shorter span.`,
    );
  return { from, to };
}

/** The adoption dashboard: the stored history in the span and today's figures measured live. */
export async function buildDashboard(options: {
  readonly store: MeshworkStore;
  readonly catalog: Catalog;
  readonly now: Date;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}): Promise<Dashboard> {
  const { from, to } = dashboardSpan({ from: options.from, to: options.to }, options.now);
  const stored = await readAll(
    (page) => options.store.adoption.list({ from, to, ...page }),
    MAX_SPAN_DAYS,
  );
  const live = await measureAdoption({
    store: options.store,
    catalog: options.catalog,
    now: options.now,
    source: 'index',
  });
  const view = ({ day, source, figures, gaps }: DashboardDay): DashboardDay => ({
    day,
    source,
    figures,
    gaps,
  });
  // Days stored before compliance came from the evaluation's counts were measured from the
  // open incidents, which counted SLAs never evaluated as kept: shown as not available.
  const historyView = (d: DashboardDay): DashboardDay => {
    if (d.figures.sla === null || storedSlaFigures(d.figures.sla) !== null) return view(d);
    return view({
      ...d,
      figures: { ...d.figures, sla: null },
      gaps: {
        ...d.gaps,
        sla: 'measured by an earlier rule (open incidents) that counted SLAs never evaluated as kept',
      },
    });
  };
  return {
    from,
    to,
    generatedAt: options.now.toISOString(),
    current: view(live),
    history: stored.map(historyView),
    sources: FIGURE_SOURCES,
  };
}
