/**
 * The adoption dashboard's figures (issue 13): how the mesh grows and is used, measured
 * once a day and kept as a history of snapshots. Pure types and rules; the measuring lives
 * in `app/adoption/`, the storing in the stores (`store.adoption`).
 *
 * A figure that could not be measured on a day is null with its reason in `gaps`, never a
 * guess: a day backfilled from git knows the products and their statuses, not the grants
 * or the runs of that day.
 */

/** Who recorded a snapshot: a catalog index, the daily schedule, or the git backfill. */
export type AdoptionSource = 'index' | 'schedule' | 'git';

export const ADOPTION_SOURCES: readonly AdoptionSource[] = ['index', 'schedule', 'git'];

/** A day (UTC) in the history of one product, carried from snapshot to snapshot. */
export interface ProductMilestones {
  readonly domain: string;
  readonly status: string;
  /** The first day the product was seen (in the catalog, or its first commit). */
  readonly firstSeen: string;
  /** The first day it was seen `proposed` or `draft`; null when it never was seen so. */
  readonly proposedOn: string | null;
  /** The first day it was seen `active`; null while it never was. */
  readonly activeOn: string | null;
}

export interface RequestFigures {
  /** Access requests created up to the day. */
  readonly submitted: number;
  /** Of them approved (and possibly since granted, expired or revoked). */
  readonly approved: number;
  readonly rejected: number;
  readonly pending: number;
  /** Median hours from request to its last approval, of those approved in the 30 days before. */
  readonly medianHoursToApproval: number | null;
  readonly approvedInWindow: number;
}

export interface QualityFigures {
  /** Output contracts of the products. */
  readonly contracts: number;
  /** Of them with a recorded run. */
  readonly tested: number;
  /** Of them whose latest run passed. */
  readonly passing: number;
}

export interface SlaFigures {
  /** When the evaluation these figures come from finished (the latest succeeded `sla-evaluate`). */
  readonly evaluatedAt: string;
  /** Products whose output contracts promise a monitored SLA, as that evaluation saw them. */
  readonly productsWithSla: number;
  /** Of them, those whose SLAs were all met. */
  readonly productsMet: number;
  /** Of them, those with a breached SLA. */
  readonly productsBreached: number;
  /** Of them, none breached but at least one SLA could not be evaluated (`unknown`). */
  readonly productsUnknown: number;
  readonly slasMet: number;
  readonly slasBreached: number;
  readonly slasUnknown: number;
}

export interface ConsumerFigures {
  readonly activeGrants: number;
  /** Distinct consumer teams with an active grant, per product id (products without: absent). */
  readonly perProduct: Readonly<Record<string, number>>;
}

export interface AdoptionFigures {
  readonly products: number;
  readonly productsByDomain: Readonly<Record<string, number>>;
  readonly productsByStatus: Readonly<Record<string, number>>;
  /** Products naming an owning team. */
  readonly withOwner: number | null;
  /** Products with a purpose or description. */
  readonly withDescription: number | null;
  /** Products with output contracts whose latest runs all passed. */
  readonly withPassingContracts: number | null;
  readonly consumers: ConsumerFigures | null;
  readonly requests: RequestFigures | null;
  readonly quality: QualityFigures | null;
  readonly sla: SlaFigures | null;
  /** The mesh's policy score (share of the policies passed, latest scorecard). */
  readonly policyShare: number | null;
  /** Median days from proposal to active, of the products seen in both states. */
  readonly proposalToActive: {
    readonly products: number;
    readonly medianDays: number | null;
  };
}

/** The names of the figures that may be missing from a snapshot, with the reason in `gaps`. */
export type AdoptionFigure =
  | 'withOwner'
  | 'withDescription'
  | 'withPassingContracts'
  | 'consumers'
  | 'requests'
  | 'quality'
  | 'sla'
  | 'policyShare';

export interface AdoptionSnapshot {
  /** The UTC day, `YYYY-MM-DD`; one snapshot per day. */
  readonly day: string;
  readonly recordedAt: string;
  readonly source: AdoptionSource;
  readonly figures: AdoptionFigures;
  /** Why a null figure is null. */
  readonly gaps: Readonly<Partial<Record<AdoptionFigure, string>>>;
  /** Per product id, its history so far (what time-to-active is measured from). */
  readonly milestones: Readonly<Record<string, ProductMilestones>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The UTC day of an instant. */
export function dayOf(at: Date | string): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Whether `incoming` may replace the stored snapshot of its day: what was measured (index,
 * schedule) always replaces — the newest measure of a day wins; a git backfill only fills a
 * day nothing was measured on, so history never overwrites a measure.
 */
export function replacesSnapshot(
  existing: Pick<AdoptionSnapshot, 'source'> | null,
  incoming: Pick<AdoptionSnapshot, 'source'>,
): boolean {
  return existing === null || incoming.source !== 'git' || existing.source === 'git';
}

/** The median of numbers; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const PROPOSED = new Set(['proposed', 'draft']);

/**
 * The milestones after seeing the products (id → domain, status) on `day`, from those of
 * the snapshot before: first seen, first proposed, first active are kept once set. A product
 * seen first already active has no proposal day (its proposal is not known, so it does not
 * count in time-to-active).
 */
export function advanceMilestones(
  before: Readonly<Record<string, ProductMilestones>>,
  seen: ReadonlyMap<string, { readonly domain: string; readonly status: string }>,
  day: string,
): Record<string, ProductMilestones> {
  // A Map, then fromEntries: ids come from the mesh, and `after["__proto__"] = …` would not
  // make an own key.
  const after = new Map<string, ProductMilestones>();
  for (const [id, earlier] of Object.entries(before)) if (!seen.has(id)) after.set(id, earlier);
  for (const [id, { domain, status }] of seen) {
    const earlier = Object.hasOwn(before, id) ? before[id] : undefined;
    after.set(id, {
      domain,
      status,
      firstSeen: earlier?.firstSeen ?? day,
      proposedOn: earlier?.proposedOn ?? (PROPOSED.has(status) ? day : null),
      activeOn: earlier?.activeOn ?? (status === 'active' ? day : null),
    });
  }
  return Object.fromEntries(after);
}

/** Median days from proposal to active over the products that went through both. */
export function proposalToActive(
  milestones: Readonly<Record<string, ProductMilestones>>,
): AdoptionFigures['proposalToActive'] {
  const days = Object.values(milestones).flatMap((m) =>
    m.proposedOn !== null && m.activeOn !== null && m.activeOn >= m.proposedOn
      ? [daysBetween(m.proposedOn, m.activeOn)]
      : [],
  );
  return { products: days.length, medianDays: median(days) };
}

/** Counts by key. */
export function countBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // fromEntries defines own keys: a domain named "__proto__" stays a count.
  return Object.fromEntries(counts);
}
