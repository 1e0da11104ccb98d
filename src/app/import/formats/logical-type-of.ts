import type {
  LogicalTypeReading,
  SqlTypeDialect,
} from '../../../core/import/formats/sql-logical-type.ts';
import { logicalTypeOfSql } from '../../../core/import/formats/sql-logical-type.ts';
import { mysqlLogicalType, postgresLogicalType } from '../../../engines/sql/logical-types.ts';

/**
 * A type name from a file (DDL, dbt `data_type`) read as the engine's catalog would be by
 * `meshwork import postgresql://…`: the same mapping, so a pg_dump of a database and the
 * database itself give the same contract. Other dialects: the conservative generic reading.
 */
export function logicalTypeOf(physicalType: string, dialect: SqlTypeDialect): LogicalTypeReading {
  if (dialect === 'postgres') return postgresLogicalType(physicalType);
  if (dialect === 'mysql') return mysqlLogicalType(physicalType);
  return logicalTypeOfSql(physicalType, dialect);
}
