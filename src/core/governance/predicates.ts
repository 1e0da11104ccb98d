/**
 * The plain predicates behind the CEL helper functions (cel-environment.ts): what
 * "personal", "semantic version", "snake_case" and "latency in days" mean in Meshwork's
 * policies. Kept free of CEL so they can be tested and reused on their own.
 */
import { asList, asObject } from '../json/loose.ts';

export { asList, asObject, customProperty } from '../json/loose.ts';

/**
 * Declared personal, looks personal and confidential are the one rule of `core/privacy`
 * (classification, tags, `personalData: true`; names, `format: email`, examples; the
 * confidentiality levels apart), shared with samples and the portal.
 */
export {
  isConfidential,
  isDeclaredPersonal as isPersonal,
  looksPersonal,
} from '../privacy/index.ts';

// Semantic Versioning 2.0.0, the regular expression suggested by semver.org.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

export function isSnakeCase(value: string): boolean {
  return /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(value);
}

/** Days per SLA unit, as ODCS writes them (`d`, `day`, `days`, `h`, `hours`, `m`, `y` …). */
const DAYS_PER_UNIT: Record<string, number> = {
  y: 365,
  yr: 365,
  year: 365,
  years: 365,
  mo: 30,
  month: 30,
  months: 30,
  w: 7,
  week: 7,
  weeks: 7,
  d: 1,
  day: 1,
  days: 1,
  h: 1 / 24,
  hr: 1 / 24,
  hour: 1 / 24,
  hours: 1 / 24,
  m: 1 / 1440,
  min: 1 / 1440,
  minute: 1 / 1440,
  minutes: 1 / 1440,
  s: 1 / 86400,
  sec: 1 / 86400,
  second: 1 / 86400,
  seconds: 1 / 86400,
};

/**
 * The value of the contract's SLA property `name` in days, or null when it is absent or
 * not a number in a known unit (an absent unit means days, the ODCS examples' habit).
 */
export function slaInDays(contract: unknown, name: string): number | null {
  const sla = asList(asObject(contract)?.slaProperties)
    .map(asObject)
    .find((s) => s?.property === name);
  if (!sla) return null;
  const value = typeof sla.value === 'number' ? sla.value : Number(sla.value);
  if (typeof sla.value === 'boolean' || sla.value === null || !Number.isFinite(value)) return null;
  const unit = typeof sla.unit === 'string' ? sla.unit.trim().toLowerCase() : 'd';
  const factor = DAYS_PER_UNIT[unit];
  return factor === undefined ? null : value * factor;
}
