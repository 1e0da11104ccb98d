import { isDeepEqual } from '../standards/odcs/deep-equal.ts';

/**
 * One difference between two versions of a data contract, classified by what it does to
 * the contract's consumers (docs/diff.md has the whole table).
 *
 * - `breaking`: a consumer or producer that worked against the old version can fail
 *   against the new one (something removed, a type changed, a constraint tightened, a
 *   promise weakened).
 * - `warning`: nothing fails by itself, but consumers should look (a constraint loosened,
 *   a type widened, a deprecation).
 * - `info`: additions and wording.
 */
export type ChangeSeverity = 'breaking' | 'warning' | 'info';

/** Equality of parsed YAML values (the ODCS model's own, object keys in any order). */
export const sameJson = isDeepEqual;

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ContractChange {
  /** Where, naming list elements by name: `$.schema[orders].properties[amount].logicalType`. */
  readonly path: string;
  readonly change: ChangeKind;
  readonly severity: ChangeSeverity;
  /** The old value; `null` when added. For added/removed list elements, their name. */
  readonly from: unknown;
  /** The new value; `null` when removed. */
  readonly to: unknown;
  readonly reason: string;
}

const PLAIN_NAME = /^[A-Za-z0-9_.@#:/,>-]+$/;

/** `$.schema` + `orders` → `$.schema[orders]`; other names are quoted: `['first name']`. */
export function item(path: string, name: string): string {
  return PLAIN_NAME.test(name) ? `${path}[${name}]` : `${path}['${name.replaceAll("'", "\\'")}']`;
}

/** `$.schema[orders]` + `description` → `$.schema[orders].description`. */
export function field(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : item(path, key);
}

/**
 * Collects the changes of one comparison. `record` skips values that are equal, so the
 * comparers can call it for every key they look at.
 */
export class ChangeLog {
  readonly changes: ContractChange[] = [];

  record(path: string, from: unknown, to: unknown, severity: ChangeSeverity, reason: string): void {
    if (isDeepEqual(from, to)) return;
    const change: ChangeKind =
      from === undefined ? 'added' : to === undefined ? 'removed' : 'changed';
    this.changes.push({ path, change, severity, from: from ?? null, to: to ?? null, reason });
  }

  /** An element of a list appeared or disappeared; `from`/`to` hold its name. */
  element(
    path: string,
    change: 'added' | 'removed',
    name: string,
    severity: ChangeSeverity,
    reason: string,
  ): void {
    this.changes.push({
      path,
      change,
      severity,
      from: change === 'removed' ? name : null,
      to: change === 'added' ? name : null,
      reason,
    });
  }
}

/**
 * Every key of two objects not in `handled`, compared as a whole: wording and metadata
 * (descriptions, tags, custom properties …), reported as `info` unless `severityOf` says
 * otherwise.
 */
export function recordRest(
  log: ChangeLog,
  path: string,
  from: object | undefined,
  to: object | undefined,
  handled: ReadonlySet<string>,
  severityOf: (key: string) => ChangeSeverity = () => 'info',
): void {
  const left = (from ?? {}) as Readonly<Record<string, unknown>>;
  const right = (to ?? {}) as Readonly<Record<string, unknown>>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  for (const key of keys) {
    if (handled.has(key)) continue;
    const severity = severityOf(key);
    recordValue(log, field(path, key), left[key], right[key], severity);
  }
}

/** Nested objects (`description.usage`) are followed, so the path names the changed text. */
function recordValue(
  log: ChangeLog,
  path: string,
  from: unknown,
  to: unknown,
  severity: ChangeSeverity,
): void {
  if (isPlainObject(from) && isPlainObject(to)) {
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)]))
      recordValue(log, field(path, key), from[key], to[key], severity);
    return;
  }
  log.record(path, from, to, severity, restReason(severity));
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function restReason(severity: ChangeSeverity): string {
  return severity === 'info'
    ? 'Wording or metadata: does not change the data consumers receive.'
    : 'Consumers that depend on this setting must be checked.';
}
