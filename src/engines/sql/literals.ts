/** SQL literals shared by the dialects: standard single-quoted strings, plain numbers. */

export function standardLiteral(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${value.replaceAll("'", "''")}'`;
}

/** Integer physical types by their common SQL names (lower-case, without size suffixes). */
export const INTEGER_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'hugeint',
  'utinyint',
  'usmallint',
  'uinteger',
  'ubigint',
  'uhugeint',
  'int2',
  'int4',
  'int8',
  'mediumint',
]);

export const FLOAT_TYPES = new Set([
  'float',
  'double',
  'real',
  'double precision',
  'float4',
  'float8',
]);

/** `decimal(18,2)` → `decimal`; `integer[]` stays as it is. */
export function baseType(physical: string): string {
  return physical
    .toLowerCase()
    .replace(/ unsigned( zerofill)?$/, '')
    .replace(/\(.*\)$/, '')
    .trim();
}
