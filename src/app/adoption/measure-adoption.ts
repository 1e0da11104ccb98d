import type { AccessRequest } from '../../core/access/model.ts';
import type {
  AdoptionFigure,
  AdoptionFigures,
  AdoptionSnapshot,
  AdoptionSource,
  ProductMilestones,
  RequestFigures,
} from '../../core/adoption/adoption-model.ts';
import {
  advanceMilestones,
  countBy,
  dayOf,
  median,
  proposalToActive,
} from '../../core/adoption/adoption-model.ts';
import type { Catalog } from '../catalog/catalog-model.ts';
import type { MeshworkStore, Page, PageRequest } from '../store/store.ts';
import { readAll, TooManyError } from './read-all.ts';
import { slaFigures } from './sla-figures.ts';

/** Requests approved within this many days before a snapshot count in its median. */
export const APPROVAL_WINDOW_DAYS = 30;

export interface MeasureOptions {
  readonly store: MeshworkStore;
  readonly catalog: Catalog;
  readonly now: Date;
  readonly source: AdoptionSource;
}

/**
 * Measures the mesh as it is now, from where each figure lives (docs/operations.md,
 * "Adoption dashboard"): products, domains, owners, descriptions and statuses from the
 * served catalog (the mesh repository); passing contracts from the latest run of each output
 * contract; consumers from the active grants; requests from the access requests; the policy
 * score from the catalog's scorecard; SLA compliance from the latest SLA evaluation; time to
 * active from the milestones carried from snapshot to snapshot. A store that cannot be read
 * makes its figures null with the reason, never zero.
 */
export async function measureAdoption(options: MeasureOptions): Promise<AdoptionSnapshot> {
  const { store, catalog, now } = options;
  const day = dayOf(now);
  const gaps: Partial<Record<AdoptionFigure, string>> = {};
  const products = catalog.products;

  const seen = new Map(
    products.map((p) => [p.detail.id, { domain: p.detail.domain, status: p.detail.status }]),
  );
  // The day's own earlier snapshot counts: a product proposed this morning and active this
  // afternoon keeps its proposal day.
  const before = await store.adoption.latestBefore(nextDay(day));
  const milestones: Record<string, ProductMilestones> = advanceMilestones(
    before?.milestones ?? {},
    seen,
    day,
  );

  let contracts = 0;
  let tested = 0;
  let passing = 0;
  let withPassingContracts = 0;
  for (const p of products) {
    const runs = p.outputContracts.map((id) => catalog.latestRuns.get(id));
    contracts += runs.length;
    tested += runs.filter((r) => r !== undefined).length;
    const passed = runs.filter((r) => r?.status === 'passed').length;
    passing += passed;
    if (runs.length > 0 && passed === runs.length) withPassingContracts++;
  }

  const consumers = await attempt(gaps, 'consumers', 'the grants', async () => {
    const grants = await readAll((page) => store.grants.list({ states: ['active'], ...page }));
    const teams = new Map<string, Set<string>>();
    for (const g of grants) {
      const set = teams.get(g.productId) ?? new Set<string>();
      set.add(g.consumerTeam);
      teams.set(g.productId, set);
    }
    return {
      activeGrants: grants.length,
      perProduct: Object.fromEntries([...teams].map(([id, set]) => [id, set.size])),
    };
  });
  const requests = await attempt(gaps, 'requests', 'the access requests', async () =>
    requestFigures(
      await readAll((page: PageRequest): Promise<Page<AccessRequest>> =>
        store.accessRequests.list(page),
      ),
      now,
    ),
  );
  const sla = await slaFigures(store);
  if ('unavailable' in sla) gaps.sla = sla.unavailable;
  const policyShare = catalog.scorecard?.mesh.share ?? null;
  if (policyShare === null) gaps.policyShare = 'the mesh has no scorecard (no policy evaluated)';

  const figures: AdoptionFigures = {
    products: products.length,
    productsByDomain: countBy(products, (p) => p.detail.domain),
    productsByStatus: countBy(products, (p) => p.detail.status),
    withOwner: products.filter((p) => p.detail.owner.team !== null).length,
    withDescription: products.filter((p) => hasDescription(p.detail.description)).length,
    withPassingContracts,
    consumers,
    requests,
    quality: { contracts, tested, passing },
    sla: 'unavailable' in sla ? null : sla.figures,
    policyShare,
    proposalToActive: proposalToActive(milestones),
  };
  return { day, recordedAt: now.toISOString(), source: options.source, figures, gaps, milestones };
}

/** Measures and stores the day's snapshot; the stored rule decides whether it replaces one. */
export async function recordAdoption(options: MeasureOptions): Promise<AdoptionSnapshot> {
  const snapshot = await measureAdoption(options);
  await options.store.adoption.record(snapshot);
  return snapshot;
}

function hasDescription(description: Readonly<Record<string, unknown>>): boolean {
  return Object.values(description).some((v) => typeof v === 'string' && v.trim() !== '');
}

/**
 * Requests up to now: how many were submitted, approved, rejected and are pending, and the
 * median hours from submission to the last approval of those approved in the window.
 */
export function requestFigures(requests: readonly AccessRequest[], now: Date): RequestFigures {
  const since = new Date(now.getTime() - APPROVAL_WINDOW_DAYS * 86_400_000).toISOString();
  const until = now.toISOString();
  let approved = 0;
  let rejected = 0;
  let pending = 0;
  const hours: number[] = [];
  const upToNow = requests.filter((r) => r.createdAt <= until);
  for (const r of upToNow) {
    if (r.state === 'pending') pending++;
    else if (r.state === 'rejected') rejected++;
    else {
      approved++;
      const decidedAt = r.approvals
        .map((a) => a.at)
        .sort()
        .at(-1);
      if (decidedAt !== undefined && decidedAt >= since && decidedAt <= until)
        hours.push((Date.parse(decidedAt) - Date.parse(r.createdAt)) / 3_600_000);
    }
  }
  const middle = median(hours);
  return {
    submitted: upToNow.length,
    approved,
    rejected,
    pending,
    medianHoursToApproval: middle === null ? null : Math.round(middle * 10) / 10,
    approvedInWindow: hours.length,
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The figure, or null with the reason in `gaps` when its store could not be read. */
async function attempt<T>(
  gaps: Partial<Record<AdoptionFigure, string>>,
  figure: AdoptionFigure,
  what: string,
  work: () => Promise<T>,
): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    // Not the error's text: it may name the store's host or user.
    gaps[figure] =
      error instanceof TooManyError
        ? `${what}: ${error.message}`
        : `${what} could not be read from the store`;
    return null;
  }
}
