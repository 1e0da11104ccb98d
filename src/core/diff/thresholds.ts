/**
 * The values a quality rule's operator accepts, as a set of numbers, so two thresholds can
 * be compared whatever operators they use: the new rule is looser when it accepts every
 * value the old one accepted, and breaking as soon as it rejects one of them.
 */
type Interval = {
  readonly kind: 'interval';
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
};
/** Everything outside [lo, hi] (mustNotBeBetween excludes its bounds' range). */
type Outside = { readonly kind: 'outside'; readonly lo: number; readonly hi: number };
type Exact = { readonly kind: 'is' | 'isNot'; readonly value: string };
export type Accepted = Interval | Outside | Exact;

type Rule = Readonly<Record<string, unknown>>;

const interval = (lo: number, loOpen: boolean, hi: number, hiOpen: boolean): Interval => ({
  kind: 'interval',
  lo,
  loOpen,
  hi,
  hiOpen,
});

/** What the rule's operator accepts, or undefined when the rule has no operator. */
export function acceptedBy(rule: Rule): Accepted | undefined {
  const n = (key: string): number | undefined =>
    typeof rule[key] === 'number' ? rule[key] : undefined;
  const gt = n('mustBeGreaterThan');
  if (gt !== undefined) return interval(gt, true, Infinity, true);
  const ge = n('mustBeGreaterOrEqualTo');
  if (ge !== undefined) return interval(ge, false, Infinity, true);
  const lt = n('mustBeLessThan');
  if (lt !== undefined) return interval(-Infinity, true, lt, true);
  const le = n('mustBeLessOrEqualTo');
  if (le !== undefined) return interval(-Infinity, true, le, false);
  const between = pair(rule.mustBeBetween);
  if (between) return interval(between[0], false, between[1], false);
  const notBetween = pair(rule.mustNotBeBetween);
  if (notBetween) return { kind: 'outside', lo: notBetween[0], hi: notBetween[1] };
  if (rule.mustBe !== undefined) {
    return typeof rule.mustBe === 'number'
      ? interval(rule.mustBe, false, rule.mustBe, false)
      : { kind: 'is', value: JSON.stringify(rule.mustBe) };
  }
  if (rule.mustNotBe !== undefined) return { kind: 'isNot', value: JSON.stringify(rule.mustNotBe) };
  return undefined;
}

function pair(value: unknown): readonly [number, number] | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [a, b] = value as unknown[];
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  return a <= b ? [a, b] : [b, a];
}

/** Whether every value `a` accepts is accepted by `b`. */
export function isSubset(a: Accepted, b: Accepted): boolean {
  if (a.kind === 'interval' && b.kind === 'interval') {
    const loOk = b.lo < a.lo || (b.lo === a.lo && (!b.loOpen || a.loOpen));
    const hiOk = b.hi > a.hi || (b.hi === a.hi && (!b.hiOpen || a.hiOpen));
    return loOk && hiOk;
  }
  if (a.kind === 'outside' && b.kind === 'outside') return b.lo >= a.lo && b.hi <= a.hi;
  if (a.kind === 'interval' && b.kind === 'outside') {
    // The interval must miss [b.lo, b.hi] entirely.
    const below = a.hi < b.lo || (a.hi === b.lo && a.hiOpen);
    const above = a.lo > b.hi || (a.lo === b.hi && a.loOpen);
    return below || above;
  }
  if (a.kind === 'outside' && b.kind === 'interval') {
    return b.lo === -Infinity && b.hi === Infinity;
  }
  if (a.kind === 'outside' || b.kind === 'outside') return false;
  if (a.kind === 'interval' || b.kind === 'interval') return false;
  return a.kind === b.kind && a.value === b.value;
}
