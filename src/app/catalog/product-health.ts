import type { TestRun } from '../../core/quality/index.ts';
import { secondsPerUnit, slaAmount, slaCheckKind } from '../../core/quality/index.ts';
import type { ContractSummary, Duration, Freshness, QualitySummary } from './catalog-types.ts';

const WORST_FIRST = ['error', 'failed', 'warning', 'passed'] as const;

export const UNKNOWN_QUALITY: QualitySummary = {
  status: 'unknown',
  lastRunAt: null,
  passed: 0,
  failed: 0,
  warnings: 0,
};

/**
 * A product's quality from the latest run of each of its output contracts: the worst
 * status among them, the check counts added up. A contract never tested leaves the
 * product's status at the others'; no run at all is `unknown`.
 */
export function summarizeQuality(latest: readonly TestRun[]): QualitySummary {
  if (latest.length === 0) return UNKNOWN_QUALITY;
  let passed = 0;
  let failed = 0;
  let warnings = 0;
  let lastRunAt = '';
  for (const run of latest) {
    for (const check of run.checks) {
      if (check.status === 'passed') passed++;
      else if (check.status === 'warning') warnings++;
      else failed++;
    }
    if (run.startedAt > lastRunAt) lastRunAt = run.startedAt;
  }
  const status = WORST_FIRST.find((s) => latest.some((r) => r.status === s)) ?? 'unknown';
  return { status, lastRunAt, passed, failed, warnings };
}

/**
 * A latency SLA (ODCS `latency` or its alias `freshness`) as a duration, read by the rule
 * the test planner reads it by (core/quality); null for other SLAs or an amount that is no
 * number.
 */
export function latencySla(sla: Readonly<Record<string, unknown>>): Duration | null {
  if (typeof sla.property !== 'string' || slaCheckKind(sla.property) !== 'latency') return null;
  const value = slaAmount(sla.value);
  if (!Number.isFinite(value)) return null;
  return { value, unit: typeof sla.unit === 'string' ? sla.unit : 'd' };
}

/** The strictest `latency` SLA among the product's output contracts. */
export function latencyOf(contracts: readonly ContractSummary[]): Duration | null {
  let best: { duration: Duration; seconds: number } | null = null;
  for (const contract of contracts) {
    for (const sla of contract.slaProperties) {
      const duration = latencySla(sla);
      const perUnit = duration ? secondsPerUnit(duration.unit) : undefined;
      if (!duration || perUnit === undefined) continue;
      const seconds = duration.value * perUnit;
      if (!best || seconds < best.seconds) best = { duration, seconds };
    }
  }
  return best?.duration ?? null;
}

/**
 * Fresh when the newest value in the data is younger than the latency SLA. Judged when
 * asked, not when indexed, so a product goes stale while the server runs. The build time
 * is carried beside it and never judged: a build of old data is stale.
 */
export function freshnessAt(
  newestDataAt: string | null,
  latency: Duration | null,
  now: Date,
  lastBuiltAt: string | null = null,
): Freshness {
  const base = { newestDataAt, lastBuiltAt, latency };
  if (newestDataAt === null || latency === null) return { status: 'unknown', ...base };
  const limit = latency.value * (secondsPerUnit(latency.unit) ?? 86_400) * 1000;
  const age = now.getTime() - Date.parse(newestDataAt);
  return { status: age <= limit ? 'fresh' : 'stale', ...base };
}

/**
 * Until when (ms since the epoch) `freshnessAt` keeps its verdict: fresh data turns stale
 * once, when it is older than the latency; anything else never changes with time. Lets an
 * answer that shows freshness be cached exactly as long as it is right.
 */
export function freshnessHoldsUntil(newestDataAt: string | null, latency: Duration | null): number {
  if (newestDataAt === null || latency === null) return Number.POSITIVE_INFINITY;
  const limit = latency.value * (secondsPerUnit(latency.unit) ?? 86_400) * 1000;
  // freshnessAt says fresh while age <= limit: stale from the next millisecond on.
  return Date.parse(newestDataAt) + limit + 1;
}

/**
 * The newest value of the data as a run measured it: the latency check's value is the age
 * of max(element) in seconds, computed by the engine while the run ran, so the newest value
 * is the run's start minus that age — older than the truth by at most the run's duration,
 * never newer. Null without a measured latency check (none planned, not read, an error).
 */
export function newestDataOf(run: TestRun | undefined): string | null {
  if (!run) return null;
  const ages = run.checks.flatMap((check) =>
    check.kind === 'latency' && check.status !== 'error' && typeof check.value === 'number'
      ? [check.value]
      : [],
  );
  if (ages.length === 0) return null;
  const started = Date.parse(run.startedAt);
  if (Number.isNaN(started)) return null;
  return new Date(started - Math.max(...ages) * 1000).toISOString();
}

/** `20261124T221500123Z-a1b2c3` (warehouse snapshot id) → `2026-11-24T22:15:00.123Z`. */
export function snapshotTime(id: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(id);
  if (!m) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}
