import type { Dialect } from '../engine.ts';

/**
 * Rows whose key occurs more than once, or has a null part: the offending rows of a
 * uniqueness or primary-key check as a predicate over `t`, so that their samples can show
 * the row's own key instead of the duplicated value (which may be personal data).
 */
export function duplicateRowsPredicate(
  dialect: Dialect,
  relation: string,
  columns: readonly string[],
  withNulls: boolean,
): string {
  const quoted = columns.map((c) => dialect.quoteIdentifier(c));
  const list = quoted.join(', ');
  const notNull = quoted.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const outer = quoted.map((c) => `t.${c}`);
  const tuple = outer.length === 1 ? outer[0]! : `(${outer.join(', ')})`;
  const repeated =
    `${tuple} IN (SELECT ${list} FROM ${relation} AS d WHERE ${notNull} ` +
    `GROUP BY ${list} HAVING count(*) > 1)`;
  if (!withNulls) return repeated;
  return `(${repeated} OR ${outer.map((c) => `${c} IS NULL`).join(' OR ')})`;
}
