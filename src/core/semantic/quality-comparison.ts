import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import type { OdcsQualityOperator } from '../standards/odcs/quality.ts';
import { ODCS_QUALITY_OPERATORS } from '../standards/odcs/quality.ts';
import { describeValue } from '../standards/structure-issues.ts';
import { semanticCodes } from './catalogue.ts';
import type { QualitySite } from './contract-walk.ts';

/** Exactly one operator, ranges as two ascending numbers, and a unit that can be compared. */
export function checkComparison(site: QualitySite): DocumentIssue[] {
  const { rule, path } = site;
  const at = formatPath(path);
  const present = ODCS_QUALITY_OPERATORS.filter((op) => rule[op] !== undefined);
  const issues: DocumentIssue[] = [];
  if (present.length === 0)
    issues.push(issue(semanticCodes, 'quality-operator-missing', { at }, path));
  if (present.length > 1) {
    issues.push(
      issue(
        semanticCodes,
        'quality-operator-conflict',
        { at, operators: present.join(', ') },
        [...path, present[1]!],
        {
          atKey: true,
        },
      ),
    );
  }
  for (const operator of present) {
    if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
      issues.push(...checkBetween(rule[operator], operator, [...path, operator]));
    }
  }
  issues.push(...checkUnit(site, present));
  return issues;
}

/**
 * `mustBeBetween: [a, b]` means a <= value <= b (and mustNotBeBetween its negation). The
 * written standard is silent on whether the bounds are included (and once calls it
 * "equivalent to mustBeGreaterThan and mustBeLessThan"); the widely used datacontract CLI
 * includes them, and so does Meshwork. Equal bounds are rejected as the JSON Schema
 * rejects them (uniqueItems); `mustBe` says that more clearly.
 */
function checkBetween(
  value: unknown,
  operator: OdcsQualityOperator,
  path: DocPath,
): DocumentIssue[] {
  const at = formatPath(path);
  const fail = (detail: string): DocumentIssue[] => [
    issue(semanticCodes, 'quality-between-invalid', { at, operator, detail }, path),
  ];
  if (!Array.isArray(value) || value.length !== 2) {
    return fail(`must be a list of exactly two numbers, found ${show(value)}`);
  }
  const [low, high] = value as unknown[];
  if (
    typeof low !== 'number' ||
    typeof high !== 'number' ||
    !Number.isFinite(low) ||
    !Number.isFinite(high)
  ) {
    return fail(`must hold two numbers, found ${JSON.stringify(value)}`);
  }
  if (low === high)
    return fail(`has equal bounds [${low}, ${high}]; use mustBe: ${low} for a single value`);
  if (low > high)
    return fail(`is [${low}, ${high}], but the smaller bound must come first: [${high}, ${low}]`);
  return [];
}

function checkUnit(site: QualitySite, operators: readonly OdcsQualityOperator[]): DocumentIssue[] {
  const unit = site.rule.unit;
  if (unit === undefined) return [];
  const path = [...site.path, 'unit'];
  if (unit !== 'rows' && unit !== 'percent') {
    return [
      issue(
        semanticCodes,
        'quality-unit-unknown',
        { at: formatPath(path), unit: typeof unit === 'string' ? unit : describeValue(unit) },
        path,
      ),
    ];
  }
  if (unit !== 'percent') return [];
  const issues: DocumentIssue[] = [];
  for (const operator of operators) {
    const value = site.rule[operator];
    const numbers = (Array.isArray(value) ? value : [value]).filter(
      (v): v is number => typeof v === 'number',
    );
    if (numbers.some((n) => n < 0 || n > 100)) {
      const opPath = [...site.path, operator];
      issues.push(
        issue(
          semanticCodes,
          'quality-percent-out-of-range',
          { at: formatPath(opPath), operator, value: JSON.stringify(value) },
          opPath,
        ),
      );
    }
  }
  return issues;
}

/** A value for a message: lists written out (they are short here), anything else described. */
export function show(value: unknown): string {
  return Array.isArray(value) ? JSON.stringify(value) : describeValue(value);
}
