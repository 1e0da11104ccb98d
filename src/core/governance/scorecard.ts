import type { Severity } from '../findings/finding.ts';
import { SEVERITIES } from './policy-model.ts';
import type { PolicyResult } from './evaluate-policies.ts';

export interface Tally {
  readonly passed: number;
  readonly total: number;
}

/** One line of a scorecard: how many of the policies that apply were passed, by severity. */
export interface ScoreLine {
  readonly name: string;
  readonly bySeverity: Readonly<Record<Severity, Tally>>;
  readonly passed: number;
  readonly total: number;
  /** passed / total, 1 when no policy applies. */
  readonly share: number;
}

export interface ProductScoreLine extends ScoreLine {
  readonly domain: string;
}

export interface Scorecard {
  /** UTC ISO 8601 time of the run. */
  readonly at: string;
  readonly mesh: ScoreLine;
  readonly domains: readonly ScoreLine[];
  readonly products: readonly ProductScoreLine[];
}

/**
 * Scorecards from policy results. The unit is a policy, not a target: a policy is passed
 * by a product when all of its targets in that product pass (a property-level rule over
 * forty columns counts once), and by a domain when all its targets in the domain pass.
 */
export function buildScorecard(results: readonly PolicyResult[], at: Date): Scorecard {
  const domains = new Map<string, Map<string, PolicyOutcome>>();
  const products = new Map<string, { domain: string; policies: Map<string, PolicyOutcome> }>();
  const mesh = new Map<string, PolicyOutcome>();
  for (const r of results) {
    record(mesh, r);
    if (r.domain !== undefined) {
      const perDomain = domains.get(r.domain) ?? new Map<string, PolicyOutcome>();
      record(perDomain, r);
      domains.set(r.domain, perDomain);
    }
    if (r.product !== undefined && r.domain !== undefined) {
      const key = `${r.domain}/${r.product}`;
      const entry = products.get(key) ?? {
        domain: r.domain,
        policies: new Map<string, PolicyOutcome>(),
      };
      record(entry.policies, r);
      products.set(key, entry);
    }
  }
  const byName = <T extends ScoreLine>(a: T, b: T): number => a.name.localeCompare(b.name);
  return {
    at: at.toISOString(),
    mesh: line('mesh', mesh),
    domains: [...domains].map(([name, policies]) => line(name, policies)).sort(byName),
    products: [...products]
      .map(([key, { domain, policies }]) => ({
        ...line(key.slice(domain.length + 1), policies),
        domain,
      }))
      .sort((a, b) => a.domain.localeCompare(b.domain) || byName(a, b)),
  };
}

interface PolicyOutcome {
  severity: Severity;
  passed: boolean;
}

function record(into: Map<string, PolicyOutcome>, r: PolicyResult): void {
  const existing = into.get(r.policy);
  if (!existing) {
    into.set(r.policy, { severity: r.severity, passed: r.passed });
    return;
  }
  existing.passed &&= r.passed;
  // An adapted policy may differ in severity between domains; the mesh line counts the stricter.
  if (SEVERITIES.indexOf(r.severity) < SEVERITIES.indexOf(existing.severity))
    existing.severity = r.severity;
}

function line(name: string, policies: ReadonlyMap<string, PolicyOutcome>): ScoreLine {
  const tallies = Object.fromEntries(SEVERITIES.map((s) => [s, { passed: 0, total: 0 }])) as Record<
    Severity,
    { passed: number; total: number }
  >;
  for (const outcome of policies.values()) {
    const tally = tallies[outcome.severity];
    tally.total++;
    if (outcome.passed) tally.passed++;
  }
  const total = SEVERITIES.reduce((n, s) => n + tallies[s].total, 0);
  const passed = SEVERITIES.reduce((n, s) => n + tallies[s].passed, 0);
  return { name, bySeverity: tallies, passed, total, share: total === 0 ? 1 : passed / total };
}
