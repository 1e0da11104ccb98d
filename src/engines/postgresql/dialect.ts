import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import type { Dialect, SamplePlan } from '../engine.ts';
import { sampleInnerColumns, sampleOuterColumns } from '../sql/scan-sample-sql.ts';
import { FLOAT_TYPES, INTEGER_TYPES, baseType, standardLiteral } from '../sql/literals.ts';
import { postgresTypeName } from '../sql/physical-types.ts';

/** PostgreSQL SQL (16 or later: `pg_input_is_valid` is its TRY_CAST). */

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const TEXT_TYPES = new Set([
  'text',
  'character varying',
  'varchar',
  'character',
  'char',
  'bpchar',
  'name',
]);
const NUMERIC_TYPES = new Set([...FLOAT_TYPES, 'numeric', 'decimal']);

function fitsLogicalType(physical: string, logical: OdcsLogicalType): boolean {
  const type = baseType(physical);
  switch (logical) {
    case 'string':
      return true;
    case 'integer':
      return INTEGER_TYPES.has(type);
    case 'number':
      return INTEGER_TYPES.has(type) || NUMERIC_TYPES.has(type);
    case 'boolean':
      return type === 'boolean';
    case 'date':
      return type === 'date';
    case 'timestamp':
      return type.startsWith('timestamp');
    case 'time':
      return type.startsWith('time ') || type === 'time';
    case 'array':
      return type === 'array' || type.endsWith('[]');
    default:
      return !TEXT_TYPES.has(type);
  }
}

const CAST_TYPES: Partial<Record<OdcsLogicalType, string>> = {
  integer: 'numeric',
  number: 'double precision',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  time: 'time',
};

function typedValue(
  expression: string,
  logical: OdcsLogicalType,
  physical: string | undefined,
  _format: string | undefined,
): string {
  if (physical !== undefined && fitsLogicalType(physical, logical)) return expression;
  const type = physical === undefined ? 'text' : baseType(physical);
  const cast = CAST_TYPES[logical];
  if (cast === undefined) return expression;
  if (logical === 'integer' && (INTEGER_TYPES.has(type) || NUMERIC_TYPES.has(type))) {
    return `CASE WHEN ${expression} = trunc(${expression}) THEN ${expression} END`;
  }
  const text = `trim(CAST(${expression} AS text))`;
  const valid =
    logical === 'integer'
      ? `${text} ~ '^[+-]?[0-9]+$'`
      : `pg_input_is_valid(${text}, ${standardLiteral(cast)})`;
  return `CASE WHEN ${valid} THEN CAST(${text} AS ${cast}) END`;
}

const syntax = { quoteIdentifier, asText: (e: string) => `CAST(${e} AS text)` };

/**
 * TABLESAMPLE SYSTEM reads only the sampled share of the table's pages (not every row, as
 * BERNOULLI or ORDER BY random() would); the random order afterwards spreads the LIMIT
 * over all sampled pages instead of the first ones. It applies to tables and materialised
 * views only, which is why the driver plans `first` for a view.
 */
function sampleQuery(relation: string, columns: readonly string[], plan: SamplePlan): string {
  const inner = `SELECT ${sampleInnerColumns(syntax, columns)} FROM ${relation} AS r`;
  const rows = Math.trunc(plan.rows);
  const drawn =
    plan.kind === 'fraction'
      ? `${inner} TABLESAMPLE SYSTEM (${Math.max(plan.fraction * 100, 1e-6).toFixed(6)}) ORDER BY random() LIMIT ${rows}`
      : plan.kind === 'random'
        ? `${inner} ORDER BY random() LIMIT ${rows}`
        : `${inner} LIMIT ${rows}`;
  return `SELECT ${sampleOuterColumns(syntax, columns.length)} FROM (${drawn}) AS s`;
}

export const postgresDialect: Dialect = {
  capabilities: {
    hasCatalog: true,
    supportsFilterClause: true,
    regexFlavor: 'posix-are',
    canServe: true,
    canGrant: true,
  },
  quoteIdentifier,
  literal: standardLiteral,
  typedValue,
  fitsLogicalType,
  physicalTypeName: postgresTypeName,
  regexMatches: (expression, pattern) => `(${expression} ~ ${standardLiteral(pattern)})`,
  asText: (expression) => `CAST(${expression} AS text)`,
  comparable: (expression) => expression,
  textLength: (expression) => `char_length(${expression})`,
  itemCount: (expression) => `cardinality(${expression})`,
  hasDuplicateItems: (expression) =>
    `((SELECT count(DISTINCT e) FROM unnest(${expression}) AS e) <> (SELECT count(e) FROM unnest(${expression}) AS e))`,
  typedLiteral: (value, logical) =>
    `CAST(${standardLiteral(value)} AS ${CAST_TYPES[logical] ?? 'text'})`,
  ageSeconds: (expression) => `EXTRACT(EPOCH FROM (now() - CAST(${expression} AS timestamptz)))`,
  countIf: (predicate) => `count(*) FILTER (WHERE ${predicate})`,
  modulo: (left, right) => `mod(${left}, ${right})`,
  sampleQuery,
};
