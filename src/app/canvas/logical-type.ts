import type { OdcsLogicalType } from '../../core/standards/odcs/index.ts';

const INTEGER =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER = /^(FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/;

/**
 * A build engine column type (DuckDB's DESCRIBE spelling) as an ODCS logical type. Types
 * without a closer ODCS counterpart (UUID, INTERVAL, BLOB, BIT) read as string — what
 * `meshwork test` can check them as.
 */
export function logicalTypeOf(engineType: string): OdcsLogicalType {
  const type = engineType.trim().toUpperCase();
  if (type.endsWith('[]') || /^[A-Z]+\[\d+\]$/.test(type)) return 'array';
  if (type.startsWith('STRUCT') || type.startsWith('MAP') || type.startsWith('UNION'))
    return 'object';
  if (type === 'BOOLEAN') return 'boolean';
  if (INTEGER.test(type)) return 'integer';
  if (NUMBER.test(type)) return 'number';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type.startsWith('TIME')) return 'time';
  return 'string';
}
