/**
 * A Parquet column's type, as the build engine (DuckDB) describes the file, as the type a
 * Trino Hive table declares for it; undefined when Hive cannot hold it (time zones, unsigned
 * and 128-bit integers, times, nested types), so the table is not registered rather than
 * registered with columns that read wrong.
 *
 * Timestamps are declared `timestamp(6)`: Parquet from DuckDB stores microseconds, and a Hive
 * catalog needs `hive.timestamp-precision=MICROSECONDS` to declare them (docs/trino.md).
 */
const SIMPLE: Readonly<Record<string, string>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  FLOAT: 'real',
  DOUBLE: 'double',
  VARCHAR: 'varchar',
  DATE: 'date',
  TIMESTAMP: 'timestamp(6)',
  BLOB: 'varbinary',
};

export function hiveType(buildType: string): string | undefined {
  const type = buildType.trim().toUpperCase();
  if (Object.hasOwn(SIMPLE, type)) return SIMPLE[type];
  const decimal = /^DECIMAL\((\d{1,2}),\s*(\d{1,2})\)$/.exec(type);
  if (decimal && Number(decimal[1]) <= 38 && Number(decimal[2]) <= Number(decimal[1]))
    return `decimal(${decimal[1]},${decimal[2]})`;
  return undefined;
}
