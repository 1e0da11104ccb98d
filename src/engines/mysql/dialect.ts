import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import type { Dialect, SamplePlan } from '../engine.ts';
import { sampleInnerColumns, sampleOuterColumns } from '../sql/scan-sample-sql.ts';
import { FLOAT_TYPES, INTEGER_TYPES, baseType } from '../sql/literals.ts';
import { mysqlTypeName } from '../sql/physical-types.ts';

/** MySQL 8 and MariaDB 10.5+ SQL: backquoted names, no FILTER clause, `REGEXP`. */

export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** MySQL reads backslashes in strings as escapes (unless NO_BACKSLASH_ESCAPES): double both. */
export function literal(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

const NUMERIC = new Set([...FLOAT_TYPES, 'decimal', 'numeric']);

function fitsLogicalType(physical: string, logical: OdcsLogicalType): boolean {
  const type = baseType(physical);
  switch (logical) {
    case 'string':
      return true;
    case 'integer':
      return INTEGER_TYPES.has(type);
    case 'number':
      return INTEGER_TYPES.has(type) || NUMERIC.has(type);
    case 'boolean':
      return type === 'tinyint' || type === 'boolean' || type === 'bit';
    case 'date':
      return type === 'date';
    case 'timestamp':
      return type === 'datetime' || type === 'timestamp';
    case 'time':
      return type === 'time';
    case 'array':
      return type === 'json' || type === 'longtext';
    default:
      return true;
  }
}

function typedValue(
  expression: string,
  logical: OdcsLogicalType,
  physical: string | undefined,
  _format: string | undefined,
): string {
  if (physical !== undefined && fitsLogicalType(physical, logical)) return expression;
  const type = physical === undefined ? 'varchar' : baseType(physical);
  const text = `TRIM(CAST(${expression} AS CHAR))`;
  switch (logical) {
    case 'integer':
      return INTEGER_TYPES.has(type) || NUMERIC.has(type)
        ? `CASE WHEN ${expression} = TRUNCATE(${expression}, 0) THEN ${expression} END`
        : `CASE WHEN ${text} REGEXP '^[+-]?[0-9]+$' THEN CAST(${text} AS DECIMAL(65, 0)) END`;
    case 'number':
      return `CASE WHEN ${text} REGEXP '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(${text} AS DOUBLE) END`;
    case 'boolean':
      return `CASE WHEN LOWER(${text}) IN ('1', '0', 'true', 'false') THEN LOWER(${text}) IN ('1', 'true') END`;
    case 'date':
      return `CASE WHEN ${text} REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN STR_TO_DATE(${text}, '%Y-%m-%d') END`;
    case 'timestamp':
      return `CASE WHEN ${text} REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$' THEN STR_TO_DATE(REPLACE(${text}, 'T', ' '), '%Y-%m-%d %H:%i:%s') END`;
    case 'time':
      return `CASE WHEN ${text} REGEXP '^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$' THEN CAST(${text} AS TIME) END`;
    default:
      return expression;
  }
}

const CAST_TYPES: Partial<Record<OdcsLogicalType, string>> = {
  date: 'DATE',
  timestamp: 'DATETIME',
  time: 'TIME',
};

const syntax = { quoteIdentifier, asText: (e: string) => `CAST(${e} AS CHAR)` };

/**
 * MySQL has no TABLESAMPLE: a Bernoulli filter (`RAND() < f`) keeps about three times the
 * rows wanted, so only those are sorted for the random LIMIT; the scan itself still reads
 * the table once, bounded by the LIMIT in what it returns.
 */
function sampleQuery(relation: string, columns: readonly string[], plan: SamplePlan): string {
  const inner = `SELECT ${sampleInnerColumns(syntax, columns)} FROM ${relation} AS r`;
  const rows = Math.trunc(plan.rows);
  const drawn =
    plan.kind === 'fraction'
      ? `${inner} WHERE RAND() < ${plan.fraction.toFixed(8)} ORDER BY RAND() LIMIT ${rows}`
      : plan.kind === 'random'
        ? `${inner} ORDER BY RAND() LIMIT ${rows}`
        : `${inner} LIMIT ${rows}`;
  return `SELECT ${sampleOuterColumns(syntax, columns.length)} FROM (${drawn}) AS s`;
}

export const mysqlDialect: Dialect = {
  capabilities: {
    hasCatalog: true,
    supportsFilterClause: false,
    regexFlavor: 'icu',
    canServe: false,
    canGrant: false,
  },
  quoteIdentifier,
  literal,
  typedValue,
  fitsLogicalType,
  physicalTypeName: mysqlTypeName,
  // Case-sensitive as ECMA-262: REGEXP follows the column's (usually _ci) collation, but
  // both MySQL's ICU and MariaDB's PCRE read the inline flag.
  regexMatches: (expression, pattern) => `(${expression} REGEXP ${literal(`(?-i)${pattern}`)})`,
  asText: (expression) => `CAST(${expression} AS CHAR)`,
  comparable: (expression) => `CAST(${expression} AS BINARY)`,
  textLength: (expression) => `CHAR_LENGTH(${expression})`,
  itemCount: (expression) => `JSON_LENGTH(${expression})`,
  // Not expressible without JSON_TABLE per row; arrays in MySQL are rare JSON columns.
  hasDuplicateItems: () => 'FALSE',
  typedLiteral: (value, logical) => `CAST(${literal(value)} AS ${CAST_TYPES[logical] ?? 'CHAR'})`,
  ageSeconds: (expression) => `(UNIX_TIMESTAMP() - UNIX_TIMESTAMP(${expression}))`,
  countIf: (predicate) => `COALESCE(SUM(CASE WHEN ${predicate} THEN 1 ELSE 0 END), 0)`,
  modulo: (left, right) => `MOD(${left}, ${right})`,
  sampleQuery,
};

/**
 * A contract's SQL rule as a derived table: only a query expression may stand there, so
 * what a READ ONLY transaction lets through is refused by the parser — `INTO OUTFILE` /
 * `INTO DUMPFILE` (a file written on the server), `INTO @variable`, a second statement.
 * The rule on lines of its own: a trailing `--` or `#` comment must not swallow the
 * parenthesis.
 */
export function ruleAsDerivedTable(sql: string): string {
  return `SELECT * FROM (\n${sql.replace(/[\s;]+$/, '')}\n) AS meshwork_rule`;
}
