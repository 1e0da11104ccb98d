import type { OdcsProperty, OdcsQualityRule } from '../standards/odcs/index.ts';
import type { CheckKind, ColumnRef, Measure, PlannedCheck } from './check.ts';
import { columnOf } from './plan-property.ts';
import { thresholdOf } from './threshold.ts';

type Scalar = string | number | boolean;

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** ODCS: `severity` is free text; anything but "error" (or absent) only warns. */
export function severityOf(rule: OdcsQualityRule): 'error' | 'warning' {
  const severity = rule.severity?.trim().toLowerCase();
  return severity === undefined || severity === '' || severity === 'error' ? 'error' : 'warning';
}

/**
 * The checks of a `quality` list: the library metrics and SQL rules. `property` is
 * undefined for rules on the schema object. Text and custom rules only describe and are
 * skipped.
 */
export function planQualityRules(
  schema: string,
  property: OdcsProperty | undefined,
  properties: readonly OdcsProperty[],
  rules: readonly OdcsQualityRule[],
): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  const column = property ? columnOf(property) : undefined;
  rules.forEach((rule, index) => {
    const record = rule as Readonly<Record<string, unknown>>;
    const metric = rule.metric ?? legacyMetric(rule.rule);
    const planned =
      rule.type === 'sql' ? planSql(rule) : planMetric(metric, rule, column, properties);
    if (!planned) return;
    const where = property ? `${schema}.${property.name}` : schema;
    checks.push({
      id: rule.id ?? `${where}.quality[${index}].${planned.kind}`,
      schema,
      property: property?.name ?? null,
      kind: planned.kind,
      severity: severityOf(rule),
      measure: planned.measure,
      threshold: thresholdOf(record),
      unit: rule.unit === 'percent' ? 'percent' : 'rows',
      describe: rule.name ?? rule.description ?? planned.describe,
    });
  });
  return checks;
}

interface Planned {
  readonly kind: CheckKind;
  readonly measure: Measure;
  readonly describe: string;
}

function legacyMetric(rule: string | undefined): string | undefined {
  if (rule === 'nullCheck') return 'nullValues';
  if (rule === 'uniqueCheck' || rule === 'duplicateCount') return 'duplicateValues';
  if (rule === 'countCheck') return 'rowCount';
  return rule;
}

function planSql(rule: OdcsQualityRule): Planned | undefined {
  if (typeof rule.query !== 'string') return undefined;
  return { kind: 'sql', measure: { type: 'sql', query: rule.query }, describe: 'SQL rule' };
}

function planMetric(
  metric: string | undefined,
  rule: OdcsQualityRule,
  column: ColumnRef | undefined,
  properties: readonly OdcsProperty[],
): Planned | undefined {
  const args = rule.arguments ?? {};
  const unsupported = (reason: string): Planned => ({
    kind: (metric ?? 'sql') as CheckKind,
    measure: { type: 'unsupported', reason },
    describe: reason,
  });
  switch (metric) {
    case 'rowCount':
      return { kind: 'rowCount', measure: { type: 'rowCount' }, describe: 'row count' };
    case 'nullValues':
      if (!column) return unsupported('nullValues needs a property');
      return {
        kind: 'nullValues',
        measure: { type: 'rows', column, predicate: { kind: 'isNull' } },
        describe: 'null values',
      };
    case 'missingValues': {
      if (!column) return unsupported('missingValues needs a property');
      const listed = Array.isArray(args.missingValues) ? (args.missingValues as unknown[]) : [];
      return {
        kind: 'missingValues',
        measure: {
          type: 'rows',
          column,
          predicate: { kind: 'isMissing', values: listed.filter(isScalar) },
        },
        describe: 'missing values',
      };
    }
    case 'invalidValues': {
      if (!column) return unsupported('invalidValues needs a property');
      // ODCS: invalidValues "counts values that don't match valid criteria", the list of
      // validValues and/or the pattern; a value must meet both when both are given. NULL
      // is no value: it is counted by nullValues / missingValues / required, never here,
      // so a `null` in the list changes nothing, and it must not widen the list: a list
      // of only null (or an empty list) allows no non-null value at all.
      const valid = Array.isArray(args.validValues)
        ? (args.validValues as unknown[]).filter(isScalar)
        : undefined;
      const pattern = typeof args.pattern === 'string' ? args.pattern : undefined;
      if (valid === undefined && pattern === undefined) {
        return unsupported('invalidValues needs validValues or a pattern');
      }
      return {
        kind: 'invalidValues',
        measure: {
          type: 'rows',
          column,
          predicate: {
            kind: 'notIn',
            ...(valid !== undefined ? { values: valid } : {}),
            ...(pattern !== undefined ? { pattern } : {}),
          },
        },
        describe: 'invalid values',
      };
    }
    case 'duplicateValues': {
      const names = Array.isArray(args.properties)
        ? (args.properties as unknown[]).filter((n): n is string => typeof n === 'string')
        : [];
      const columns = names.length
        ? names.map((name) => {
            const found = properties.find((p) => p.name === name);
            return found
              ? columnOf(found)
              : { property: name, column: name, logicalType: undefined, format: undefined };
          })
        : column
          ? [column]
          : [];
      if (columns.length === 0) return unsupported('duplicateValues needs a property');
      return {
        kind: 'duplicateValues',
        measure: { type: 'duplicates', columns },
        describe: 'duplicate values',
      };
    }
    default:
      return undefined;
  }
}
