import type { ColumnRef, PlannedCheck, RowPredicate } from '../../core/quality/index.ts';
import { STRING_FORMATS } from '../../core/quality/index.ts';
import type { Dialect } from '../engine.ts';
import { substitutePlaceholders } from '../../core/semantic/sql-placeholders.ts';

/**
 * The SQL of contract checks, written once for every dialect: a row-level check is a
 * predicate that marks an offending row; all of a table's predicates are counted in one
 * aggregate pass. Uniqueness, relationships and SQL rules get statements of their own.
 */

/** Physical column types by column name; absent where the engine has no catalog. */
export type PhysicalTypes = ReadonlyMap<string, string>;

/** The row predicate as SQL, or undefined when the catalog already proves it never holds. */
export function predicateSql(
  dialect: Dialect,
  column: ColumnRef,
  predicate: RowPredicate,
  physical: PhysicalTypes,
): string | undefined {
  const raw = dialect.quoteIdentifier(column.column);
  const physicalType = physical.get(column.column);
  const logical = column.logicalType;
  const typed =
    logical === undefined ? raw : dialect.typedValue(raw, logical, physicalType, column.format);
  const text = dialect.asText(raw);
  const list = (values: readonly (string | number | boolean)[]): string =>
    values.map((value) => dialect.literal(String(value))).join(', ');
  switch (predicate.kind) {
    case 'isNull':
      return `${raw} IS NULL`;
    case 'notCastable':
      if (logical === undefined || logical === 'string') return undefined;
      if (physicalType !== undefined && dialect.fitsLogicalType(physicalType, logical)) {
        return undefined;
      }
      return `(${raw} IS NOT NULL AND ${typed} IS NULL)`;
    case 'length':
      return `${dialect.textLength(text)} ${predicate.op} ${predicate.bound}`;
    case 'notMatching':
      return `NOT ${dialect.regexMatches(text, predicate.pattern)}`;
    case 'format': {
      const pattern = STRING_FORMATS[predicate.format];
      return pattern === undefined ? undefined : `NOT ${dialect.regexMatches(text, pattern)}`;
    }
    case 'compare': {
      const bound =
        typeof predicate.bound === 'number'
          ? dialect.literal(predicate.bound)
          : logical !== undefined && ['date', 'timestamp', 'time'].includes(logical)
            ? dialect.typedLiteral(predicate.bound, logical)
            : dialect.literal(predicate.bound);
      return `${typed} ${predicate.op} ${bound}`;
    }
    case 'notMultipleOf': {
      // A remainder test on floats would call 0.3 no multiple of 0.1; compare quotients.
      const quotient = `((${typed}) * 1.0) / ${dialect.literal(predicate.divisor)}`;
      return `abs(${quotient} - round(${quotient})) > 1e-9`;
    }
    case 'itemCount':
      return `${dialect.itemCount(raw)} ${predicate.op} ${predicate.bound}`;
    case 'duplicateItems':
      return dialect.hasDuplicateItems(raw);
    case 'notIn': {
      const parts: string[] = [];
      // An empty list allows no non-null value; `NOT IN ()` is no SQL.
      if (predicate.values?.length === 0) return `${raw} IS NOT NULL`;
      if (predicate.values !== undefined)
        parts.push(`${dialect.comparable(text)} NOT IN (${list(predicate.values)})`);
      if (predicate.pattern !== undefined) {
        parts.push(`NOT ${dialect.regexMatches(text, predicate.pattern)}`);
      }
      return parts.length === 0 ? undefined : `(${raw} IS NOT NULL AND (${parts.join(' OR ')}))`;
    }
    case 'isMissing':
      return predicate.values.length === 0
        ? `${raw} IS NULL`
        : `(${raw} IS NULL OR ${dialect.comparable(text)} IN (${list(predicate.values)}))`;
  }
}

/** One pass: the row count as `n`, then each aggregate as `c0`, `c1`, … */
export function rowPassSql(
  dialect: Dialect,
  relation: string,
  aggregates: readonly string[],
): string {
  const counts = aggregates.map(
    (aggregate, i) => `${aggregate} AS ${dialect.quoteIdentifier(`c${i}`)}`,
  );
  return `SELECT ${['count(*) AS n', ...counts].join(', ')} FROM ${relation} AS t`;
}

/**
 * Rows beyond the first occurrence of each non-null value of one column, as an aggregate
 * of the one pass (a composite key needs `duplicatesSql`).
 */
export function excessAggregate(dialect: Dialect, column: string): string {
  const quoted = dialect.quoteIdentifier(column);
  return `(count(${quoted}) - count(DISTINCT ${dialect.comparable(quoted)}))`;
}

export function sampleSql(
  dialect: Dialect,
  relation: string,
  predicate: string,
  columns: readonly string[],
  limit: number,
): string {
  const select = columns.length
    ? columns.map((c) => dialect.quoteIdentifier(c)).join(', ')
    : '1 AS "row"';
  return `SELECT ${select} FROM ${relation} AS t WHERE ${predicate} LIMIT ${limit}`;
}

/**
 * Rows beyond the first occurrence of each key, and (for a primary key) rows with a
 * null key part: `extra` and `nulls`.
 */
export function duplicatesSql(
  dialect: Dialect,
  relation: string,
  columns: readonly string[],
): string {
  const quoted = columns.map((c) => dialect.quoteIdentifier(c));
  const notNull = quoted.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const anyNull = quoted.map((c) => `${c} IS NULL`).join(' OR ');
  return (
    `SELECT (SELECT coalesce(sum(k - 1), 0) FROM (SELECT count(*) AS k FROM ${relation} AS t ` +
    `WHERE ${notNull} GROUP BY ${quoted.map((c) => dialect.comparable(c)).join(', ')} HAVING count(*) > 1) AS d) AS extra, ` +
    `(SELECT count(*) FROM ${relation} AS t WHERE ${anyNull}) AS nulls`
  );
}

export function duplicateSamplesSql(
  dialect: Dialect,
  relation: string,
  columns: readonly string[],
  limit: number,
): string {
  const quoted = columns.map((c) => dialect.quoteIdentifier(c));
  const notNull = quoted.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const shown = quoted.map((c) => `min(${c}) AS ${c}`).join(', ');
  const keys = quoted.map((c) => dialect.comparable(c)).join(', ');
  return (
    `SELECT ${shown}, count(*) AS occurrences FROM ${relation} AS t WHERE ${notNull} ` +
    `GROUP BY ${keys} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT ${limit}`
  );
}

/** Rows whose (non-null) foreign key has no match in the target: anti-join. */
export function orphanPredicate(
  dialect: Dialect,
  from: readonly string[],
  target: string,
  to: readonly string[],
): string {
  const match = from
    .map(
      (column, i) => `r.${dialect.quoteIdentifier(to[i]!)} = t.${dialect.quoteIdentifier(column)}`,
    )
    .join(' AND ');
  const notNull = from.map((c) => `t.${dialect.quoteIdentifier(c)} IS NOT NULL`).join(' AND ');
  return `${notNull} AND NOT EXISTS (SELECT 1 FROM ${target} AS r WHERE ${match})`;
}

export function countSql(relation: string, predicate: string): string {
  return `SELECT count(*) AS n FROM ${relation} AS t WHERE ${predicate}`;
}

export function ageSql(
  dialect: Dialect,
  relation: string,
  column: string,
  of: 'newest' | 'oldest' | 'gap',
): string {
  const typed = dialect.typedValue(
    dialect.quoteIdentifier(column),
    'timestamp',
    undefined,
    undefined,
  );
  if (of === 'gap') {
    // Seconds between consecutive distinct values; now() is one value per statement, so
    // the difference of two ages is the gap.
    const gap = `${dialect.ageSeconds('w.p')} - ${dialect.ageSeconds('w.c')}`;
    return (
      `SELECT coalesce(max(${gap}), 0) AS age FROM (SELECT d.c AS c, LAG(d.c) OVER (ORDER BY d.c) AS p ` +
      `FROM (SELECT DISTINCT ${typed} AS c FROM ${relation} AS t WHERE ${typed} IS NOT NULL) AS d) AS w`
    );
  }
  const extreme = `${of === 'newest' ? 'max' : 'min'}(${typed})`;
  return `SELECT ${dialect.ageSeconds(extreme)} AS age FROM ${relation} AS t`;
}

/**
 * A SQL rule's query with its placeholders replaced: the object ones by the relation read,
 * the property ones by the quoted column. The same pattern as `meshwork validate`'s (core
 * `substitutePlaceholders`), so the statement run has the shape of the statement that was
 * validated; a placeholder it cannot fill is left for the engine to refuse.
 */
export function sqlRuleText(
  dialect: Dialect,
  query: string,
  relation: string,
  check: PlannedCheck,
  column: string | undefined,
): string {
  return substitutePlaceholders(query, {
    object: relation,
    objectSql: relation,
    property: check.property === null ? undefined : column,
    quoteIdentifier: (name) => dialect.quoteIdentifier(name),
  }).sql;
}
