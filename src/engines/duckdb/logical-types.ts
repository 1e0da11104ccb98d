import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';
import { FLOAT_TYPES, INTEGER_TYPES, baseType } from '../sql/literals.ts';

/**
 * The ODCS logical type a DuckDB type reads as, for `meshwork import`: the type whose
 * check (`typedValue`, `fitsLogicalType`) every value of the column passes, so that an
 * imported contract's type checks pass on the data it was imported from.
 */
export function duckDbLogicalType(physical: string): OdcsLogicalType {
  const text = physical.trim().toLowerCase();
  if (text.endsWith('[]') || /^[a-z]+\[\d*\]$/.test(text) || text.startsWith('list('))
    return 'array';
  if (text.startsWith('struct(') || text.startsWith('map(') || text.startsWith('union('))
    return 'object';
  const type = baseType(text);
  if (INTEGER_TYPES.has(type)) return 'integer';
  if (FLOAT_TYPES.has(type) || type === 'decimal' || type === 'numeric') return 'number';
  if (type === 'boolean' || type === 'bool') return 'boolean';
  if (type === 'date') return 'date';
  if (type.startsWith('timestamp')) return 'timestamp';
  if (type.startsWith('time')) return 'time';
  return 'string';
}
