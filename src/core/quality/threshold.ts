import { ODCS_QUALITY_OPERATORS } from '../standards/odcs/index.ts';
import type { OdcsQualityOperator } from '../standards/odcs/index.ts';
import type { Threshold } from './check.ts';

/** A rule's operator and bound; a rule without one asks for zero offending rows. */
export function thresholdOf(rule: Readonly<Record<string, unknown>>): Threshold {
  for (const operator of ODCS_QUALITY_OPERATORS) {
    const value = rule[operator];
    if (typeof value === 'number') return { operator, value };
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      return { operator, value: Number(value) };
    }
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number'
    ) {
      const [low, high] = value[0] <= value[1] ? [value[0], value[1]] : [value[1], value[0]];
      return { operator, value: [low, high] };
    }
  }
  return ZERO;
}

export const ZERO: Threshold = { operator: 'mustBe', value: 0 };

/**
 * Whether a measured value satisfies the threshold. Between includes its bounds and
 * not-between excludes them (the standard's reading, see core/standards/odcs/quality.ts).
 */
export function satisfies(value: number, threshold: Threshold): boolean {
  const bound = threshold.value;
  if (typeof bound !== 'number') {
    const inside = value >= bound[0] && value <= bound[1];
    return threshold.operator === 'mustNotBeBetween' ? !inside : inside;
  }
  switch (threshold.operator) {
    case 'mustBe':
      return value === bound;
    case 'mustNotBe':
      return value !== bound;
    case 'mustBeGreaterThan':
      return value > bound;
    case 'mustBeGreaterOrEqualTo':
      return value >= bound;
    case 'mustBeLessThan':
      return value < bound;
    case 'mustBeLessOrEqualTo':
      return value <= bound;
    default:
      return false;
  }
}

const WORDS: Readonly<Record<OdcsQualityOperator, string>> = {
  mustBe: '=',
  mustNotBe: '≠',
  mustBeGreaterThan: '>',
  mustBeGreaterOrEqualTo: '≥',
  mustBeLessThan: '<',
  mustBeLessOrEqualTo: '≤',
  mustBeBetween: 'between',
  mustNotBeBetween: 'not between',
};

export function describeThreshold(threshold: Threshold): string {
  const bound = threshold.value;
  const text = typeof bound === 'number' ? String(bound) : `${bound[0]} and ${bound[1]}`;
  return `${WORDS[threshold.operator]} ${text}`;
}
