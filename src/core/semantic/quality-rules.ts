import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { semanticCodes } from './catalogue.ts';
import type { OdcsContractLike } from './contract-like.ts';
import type { QualitySite, Rec } from './contract-walk.ts';
import { directProperties, isRecord, qualitySites, stringAt } from './contract-walk.ts';
import { ODCS_QUALITY_OPERATORS } from '../standards/odcs/quality.ts';
import { checkComparison, show } from './quality-comparison.ts';

/** The ODCS v3.1 library metrics and where each may be written. */
const METRIC_LEVELS = {
  nullValues: 'property',
  missingValues: 'property',
  invalidValues: 'property',
  duplicateValues: 'either',
  rowCount: 'object',
} as const;
type Metric = keyof typeof METRIC_LEVELS;

/** ODCS v3.0 wrote `rule:` with these names; v3.1 renamed it `metric:`. */
const V30_RULES: Readonly<Record<string, Metric>> = {
  duplicateCount: 'duplicateValues',
  validValues: 'invalidValues',
  rowCount: 'rowCount',
};

const isMetric = (name: string): name is Metric => Object.hasOwn(METRIC_LEVELS, name);

/** The kind of a rule: `type`, defaulting to library when a metric (or v3.0 rule) is named. */
export function qualityKind(rule: Rec): string | undefined {
  const type = stringAt(rule, 'type');
  if (type !== undefined) return type;
  return rule.metric !== undefined || rule.rule !== undefined ? 'library' : undefined;
}

/** Checks library and SQL quality rules for everything but the SQL text itself. */
export function checkQualityRules(contract: OdcsContractLike): DocumentIssue[] {
  const apiVersion = isRecord(contract) ? stringAt(contract, 'apiVersion') : undefined;
  const issues: DocumentIssue[] = [];
  for (const site of qualitySites(contract)) {
    const kind = qualityKind(site.rule);
    if (kind === 'library') issues.push(...checkLibraryRule(site, apiVersion));
    if (kind === 'library' || kind === 'sql') issues.push(...checkComparison(site));
  }
  return issues;
}

function checkLibraryRule(site: QualitySite, apiVersion: string | undefined): DocumentIssue[] {
  const { rule, path } = site;
  const at = formatPath(path);
  const metricName = stringAt(rule, 'metric');
  const ruleName = stringAt(rule, 'rule');
  const written = metricName ?? ruleName;
  if (written === undefined) return [issue(semanticCodes, 'quality-metric-missing', { at }, path)];

  const issues: DocumentIssue[] = [];
  const metric =
    metricName ?? (ruleName === undefined ? undefined : (V30_RULES[ruleName] ?? ruleName));
  const key = metricName === undefined ? 'rule' : 'metric';
  if (metric === undefined || !isMetric(metric)) {
    return [
      issue(semanticCodes, 'quality-metric-unknown', { at, metric: written }, [...path, key]),
    ];
  }
  if (metricName === undefined && ruleName !== undefined && !apiVersion?.startsWith('v3.0')) {
    issues.push(
      issue(semanticCodes, 'quality-rule-deprecated', { at, rule: ruleName, metric }, [
        ...path,
        'rule',
      ]),
    );
  }
  issues.push(...checkLevel(site, metric, key), ...checkArguments(site, metric));
  issues.push(...checkThresholdsAreNumbers(site, metric));
  if (metric === 'rowCount' && rule.unit === 'percent') {
    issues.push(
      issue(semanticCodes, 'quality-unit-not-applicable', { at, metric, unit: 'percent' }, [
        ...path,
        'unit',
      ]),
    );
  }
  return issues;
}

function checkLevel(site: QualitySite, metric: Metric, key: string): DocumentIssue[] {
  const expected = METRIC_LEVELS[metric];
  const onProperty = site.property !== undefined;
  if (expected === 'either' || (expected === 'property') === onProperty) return [];
  const objectName = site.object.name ?? 'the schema object';
  return [
    issue(
      semanticCodes,
      'quality-metric-wrong-level',
      {
        at: formatPath(site.path),
        metric,
        level: onProperty
          ? `property "${site.property?.name ?? '?'}"`
          : `schema object "${objectName}"`,
        expected: expected === 'object' ? `the schema object ("${objectName}")` : 'a property',
      },
      [...site.path, key],
    ),
  ];
}

function checkArguments(site: QualitySite, metric: Metric): DocumentIssue[] {
  const { rule, path } = site;
  const at = formatPath(path);
  const args = rule.arguments;
  if (args !== undefined && !isRecord(args)) {
    return [invalidArgument(path, 'arguments', 'a mapping of argument names to values')];
  }
  const argument = (name: string): unknown => (args === undefined ? undefined : args[name]);
  const argPath = (name: string): DocPath => [...path, 'arguments', name];
  const issues: DocumentIssue[] = [];

  switch (metric) {
    case 'invalidValues': {
      // v3.0 wrote the valid values next to `rule: validValues`, not under `arguments`.
      const legacy = args === undefined && rule.validValues !== undefined;
      const validValues = legacy ? rule.validValues : argument('validValues');
      const pattern = argument('pattern');
      if (validValues === undefined && pattern === undefined) {
        issues.push(
          issue(
            semanticCodes,
            'quality-argument-missing',
            {
              at,
              metric,
              needs:
                'arguments.validValues (the allowed values) or arguments.pattern (a regular expression)',
              example: "validValues: ['kg', 'lb'] or pattern: '^[A-Z]{2}$'",
            },
            path,
          ),
        );
      }
      if (validValues !== undefined && !Array.isArray(validValues)) {
        issues.push(
          invalidArgument(
            legacy ? [...path, 'validValues'] : argPath('validValues'),
            'validValues',
            'a list of values',
          ),
        );
      }
      if (pattern !== undefined) issues.push(...checkPattern(pattern, argPath('pattern')));
      break;
    }
    case 'missingValues': {
      // Optional: without it, engines count nulls (and empty strings) as missing.
      const missing = argument('missingValues');
      if (missing !== undefined && !Array.isArray(missing)) {
        issues.push(
          invalidArgument(
            argPath('missingValues'),
            'missingValues',
            "a list of values, e.g. [null, '', 'N/A']",
          ),
        );
      }
      break;
    }
    case 'duplicateValues':
      if (site.property === undefined)
        issues.push(...checkDuplicateColumns(site, argument('properties')));
      break;
    default:
      break;
  }
  return issues;
}

/** Object-level duplicateValues counts duplicates over the listed properties. */
function checkDuplicateColumns(site: QualitySite, properties: unknown): DocumentIssue[] {
  const path = [...site.path, 'arguments', 'properties'];
  const at = formatPath(site.path);
  if (properties === undefined) {
    return [
      issue(
        semanticCodes,
        'quality-argument-missing',
        {
          at,
          metric: 'duplicateValues',
          needs:
            'arguments.properties (the properties whose combination must be unique) when written on a schema object',
          example: 'properties: [tenant_id, order_id]',
        },
        site.path,
      ),
    ];
  }
  if (
    !Array.isArray(properties) ||
    properties.length === 0 ||
    !properties.every((p) => typeof p === 'string')
  ) {
    return [invalidArgument(path, 'properties', 'a non-empty list of property names')];
  }
  const known = directProperties(site.object.record, site.object.path, site.object)
    .map((p) => p.name)
    .filter((name): name is string => name !== undefined);
  const issues: DocumentIssue[] = [];
  properties.forEach((name, index) => {
    if (known.includes(name)) return;
    issues.push(
      issue(
        semanticCodes,
        'quality-argument-unknown-property',
        {
          at: formatPath([...path, index]),
          property: name,
          object: site.object.name ?? '?',
          known: known.join(', '),
        },
        [...path, index],
      ),
    );
  });
  return issues;
}

/**
 * ODCS asks for ECMA-262 regular expressions. They are compiled as JavaScript compiles
 * them without flags (annex B included), which is what "ECMA-262" accepts in practice;
 * whether the engine that runs the check supports every feature (look-behind,
 * back-references) is the engine's concern at test time.
 */
function checkPattern(pattern: unknown, path: DocPath): DocumentIssue[] {
  if (typeof pattern !== 'string')
    return [invalidArgument(path, 'pattern', 'a regular expression in a string')];
  try {
    new RegExp(pattern);
    return [];
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.message.replace(/^Invalid regular expression: /, '')
        : String(error);
    return [
      issue(
        semanticCodes,
        'quality-pattern-invalid',
        { at: formatPath(path), pattern: JSON.stringify(pattern), reason },
        path,
      ),
    ];
  }
}

function invalidArgument(path: DocPath, argument: string, expected: string): DocumentIssue {
  return issue(
    semanticCodes,
    'quality-argument-invalid',
    { at: formatPath(path), argument, expected },
    path,
  );
}

/** The library metrics count rows (or a percentage of them): thresholds are numbers. */
function checkThresholdsAreNumbers(site: QualitySite, metric: Metric): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  for (const operator of ODCS_QUALITY_OPERATORS) {
    const value = site.rule[operator];
    // Ranges are checked with the comparison, for the library and SQL rules alike.
    if (value === undefined || operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
      continue;
    }
    if (typeof value === 'number') continue;
    const path = [...site.path, operator];
    issues.push(
      issue(
        semanticCodes,
        'quality-threshold-not-number',
        { at: formatPath(path), operator, metric, value: show(value) },
        path,
      ),
    );
  }
  return issues;
}
