import type { OdcsQualityRule } from '../standards/odcs/index.ts';
import { ODCS_QUALITY_OPERATORS } from '../standards/odcs/index.ts';
import type { ChangeLog, ChangeSeverity } from './change.ts';
import { field, item, recordRest, sameJson } from './change.ts';
import { matchElements } from './match.ts';
import { acceptedBy, isSubset } from './thresholds.ts';

/**
 * Quality rules of a contract, schema object or property. A rule is a promise about the
 * data: removing it, or tightening its threshold, is breaking; loosening it, adding a
 * rule or changing what it checks is a warning (a new rule may fail on data that passed
 * before, but it does not change the data's shape). Rules are matched by `id`, else by
 * `name`, else by metric (or type), in order.
 */
const OPERATORS: ReadonlySet<string> = new Set(ODCS_QUALITY_OPERATORS);

/** What the rule checks: a change here makes it another rule. */
const DEFINITION = new Set(['metric', 'rule', 'type', 'query', 'engine', 'implementation', 'unit']);

export function qualityLabel(rule: OdcsQualityRule): string {
  return rule.name ?? rule.metric ?? rule.rule ?? rule.type ?? 'rule';
}

export function diffQuality(
  log: ChangeLog,
  path: string,
  from: readonly OdcsQualityRule[] | undefined,
  to: readonly OdcsQualityRule[] | undefined,
): void {
  for (const pair of matchElements(from, to, (r) => r.id, qualityLabel)) {
    const at = item(path, pair.label);
    if (!pair.to) {
      log.element(at, 'removed', pair.label, 'breaking', 'A quality guarantee is removed.');
    } else if (!pair.from) {
      log.element(
        at,
        'added',
        pair.label,
        'warning',
        'A new quality rule: data that passed before may fail it.',
      );
    } else {
      diffRule(log, at, pair.from, pair.to);
    }
  }
}

type Fields = Readonly<Record<string, unknown>>;

function diffRule(log: ChangeLog, at: string, a: OdcsQualityRule, b: OdcsQualityRule): void {
  const left: Fields = a;
  const right: Fields = b;
  const operators = [...OPERATORS].filter((k) => left[k] !== undefined || right[k] !== undefined);
  if (operators.some((k) => !sameJson(left[k], right[k]))) {
    const { severity, reason } = thresholdChange(left, right);
    const only = operators.length === 1 ? operators[0] : undefined;
    const pick = (r: Fields): Fields =>
      Object.fromEntries(operators.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
    if (only) log.record(field(at, only), left[only], right[only], severity, reason);
    else log.record(at, pick(left), pick(right), severity, reason);
  }
  diffArguments(log, field(at, 'arguments'), a.arguments, b.arguments);
  for (const key of DEFINITION) {
    log.record(
      field(at, key),
      left[key],
      right[key],
      'warning',
      'The rule checks something else now; review whether it still holds for consumers.',
    );
  }
  recordRest(log, at, a, b, new Set([...OPERATORS, ...DEFINITION, 'arguments']));
}

function thresholdChange(
  a: Fields,
  b: Fields,
): { readonly severity: ChangeSeverity; readonly reason: string } {
  const before = acceptedBy(a);
  const after = acceptedBy(b);
  if (!after)
    return { severity: 'warning', reason: 'Loosened: the rule no longer has a threshold.' };
  if (!before) return { severity: 'breaking', reason: 'Tightened: the rule has a threshold now.' };
  if (!isSubset(before, after))
    return {
      severity: 'breaking',
      reason: 'Tightened: the rule rejects values it accepted before.',
    };
  if (!isSubset(after, before)) {
    return {
      severity: 'warning',
      reason: 'Loosened: the rule accepts values it rejected before; the guarantee is weaker.',
    };
  }
  return { severity: 'info', reason: 'The same threshold, written differently.' };
}

/** `invalidValues` arguments: fewer `validValues` tighten the rule, more loosen it. */
function diffArguments(
  log: ChangeLog,
  at: string,
  a: Readonly<Record<string, unknown>> | undefined,
  b: Readonly<Record<string, unknown>> | undefined,
): void {
  const left = a ?? {};
  const right = b ?? {};
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const x = left[key];
    const y = right[key];
    if (sameJson(x, y)) continue;
    if (key === 'validValues' && Array.isArray(x) && Array.isArray(y)) {
      diffValueSet(log, field(at, key), x as unknown[], y as unknown[]);
    } else if (key === 'pattern') {
      log.record(
        field(at, key),
        x,
        y,
        y === undefined ? 'warning' : 'breaking',
        y === undefined
          ? 'Loosened: any value passes now.'
          : 'A new or changed pattern rejects values the old one accepted.',
      );
    } else {
      log.record(field(at, key), x, y, 'warning', 'The rule checks something else now; review it.');
    }
  }
}

/** Allowed values (enum, validValues): a removed one is breaking, an added one a warning. */
export function diffValueSet(
  log: ChangeLog,
  at: string,
  from: readonly unknown[],
  to: readonly unknown[],
): void {
  const key = (v: unknown): string => JSON.stringify(v);
  const before = new Set(from.map(key));
  const after = new Set(to.map(key));
  for (const v of from) {
    if (!after.has(key(v)))
      log.element(
        item(at, String(v)),
        'removed',
        String(v),
        'breaking',
        'A value that was allowed is rejected now.',
      );
  }
  for (const v of to) {
    if (!before.has(key(v)))
      log.element(
        item(at, String(v)),
        'added',
        String(v),
        'warning',
        'A new allowed value: consumers that handle every value must handle it.',
      );
  }
}
