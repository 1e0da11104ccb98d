/**
 * Column types across the build's hand-overs: a PostgreSQL source table read into DuckDB
 * (through CSV, so DuckDB must be told each column's type instead of guessing it), and a
 * DuckDB result loaded into a PostgreSQL serving table. Types without a faithful
 * counterpart travel as text rather than being rounded or rejected.
 */
const PG_TO_DUCKDB: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^smallint$/, () => 'SMALLINT'],
  [/^integer$/, () => 'INTEGER'],
  [/^bigint$/, () => 'BIGINT'],
  [/^numeric\((\d+),(\d+)\)$/, (m) => (Number(m[1]) <= 38 ? `DECIMAL(${m[1]},${m[2]})` : 'DOUBLE')],
  [/^numeric$/, () => 'DOUBLE'],
  [/^real$/, () => 'FLOAT'],
  [/^double precision$/, () => 'DOUBLE'],
  [/^boolean$/, () => 'BOOLEAN'],
  [/^date$/, () => 'DATE'],
  [/^timestamp(\(\d\))? without time zone$/, () => 'TIMESTAMP'],
  [/^timestamp(\(\d\))? with time zone$/, () => 'TIMESTAMPTZ'],
  [/^time(\(\d\))? without time zone$/, () => 'TIME'],
  [/^uuid$/, () => 'UUID'],
  [/^interval/, () => 'INTERVAL'],
];

/** A PostgreSQL type (as `format_type` spells it) as the DuckDB type to read it as. */
export function duckDbTypeForPostgres(pgType: string): string {
  const type = pgType.trim().toLowerCase();
  for (const [pattern, map] of PG_TO_DUCKDB) {
    const match = pattern.exec(type);
    if (match) return map(match);
  }
  return 'VARCHAR';
}

const DUCKDB_TO_PG: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^BOOLEAN$/, () => 'boolean'],
  [/^(TINYINT|SMALLINT|UTINYINT)$/, () => 'smallint'],
  [/^(INTEGER|USMALLINT)$/, () => 'integer'],
  [/^(BIGINT|UINTEGER)$/, () => 'bigint'],
  [/^(HUGEINT|UBIGINT|UHUGEINT)$/, () => 'numeric'],
  [/^DECIMAL\((\d+),(\d+)\)$/, (m) => `numeric(${m[1]},${m[2]})`],
  [/^FLOAT$/, () => 'real'],
  [/^DOUBLE$/, () => 'double precision'],
  [/^DATE$/, () => 'date'],
  [/^TIMESTAMP( WITH TIME ZONE)$/, () => 'timestamp with time zone'],
  [/^TIMESTAMP(_S|_MS|_NS)?$/, () => 'timestamp'],
  [/^TIME$/, () => 'time'],
  [/^UUID$/, () => 'uuid'],
  [/^INTERVAL$/, () => 'interval'],
];

/** A DuckDB column type (as DESCRIBE spells it) as a PostgreSQL column type. */
export function postgresTypeForDuckDb(duckType: string): string {
  const type = duckType.trim().toUpperCase();
  for (const [pattern, map] of DUCKDB_TO_PG) {
    const match = pattern.exec(type);
    if (match) return map(match);
  }
  return 'text';
}
