/**
 * The plain predicates behind the CEL helper functions (cel-environment.ts): what
 * "personal", "semantic version", "snake_case" and "latency in days" mean in Meshwork's
 * policies. Kept free of CEL so they can be tested and reused on their own.
 */
type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Classifications that by themselves mean a property holds personal data. */
const PERSONAL_CLASSIFICATIONS = new Set(['pii', 'personal', 'sensitive', 'restricted']);
const PERSONAL_TAGS = new Set(['pii', 'personal', 'personal-data', 'gdpr']);

/**
 * Declared personal: classified as such, tagged pii / personal / gdpr, or marked with
 * the custom property `personalData: true`.
 */
export function isPersonal(property: unknown): boolean {
  const p = asObject(property);
  if (!p) return false;
  const classification = typeof p.classification === 'string' ? p.classification : '';
  if (PERSONAL_CLASSIFICATIONS.has(classification.toLowerCase())) return true;
  if (asList(p.tags).some((t) => typeof t === 'string' && PERSONAL_TAGS.has(t.toLowerCase())))
    return true;
  return customProperty(p, 'personalData') === true;
}

/** Words in a column name that usually mean personal data (GDPR Art. 4(1)), German too. */
const PERSONAL_NAME =
  /(^|_)(e_?mail|mail_address|phone|telephone|mobile|fax|first_?name|last_?name|full_?name|surname|given_?name|customer_name|birth_?date|date_of_birth|dob|birthday|street|address|postal_?code|zip_?code|iban|bic|tax_?id|ssn|passport|ip_?address|gender|salary|vorname|nachname|geburtsdatum|telefon|strasse|anschrift)(_|$)/;

const PERSONAL_EXAMPLE = [
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/, // e-mail address
  /^\+?\d[\d /-]{7,}\d$/, // phone number
  /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, // IBAN
];

/** Turns camelCase and kebab-case into snake_case words, so `firstName` reads as `first_name`. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}

/**
 * Looks personal: the (physical) name reads like personal data, an example value looks
 * like an e-mail address, phone number or IBAN, or the format is `email`.
 */
export function looksPersonal(property: unknown): boolean {
  const p = asObject(property);
  if (!p) return false;
  for (const key of ['name', 'physicalName', 'businessName']) {
    const value = p[key];
    if (typeof value === 'string' && PERSONAL_NAME.test(words(value))) return true;
  }
  if (asObject(p.logicalTypeOptions)?.format === 'email') return true;
  return asList(p.examples).some(
    (e) => typeof e === 'string' && PERSONAL_EXAMPLE.some((re) => re.test(e.trim())),
  );
}

/** The value of a `customProperties` entry ({ property, value }) by name, or null. */
export function customProperty(holder: unknown, name: string): unknown {
  const entry = asList(asObject(holder)?.customProperties)
    .map(asObject)
    .find((e) => e?.property === name);
  return entry?.value ?? null;
}

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
