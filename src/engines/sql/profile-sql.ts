import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import type { Dialect, Row } from '../engine.ts';

/**
 * `meshwork import --profile`'s SQL, written once for every dialect: one aggregate pass per
 * table for counts, distinct values, ranges and lengths; one grouped pass for the values
 * of low-cardinality columns; one aggregate pass that checks pattern candidates against
 * every row. Results come back by position aliases (`n0`, `d0`, …), as a column of the
 * source may be named anything.
 */

/** One column to measure, and what is measured of it. */
export interface ProfileColumnPlan {
  readonly column: string;
  readonly logicalType: OdcsLogicalType;
  /** `logicalTypeOptions.format` of a date or timestamp read from text (`%d.%m.%Y`). */
  readonly format?: string;
  /** Distinct values are counted (not for JSON or arrays, which some engines cannot compare). */
  readonly distinct: boolean;
  /** Smallest and largest value (numbers, dates, timestamps, times). */
  readonly range: boolean;
  /** Shortest and longest text. */
  readonly lengths: boolean;
}

/** The logical types whose order means something to a reader. */
const ORDERED: ReadonlySet<OdcsLogicalType> = new Set([
  'integer',
  'number',
  'date',
  'timestamp',
  'time',
]);

export function isOrdered(logicalType: OdcsLogicalType): boolean {
  return ORDERED.has(logicalType);
}

/** What one aggregate pass measured of a column. */
export interface ColumnMeasure {
  readonly nonNull: number;
  /** Undefined where the plan did not count them. */
  readonly distinct?: number;
  readonly min?: string;
  readonly max?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface TableMeasure {
  readonly rows: number;
  readonly columns: readonly ColumnMeasure[];
}

/**
 * `readsText`: the relation reads every column as text (a CSV scan), so ranges are taken of
 * the value as its logical type — else '10' would sort before '9'.
 */
export function profileAggregateSql(
  dialect: Dialect,
  relation: string,
  columns: readonly ProfileColumnPlan[],
  readsText: boolean,
): string {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const items = [`count(*) AS ${q('n')}`];
  columns.forEach((plan, i) => {
    const raw = q(plan.column);
    items.push(`count(${raw}) AS ${q(`n${i}`)}`);
    if (plan.distinct) items.push(`count(DISTINCT ${dialect.comparable(raw)}) AS ${q(`d${i}`)}`);
    if (plan.range) {
      const value = readsText
        ? dialect.typedValue(raw, plan.logicalType, undefined, plan.format)
        : raw;
      items.push(`${dialect.asText(`min(${value})`)} AS ${q(`lo${i}`)}`);
      items.push(`${dialect.asText(`max(${value})`)} AS ${q(`hi${i}`)}`);
    }
    if (plan.lengths) {
      const length = dialect.textLength(dialect.asText(raw));
      items.push(`min(${length}) AS ${q(`ml${i}`)}`);
      items.push(`max(${length}) AS ${q(`xl${i}`)}`);
    }
  });
  return `SELECT ${items.join(', ')} FROM ${relation} AS ${q('t')}`;
}

export function readTableMeasure(
  rows: readonly Row[],
  columns: readonly ProfileColumnPlan[],
): TableMeasure {
  const row = rows[0] ?? {};
  const count = (key: string): number | undefined => {
    const value = row[key];
    if (value === null || value === undefined) return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  };
  const text = (key: string): string | undefined => {
    const value = row[key];
    return value === null || value === undefined ? undefined : String(value);
  };
  return {
    rows: count('n') ?? 0,
    columns: columns.map((plan, i) => {
      const min = text(`lo${i}`);
      const max = text(`hi${i}`);
      const minLength = count(`ml${i}`);
      const maxLength = count(`xl${i}`);
      const distinct = count(`d${i}`);
      return {
        nonNull: count(`n${i}`) ?? 0,
        ...(distinct === undefined ? {} : { distinct }),
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        ...(minLength === undefined ? {} : { minLength }),
        ...(maxLength === undefined ? {} : { maxLength }),
      };
    }),
  };
}

/**
 * Every value of the given columns with its count, in one statement (a UNION ALL of one
 * grouped SELECT per column, tagged by the column's position `k`). Grouped by the exact
 * value (`comparable`: MySQL's `_ci` collations would fold 'a' and 'A'); callers ask only
 * for columns the aggregate pass found to have few distinct values, and `limit` bounds
 * each part anyway.
 */
export function profileValuesSql(
  dialect: Dialect,
  relation: string,
  columns: readonly { readonly index: number; readonly column: string }[],
  limit: number,
): string {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const parts = columns.map(({ index, column }) => {
    const raw = q(column);
    return `SELECT * FROM (SELECT ${Math.trunc(index)} AS ${q('k')}, min(${dialect.asText(raw)}) AS ${q('v')}, count(*) AS ${q('c')} FROM ${relation} AS ${q('t')} WHERE ${raw} IS NOT NULL GROUP BY ${dialect.comparable(raw)} ORDER BY ${q('c')} DESC LIMIT ${Math.trunc(limit)}) AS ${q(`p${Math.trunc(index)}`)}`;
  });
  return parts.join(' UNION ALL ');
}

/** The values per column position with the rows each occurs in, most frequent first. */
export function readProfileValues(
  rows: readonly Row[],
): ReadonlyMap<number, readonly { readonly value: string; readonly count: number }[]> {
  const out = new Map<number, { value: string; count: number }[]>();
  for (const row of rows) {
    const k = Number(row.k);
    const value = row.v;
    if (!Number.isInteger(k) || value === null || value === undefined) continue;
    const list = out.get(k) ?? [];
    list.push({ value: String(value), count: Number(row.c) });
    out.set(k, list);
  }
  return new Map(
    [...out].map(([k, list]) => [
      k,
      list.sort(
        (a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
      ),
    ]),
  );
}

/**
 * For each candidate, the number of non-NULL values that do NOT match it — a pattern drawn
 * from a sample holds for the table only when this is 0.
 */
export function patternCheckSql(
  dialect: Dialect,
  relation: string,
  candidates: readonly {
    readonly index: number;
    readonly column: string;
    readonly pattern: string;
  }[],
): string {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const items = candidates.map(({ index, column, pattern }) => {
    const raw = q(column);
    const miss = `${raw} IS NOT NULL AND NOT ${dialect.regexMatches(dialect.asText(raw), pattern)}`;
    return `${dialect.countIf(miss)} AS ${q(`m${Math.trunc(index)}`)}`;
  });
  return `SELECT ${items.join(', ')} FROM ${relation} AS ${q('t')}`;
}

/** The candidates' indexes whose pattern every value matched. */
export function readPatternCheck(
  rows: readonly Row[],
  indexes: readonly number[],
): ReadonlySet<number> {
  const row = rows[0] ?? {};
  return new Set(indexes.filter((i) => Number(row[`m${i}`]) === 0));
}
