import type { GrantTargetRowFilter } from '../engine.ts';
import { standardLiteral } from '../sql/literals.ts';
import { quoteIdentifier } from './dialect.ts';

/**
 * A grant's row filter as the WHERE clause of its PostgreSQL view (issue 14). The values
 * were checked against the column's logical type when the owner set them; they are checked
 * again here, at the last step before SQL, so a record changed in the store since cannot
 * turn a value into code: text becomes a standard string literal (quotes doubled; the
 * server's standard_conforming_strings, on since 9.1, keeps backslashes literal), numbers
 * must be digits, booleans TRUE or FALSE. A string literal is left untyped so PostgreSQL
 * reads it as the column's type (a date column compares with '2026-01-31' as a date).
 */

export const MAX_FILTER_VALUES = 100;

const INTEGER = /^-?(0|[1-9][0-9]{0,18})$/;
const DECIMAL = /^-?(0|[1-9][0-9]{0,37})(\.[0-9]{1,38})?$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** One value as a PostgreSQL literal of the filter's logical type; anything else throws. */
export function rowFilterLiteral(value: string | number | boolean, logicalType: string): string {
  const refuse = (): never => {
    throw new Error(
      `row filter value ${JSON.stringify(value).slice(0, 60)} is not a ${logicalType} value`,
    );
  };
  switch (logicalType) {
    case 'string':
      if (typeof value !== 'string' || value === '' || value.includes('\0')) refuse();
      return standardLiteral(value);
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && INTEGER.test(value)) return value;
      return refuse();
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'string' && DECIMAL.test(value)) return value;
      return refuse();
    case 'boolean':
      if (typeof value !== 'boolean') refuse();
      return value ? 'TRUE' : 'FALSE';
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value)) refuse();
      return standardLiteral(value);
    default:
      throw new Error(`a row filter cannot compare a column of logical type ${logicalType}`);
  }
}

/** `WHERE t."col" IN (…)` for the view over the served table aliased `t`; NULL never matches. */
export function rowFilterWhereSql(filter: GrantTargetRowFilter): string {
  if (filter.values.length === 0 || filter.values.length > MAX_FILTER_VALUES)
    throw new Error(`a row filter has 1 to ${MAX_FILTER_VALUES} values`);
  const literals = filter.values.map((v) => rowFilterLiteral(v, filter.logicalType));
  return ` WHERE t.${quoteIdentifier(filter.column)} IN (${literals.join(', ')})`;
}
