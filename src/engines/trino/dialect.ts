import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import type { Dialect, SamplePlan } from '../engine.ts';
import { SAMPLE_VALUE_MAX_CHARS } from '../engine.ts';
import { sampleAlias, sampleInnerColumns } from '../sql/scan-sample-sql.ts';
import { FLOAT_TYPES, INTEGER_TYPES, standardLiteral } from '../sql/literals.ts';
import { trinoTypeName } from '../sql/physical-types.ts';

/**
 * Trino SQL (476): standard quoting and literals (no backslash escapes), `FILTER`,
 * `TRY_CAST`. Regular expressions are Trino's default library, Joni (Oniguruma's Java port,
 * Perl/Ruby syntax: look-ahead and back-references work, as tested against the real
 * server), hence `pcre`; a server configured with `regex-library=RE2J` would refuse those.
 */

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `timestamp(3) with time zone` → `timestamp with time zone`, `array(integer)` → `array`. */
export function trinoBaseType(physical: string): string {
  const type = physical.trim().toLowerCase();
  if (/^(array|map|row)\s*\(/.test(type)) return type.slice(0, type.indexOf('(')).trim();
  return type
    .replace(/\(\s*\d+\s*(,\s*\d+\s*)?\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const NUMERIC = new Set([...FLOAT_TYPES, 'decimal']);

function fitsLogicalType(physical: string, logical: OdcsLogicalType): boolean {
  const type = trinoBaseType(physical);
  switch (logical) {
    case 'string':
      return true;
    case 'integer':
      return INTEGER_TYPES.has(type);
    case 'number':
      return INTEGER_TYPES.has(type) || NUMERIC.has(type);
    case 'boolean':
      return type === 'boolean';
    case 'date':
      return type === 'date';
    case 'timestamp':
      return type.startsWith('timestamp');
    case 'time':
      return type === 'time' || type === 'time with time zone';
    case 'array':
      return type === 'array';
    default:
      return type !== 'varchar' && type !== 'char';
  }
}

/** Cast targets of the logical types; timestamps as instants, as PostgreSQL's timestamptz. */
const CAST_TYPES: Partial<Record<OdcsLogicalType, string>> = {
  integer: 'decimal(38, 0)',
  number: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp(6) with time zone',
  time: 'time(6)',
};

const TEXT_TYPES = new Set(['varchar', 'char', 'json']);
const TEMPORAL: ReadonlySet<OdcsLogicalType> = new Set(['date', 'timestamp', 'time']);

/**
 * `format` is not applied (as on PostgreSQL and MySQL): Trino's CAST reads ISO 8601 text.
 * Text is trimmed and cast; other types are cast as they are (a timestamp to a date), since
 * their text form would not read back (`2024-01-01 00:00:00.000` is no date); a number is
 * never a date, and Trino refuses that cast while planning, so it is NULL typed.
 */
function typedValue(
  expression: string,
  logical: OdcsLogicalType,
  physical: string | undefined,
  _format: string | undefined,
): string {
  if (physical !== undefined && fitsLogicalType(physical, logical)) return expression;
  const type = physical === undefined ? 'varchar' : trinoBaseType(physical);
  const cast = CAST_TYPES[logical];
  if (cast === undefined) return expression;
  const numeric = INTEGER_TYPES.has(type) || NUMERIC.has(type);
  const text = `trim(CAST(${expression} AS varchar))`;
  if (logical === 'integer') {
    // TRY_CAST('3.5' AS bigint) rounds to 4: only whole numbers count as integers.
    return numeric
      ? `CASE WHEN ${expression} = truncate(${expression}) THEN ${expression} END`
      : `CASE WHEN regexp_like(${text}, '^[+-]?[0-9]+$') THEN TRY_CAST(${text} AS ${cast}) END`;
  }
  if (TEMPORAL.has(logical) && numeric) return `CAST(NULL AS ${cast})`;
  if (!TEXT_TYPES.has(type)) return `TRY_CAST(${expression} AS ${cast})`;
  // Trino's CAST wants a space between date and time; ISO 8601's `T` is common in text.
  const source =
    logical === 'timestamp'
      ? `regexp_replace(${text}, '^([0-9]{4}-[0-9]{2}-[0-9]{2})T', '$1 ')`
      : text;
  return `TRY_CAST(${source} AS ${cast})`;
}

const syntax = { quoteIdentifier, asText: (e: string) => `CAST(${e} AS varchar)` };

/**
 * A sampled value as text by its Trino type: Trino cannot CAST an array, map, row, JSON
 * object or varbinary to varchar (an error while planning, for the whole sample), so those
 * are written as JSON or hex.
 */
export function sampleText(expression: string, type: string | undefined): string {
  const base = type === undefined ? 'varchar' : trinoBaseType(type);
  if (base === 'array' || base === 'map' || base === 'row')
    return `json_format(CAST(${expression} AS json))`;
  if (base === 'json') return `json_format(${expression})`;
  if (base === 'varbinary') return `to_hex(${expression})`;
  return `CAST(${expression} AS varchar)`;
}

/**
 * Trino's `TABLESAMPLE BERNOULLI` keeps about three times the rows wanted (SYSTEM samples
 * whole splits, far too coarse for small tables), then a random LIMIT. Values as text in
 * the outer query only (`sampleText` by each column's type where the driver knows it), cut
 * with `substr` (Trino has no `left`).
 */
export function trinoSampleQuery(
  relation: string,
  columns: readonly string[],
  plan: SamplePlan,
  types: readonly (string | undefined)[] = [],
): string {
  const select = `SELECT ${sampleInnerColumns(syntax, columns)} FROM ${relation} AS r`;
  const rows = Math.trunc(plan.rows);
  const drawn =
    plan.kind === 'fraction'
      ? `${select} TABLESAMPLE BERNOULLI (${Math.max(plan.fraction * 100, 1e-6).toFixed(6)}) ORDER BY random() LIMIT ${rows}`
      : plan.kind === 'random'
        ? `${select} ORDER BY random() LIMIT ${rows}`
        : `${select} LIMIT ${rows}`;
  const outer = columns
    .map((_, i) => {
      const alias = quoteIdentifier(sampleAlias(i));
      return `substr(${sampleText(`s.${alias}`, types[i])}, 1, ${SAMPLE_VALUE_MAX_CHARS}) AS ${alias}`;
    })
    .join(', ');
  return `SELECT ${outer} FROM (${drawn}) AS s`;
}

export const trinoDialect: Dialect = {
  capabilities: {
    hasCatalog: true,
    supportsFilterClause: true,
    regexFlavor: 'pcre',
    canServe: false,
    canGrant: false,
  },
  quoteIdentifier,
  literal: standardLiteral,
  typedValue,
  fitsLogicalType,
  physicalTypeName: trinoTypeName,
  regexMatches: (expression, pattern) => `regexp_like(${expression}, ${standardLiteral(pattern)})`,
  asText: (expression) => `CAST(${expression} AS varchar)`,
  comparable: (expression) => expression,
  textLength: (expression) => `length(${expression})`,
  itemCount: (expression) => `cardinality(${expression})`,
  hasDuplicateItems: (expression) =>
    `(cardinality(array_distinct(${expression})) <> cardinality(${expression}))`,
  typedLiteral: (value, logical) =>
    `CAST(${standardLiteral(value)} AS ${CAST_TYPES[logical] ?? 'varchar'})`,
  ageSeconds: (expression) =>
    `(to_unixtime(current_timestamp) - to_unixtime(CAST(${expression} AS timestamp(6) with time zone)))`,
  countIf: (predicate) => `count(*) FILTER (WHERE ${predicate})`,
  modulo: (left, right) => `mod(${left}, ${right})`,
  sampleQuery: (relation, columns, plan) => trinoSampleQuery(relation, columns, plan),
};
