import type { OdcsProperty } from '../standards/odcs/index.ts';
import type { CheckKind, ColumnRef, CompareOp, PlannedCheck, RowPredicate } from './check.ts';
import { STRING_FORMATS } from './formats.ts';
import { ZERO } from './threshold.ts';

/** Logical types whose values a row-level cast can test. */
const CASTABLE = new Set(['string', 'date', 'timestamp', 'time', 'number', 'integer', 'boolean']);

export function columnOf(property: OdcsProperty): ColumnRef {
  const options = property.logicalTypeOptions ?? {};
  const format = typeof options.format === 'string' ? options.format : undefined;
  return {
    property: property.name,
    column: property.physicalName ?? property.name,
    logicalType: property.logicalType,
    format,
  };
}

/**
 * The checks a property's own declarations ask for: present, type, required, unique and
 * the logicalTypeOptions / enum constraints. Keys and relationships are planned with the
 * schema object, quality rules in plan-quality.ts.
 */
export function planPropertyChecks(schema: string, property: OdcsProperty): PlannedCheck[] {
  const column = columnOf(property);
  const checks: PlannedCheck[] = [];
  const base = { schema, property: property.name, severity: 'error' as const };
  const add = (kind: CheckKind, predicate: RowPredicate, describe: string): void => {
    checks.push({
      ...base,
      id: `${schema}.${property.name}.${kind}`,
      kind,
      measure: { type: 'rows', column, predicate },
      threshold: ZERO,
      unit: 'rows',
      describe,
    });
  };

  checks.push({
    ...base,
    id: `${schema}.${property.name}.present`,
    kind: 'present',
    measure: { type: 'present', column, required: property.required === true },
    threshold: ZERO,
    unit: 'rows',
    describe: `column "${column.column}" must exist`,
  });
  if (property.logicalType && CASTABLE.has(property.logicalType)) {
    add('type', { kind: 'notCastable' }, `values must be of type ${property.logicalType}`);
  }
  if (typeof property.physicalType === 'string' && property.physicalType.trim() !== '') {
    // Its own id: a column can hold only castable values and still have the wrong type.
    checks.push({
      ...base,
      id: `${schema}.${property.name}.physicalType`,
      kind: 'type',
      measure: { type: 'physicalType', column, declared: property.physicalType },
      threshold: ZERO,
      unit: 'rows',
      describe: `physical type must be ${property.physicalType}`,
    });
  }
  if (property.required === true) add('required', { kind: 'isNull' }, 'must not be null');
  if (property.unique === true) {
    checks.push({
      ...base,
      id: `${schema}.${property.name}.unique`,
      kind: 'unique',
      measure: { type: 'duplicates', columns: [column] },
      threshold: ZERO,
      unit: 'rows',
      describe: 'values must be unique',
    });
  }
  const options = property.logicalTypeOptions ?? {};
  const number = (key: string): number | undefined =>
    typeof options[key] === 'number' ? options[key] : undefined;
  const bound = (key: string): number | string | undefined =>
    typeof options[key] === 'number' || typeof options[key] === 'string' ? options[key] : undefined;

  const minLength = number('minLength');
  if (minLength !== undefined) {
    add('minLength', { kind: 'length', op: '<', bound: minLength }, `length ≥ ${minLength}`);
  }
  const maxLength = number('maxLength');
  if (maxLength !== undefined) {
    add('maxLength', { kind: 'length', op: '>', bound: maxLength }, `length ≤ ${maxLength}`);
  }
  if (typeof options.pattern === 'string') {
    add(
      'pattern',
      { kind: 'notMatching', pattern: options.pattern },
      `must match /${options.pattern}/`,
    );
  }
  if (property.logicalType === 'string' && column.format !== undefined) {
    const pattern = STRING_FORMATS[column.format];
    if (pattern !== undefined) {
      add('format', { kind: 'format', format: column.format }, `must be a valid ${column.format}`);
    }
  }
  const bounds: readonly [CheckKind, CompareOp, string][] = [
    ['minimum', '<', '≥'],
    ['maximum', '>', '≤'],
    ['exclusiveMinimum', '<=', '>'],
    ['exclusiveMaximum', '>=', '<'],
  ];
  for (const [kind, op, word] of bounds) {
    const value = bound(kind);
    if (value !== undefined)
      add(kind, { kind: 'compare', op, bound: value }, `must be ${word} ${value}`);
  }
  const multipleOf = number('multipleOf');
  if (multipleOf !== undefined && multipleOf > 0) {
    add('multipleOf', { kind: 'notMultipleOf', divisor: multipleOf }, `multiple of ${multipleOf}`);
  }
  const minItems = number('minItems');
  if (minItems !== undefined) {
    add('minItems', { kind: 'itemCount', op: '<', bound: minItems }, `at least ${minItems} items`);
  }
  const maxItems = number('maxItems');
  if (maxItems !== undefined) {
    add('maxItems', { kind: 'itemCount', op: '>', bound: maxItems }, `at most ${maxItems} items`);
  }
  if (options.uniqueItems === true) {
    add('uniqueItems', { kind: 'duplicateItems' }, 'items must be unique');
  }
  if (property.enum && property.enum.length > 0) {
    const values = property.enum
      .map((entry) => entry.value)
      .filter((value): value is string | number | boolean => value !== null);
    // A `null` entry allows NULL, which no enum check counts anyway; it must not make the
    // list allow everything (plan-quality.ts, invalidValues, says the same).
    const describe = values.length === 0 ? 'must be null' : `must be one of ${values.join(', ')}`;
    add('enum', { kind: 'notIn', values }, describe);
  }
  return checks;
}
