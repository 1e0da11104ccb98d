import type { ColumnRef, ObjectPlan, PlannedCheck, SampleRow } from '../../core/quality/index.ts';
import type { Dialect, EngineConnection } from '../../engines/engine.ts';
import type { PhysicalTypes } from '../../engines/sql/check-sql.ts';
import { duplicateSamplesSql, sampleSql } from '../../engines/sql/check-sql.ts';

/** At most this many rows per failed check reach Meshwork. */
export const SAMPLES = 5;

export function columnsOf(check: PlannedCheck): readonly ColumnRef[] {
  const measure = check.measure;
  if (measure.type === 'rows' || measure.type === 'present' || measure.type === 'physicalType')
    return [measure.column];
  if (measure.type === 'duplicates' || measure.type === 'primaryKey') return measure.columns;
  if (measure.type === 'relationship') return measure.from;
  return [];
}

/** The most repeated keys with their count, unless a key column is hidden. */
export async function duplicateSamples(
  object: ObjectPlan,
  check: PlannedCheck,
  relation: string,
  connection: EngineConnection,
): Promise<readonly SampleRow[]> {
  const names = columnsOf(check).map((c) => c.column);
  if (names.some((name) => object.hiddenColumns.has(name))) return [];
  try {
    return await connection.query(
      duplicateSamplesSql(connection.dialect, relation, names, SAMPLES),
    );
  } catch {
    return [];
  }
}

/** Samples show the key columns and the checked column, never a hidden one. */
export async function samplesOf(
  object: ObjectPlan,
  check: PlannedCheck,
  relation: string,
  predicate: string,
  connection: EngineConnection,
): Promise<readonly SampleRow[]> {
  const columns = [...object.keyColumns, ...columnsOf(check).map((c) => c.column)]
    .filter((name, i, all) => all.indexOf(name) === i)
    .filter((name) => !object.hiddenColumns.has(name));
  try {
    return await connection.query(
      sampleSql(connection.dialect, relation, predicate, columns, SAMPLES),
    );
  } catch {
    return [];
  }
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
