import type { SqlParseResult } from '../../core/semantic/sql-parser.ts';
import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import { toStrftime } from '../../core/quality/index.ts';
import type { Dialect } from '../engine.ts';
import { sampleInnerColumns, sampleOuterColumns } from '../sql/scan-sample-sql.ts';
import { FLOAT_TYPES, INTEGER_TYPES, baseType, standardLiteral } from '../sql/literals.ts';
import { duckDbTypeName } from '../sql/physical-types.ts';

/**
 * DuckDB SQL, built as text: pure, so it is tested without a database. The driver runs
 * what is built here.
 */

/** A name as a DuckDB identifier: in double quotes, an embedded double quote doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const INTEGER_TEXT = "'^\\s*[+-]?[0-9]+\\s*$'";

function fitsLogicalType(physical: string, logical: OdcsLogicalType): boolean {
  const type = baseType(physical);
  switch (logical) {
    case 'string':
      return true;
    case 'integer':
      return INTEGER_TYPES.has(type);
    case 'number':
      return INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type) || type === 'decimal';
    case 'boolean':
      return type === 'boolean';
    case 'date':
      return type === 'date';
    case 'timestamp':
      return type.startsWith('timestamp');
    case 'time':
      return type.startsWith('time') && !type.startsWith('timestamp');
    case 'array':
      return type.endsWith('[]');
    default:
      return true;
  }
}

function typedValue(
  expression: string,
  logical: OdcsLogicalType,
  physical: string | undefined,
  format: string | undefined,
): string {
  if (physical !== undefined && fitsLogicalType(physical, logical)) return expression;
  const type = physical === undefined ? 'varchar' : baseType(physical);
  const numeric = INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type) || type === 'decimal';
  switch (logical) {
    case 'integer':
      // TRY_CAST('3.5' AS BIGINT) rounds to 4: only whole numbers count as integers.
      return numeric
        ? `CASE WHEN ${expression} = trunc(${expression}) THEN ${expression} END`
        : `CASE WHEN regexp_matches(CAST(${expression} AS VARCHAR), ${INTEGER_TEXT}) THEN TRY_CAST(trim(CAST(${expression} AS VARCHAR)) AS HUGEINT) END`;
    case 'number':
      return `TRY_CAST(${expression} AS DOUBLE)`;
    case 'boolean':
      return `TRY_CAST(${expression} AS BOOLEAN)`;
    case 'date':
      return format
        ? `CAST(try_strptime(CAST(${expression} AS VARCHAR), ${standardLiteral(toStrftime(format))}) AS DATE)`
        : `TRY_CAST(${expression} AS DATE)`;
    case 'timestamp':
      return format
        ? `CAST(try_strptime(CAST(${expression} AS VARCHAR), ${standardLiteral(toStrftime(format))}) AS TIMESTAMPTZ)`
        : `TRY_CAST(${expression} AS TIMESTAMPTZ)`;
    case 'time':
      return `TRY_CAST(${expression} AS TIME)`;
    default:
      return expression;
  }
}

const TYPE_NAMES: Partial<Record<OdcsLogicalType, string>> = {
  date: 'DATE',
  timestamp: 'TIMESTAMPTZ',
  time: 'TIME',
  number: 'DOUBLE',
  integer: 'HUGEINT',
};

const duckDbSyntax = { quoteIdentifier, asText: (e: string) => `CAST(${e} AS VARCHAR)` };

export const duckDbDialect: Dialect = {
  capabilities: {
    hasCatalog: true,
    supportsFilterClause: true,
    regexFlavor: 're2',
    canServe: false,
    canGrant: false,
  },
  quoteIdentifier,
  literal: standardLiteral,
  typedValue,
  fitsLogicalType,
  physicalTypeName: duckDbTypeName,
  regexMatches: (expression, pattern) =>
    `regexp_matches(${expression}, ${standardLiteral(pattern)})`,
  asText: (expression) => `CAST(${expression} AS VARCHAR)`,
  comparable: (expression) => expression,
  textLength: (expression) => `length(${expression})`,
  itemCount: (expression) => `len(${expression})`,
  hasDuplicateItems: (expression) =>
    `len(list_distinct(${expression})) <> list_aggregate(${expression}, 'count')`,
  typedLiteral: (value, logical) =>
    `CAST(${standardLiteral(value)} AS ${TYPE_NAMES[logical] ?? 'VARCHAR'})`,
  ageSeconds: (expression) => `(epoch(now()) - epoch(CAST(${expression} AS TIMESTAMPTZ)))`,
  countIf: (predicate) => `count(*) FILTER (WHERE ${predicate})`,
  modulo: (left, right) => `(${left} % ${right})`,
  // DuckDB's reservoir draws uniformly in one pass whatever the size, so the plan is not needed.
  sampleQuery: (relation, columns, plan) =>
    `SELECT ${sampleOuterColumns(duckDbSyntax, columns.length)} FROM (SELECT ${sampleInnerColumns(duckDbSyntax, columns)} FROM ${relation} AS r USING SAMPLE reservoir(${Math.trunc(plan.rows)} ROWS)) AS s`,
};

/**
 * Parses the SQL bound to its one parameter without running it. `json_serialize_sql`
 * returns the parse tree as JSON, or `"error": true` with `error_type` and
 * `error_message`; it serialises SELECT statements only.
 */
export const SERIALIZE_SQL = 'SELECT json_serialize_sql(?::VARCHAR) AS parsed';

const NOT_SELECT = 'Only SELECT statements';

/** Reads the JSON `json_serialize_sql` returned. */
export function interpretSerializedSql(json: string): SqlParseResult {
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object') {
    return {
      ok: false,
      reason: 'syntax-error',
      message: `unexpected parser output: ${json.slice(0, 80)}`,
    };
  }
  const result = parsed as { error?: unknown; error_message?: unknown; statements?: unknown };
  if (result.error === true) {
    const message =
      typeof result.error_message === 'string' ? result.error_message : 'unknown parser error';
    if (message.includes(NOT_SELECT)) return { ok: false, reason: 'not-select', message };
    return { ok: false, reason: 'syntax-error', message };
  }
  const statements = Array.isArray(result.statements) ? result.statements.length : 0;
  if (statements === 0) return { ok: false, reason: 'empty', message: 'no statement' };
  if (statements > 1) {
    return {
      ok: false,
      reason: 'multiple-statements',
      message: `${statements} statements`,
      statements,
    };
  }
  return { ok: true };
}
