import type {
  CheckResult,
  ColumnRef,
  ObjectPlan,
  PlannedCheck,
  SampleRow,
} from '../../core/quality/index.ts';
import type { Dialect, EngineConnection } from '../../engines/engine.ts';
import type { PhysicalTypes } from '../../engines/sql/check-sql.ts';
import { duplicateSamplesSql, sampleSql } from '../../engines/sql/check-sql.ts';
import { duplicateRowsPredicate } from '../../engines/sql/sample-sql.ts';
import type { SampleBudget } from './sample-budget.ts';
import { SAMPLE_BYTES, SAMPLE_ROWS } from './sample-budget.ts';

/**
 * Samples of a check that did not pass. A column that is personal data or confidential
 * (`hiddenColumns`, the rule of `core/privacy`) never shows its value: the row is named by its key (the
 * primary key, else a unique column) and, without one, no row is shown and `note` says why.
 */
export interface Sampled {
  readonly rows: readonly SampleRow[];
  /** Why rows are missing or cut, appended to the check's message. */
  readonly note?: string;
}

const NONE: Sampled = { rows: [] };

/** "email is personal data", "revenue is confidential" — each hidden column by its reason. */
function hiddenWhy(object: ObjectPlan, hidden: readonly string[]): string {
  const confidential = hidden.filter((name) => object.confidentialColumns.has(name));
  const personal = hidden.filter((name) => !object.confidentialColumns.has(name));
  return [
    ...(personal.length > 0 ? [`${personal.join(', ')} is personal data`] : []),
    ...(confidential.length > 0 ? [`${confidential.join(', ')} is confidential`] : []),
  ].join(' and ');
}

export function columnsOf(check: PlannedCheck): readonly ColumnRef[] {
  const measure = check.measure;
  if (measure.type === 'rows' || measure.type === 'present' || measure.type === 'physicalType')
    return [measure.column];
  if (measure.type === 'duplicates' || measure.type === 'primaryKey') return measure.columns;
  if (measure.type === 'relationship') return measure.from;
  return [];
}

/** A result with its samples, and the note why some are missing. */
export function withSamples(result: CheckResult, sampled: Sampled): CheckResult {
  return {
    ...result,
    samples: sampled.rows,
    message: sampled.note === undefined ? result.message : `${result.message} (${sampled.note})`,
  };
}

/**
 * Duplicated keys: the most repeated ones with their count — or, when a key column is
 * personal data, the rows' own keys (the primary key or a unique column).
 */
export async function duplicateSamples(
  object: ObjectPlan,
  check: PlannedCheck,
  relation: string,
  connection: EngineConnection,
  budget: SampleBudget,
): Promise<Sampled> {
  if (!budget.enabled) return NONE;
  const names = columnsOf(check).map((c) => c.column);
  if (names.some((name) => object.hiddenColumns.has(name))) {
    const predicate = duplicateRowsPredicate(
      connection.dialect,
      relation,
      names,
      check.measure.type === 'primaryKey',
    );
    return samplesOf(object, check, relation, predicate, connection, budget);
  }
  return fetch(
    connection,
    budget,
    duplicateSamplesSql(connection.dialect, relation, names, SAMPLE_ROWS),
  );
}

/** Samples show the key columns and the checked column, never a hidden one. */
export async function samplesOf(
  object: ObjectPlan,
  check: PlannedCheck,
  relation: string,
  predicate: string,
  connection: EngineConnection,
  budget: SampleBudget,
): Promise<Sampled> {
  if (!budget.enabled) return NONE;
  const checked = columnsOf(check).map((c) => c.column);
  const hidden = checked.filter((name) => object.hiddenColumns.has(name));
  if (hidden.length > 0 && object.keyColumns.length === 0) {
    return {
      rows: [],
      note: `no samples: ${hiddenWhy(object, hidden)} and ${object.schema} has no primary key or unique column to name its rows by`,
    };
  }
  const columns = [...object.keyColumns, ...checked]
    .filter((name, i, all) => all.indexOf(name) === i)
    .filter((name) => !object.hiddenColumns.has(name));
  return fetch(
    connection,
    budget,
    sampleSql(connection.dialect, relation, predicate, columns, SAMPLE_ROWS),
  );
}

async function fetch(
  connection: EngineConnection,
  budget: SampleBudget,
  sql: string,
): Promise<Sampled> {
  if (!budget.hasRoom()) return { rows: [], note: cutNote() };
  let rows: readonly SampleRow[];
  try {
    rows = await connection.query(sql);
  } catch (error) {
    // The check's own verdict stands; only its samples are missing, and the check says why.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { rows: [], note: `no samples: the sample query failed (${reason})` };
  }
  const taken = budget.take(rows);
  return taken.cut ? { rows: taken.rows, note: cutNote() } : { rows: taken.rows };
}

function cutNote(): string {
  return `samples cut: the run's ${SAMPLE_BYTES / 1024} KB of samples are spent`;
}

/**
 * The relation with every declared column as its logical type, for SQL rules and joins:
 * a CSV read as text then compares as the contract says (`id > 3`). Values that do not
 * fit become NULL here; the type check counts them.
 */
export function typedRelation(
  object: ObjectPlan,
  relation: string,
  physical: PhysicalTypes,
  dialect: Dialect,
): string {
  const needsCast = (column: ColumnRef): boolean => {
    const type = physical.get(column.column);
    return (
      column.logicalType !== undefined &&
      column.logicalType !== 'string' &&
      type !== undefined &&
      !dialect.fitsLogicalType(type, column.logicalType)
    );
  };
  const present = object.columns.filter((column) => physical.has(column.column));
  if (!present.some(needsCast)) return relation;
  const select = present.map((column) => {
    const name = dialect.quoteIdentifier(column.column);
    const value =
      needsCast(column) && column.logicalType !== undefined
        ? dialect.typedValue(name, column.logicalType, physical.get(column.column), column.format)
        : name;
    return `${value} AS ${name}`;
  });
  return `(SELECT ${select.join(', ')} FROM ${relation} AS t)`;
}
