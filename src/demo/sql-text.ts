/** SQL literal and identifier text for the demo data builders (DuckDB and PostgreSQL agree on these). */

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

export function sqlValue(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return sqlNumber(value);
}

/** A DuckDB list literal, e.g. `['a', 'b']`. */
export function sqlList(values: readonly (string | number)[]): string {
  return `[${values.map(sqlValue).join(', ')}]`;
}

/** `SELECT * FROM (VALUES ...) AS t(columns)`; the rows must all have `columns.length` values. */
export function sqlValuesQuery(
  columns: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
): string {
  const body = rows.map((row) => {
    if (row.length !== columns.length)
      throw new RangeError(`expected ${columns.length} values, got ${row.length}`);
    return `(${row.map(sqlValue).join(', ')})`;
  });
  return `SELECT * FROM (VALUES\n  ${body.join(',\n  ')}\n) AS t(${columns.map(sqlIdentifier).join(', ')})`;
}

/**
 * The 1-based indexes `1..weights.length`, each repeated in proportion to its weight, as a
 * list literal: picking a uniformly random element of it is a weighted choice.
 */
export function weightedIndexList(weights: readonly number[], slots = 1000): string {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) throw new RangeError('weights must have a positive sum');
  const out: number[] = [];
  weights.forEach((w, i) => {
    const copies = Math.round((w / total) * slots);
    for (let c = 0; c < copies; c++) out.push(i + 1);
  });
  return sqlList(out);
}
