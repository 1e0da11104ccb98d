import { quoteIdentifier } from './dialect.ts';
import type { FileFormat } from './relation.ts';
import { quoteLiteral } from './session.ts';

/**
 * The DuckDB statements a build runs (read inputs, write Parquet snapshots, hand data to
 * PostgreSQL), built here so that app/build only orders them: every name is quoted by the
 * dialect and every path is a literal. Unlike `fileScan` (relation.ts), which reads files
 * as text so that tests can count bad values, builds read files with their types.
 */
export function parquetScan(path: string): string {
  return `read_parquet(${quoteLiteral(path)})`;
}

/**
 * A source file or glob read with DuckDB's type detection, by its declared or guessed
 * format. Files of a glob are matched by column name, never by position
 * (`union_by_name`): a column missing from one file is NULL there, as `fileScan` reads them
 * for tests.
 */
export function typedFileScan(format: FileFormat | undefined, path: string): string {
  const file = quoteLiteral(path);
  if (format === 'parquet') return `read_parquet(${file}, union_by_name = true)`;
  if (format === 'json') return `read_json_auto(${file}, union_by_name = true)`;
  return `read_csv_auto(${file}, union_by_name = true)`;
}

/** Writes a query's rows to a Parquet file. */
export function copyQueryToParquet(query: string, path: string): string {
  // The query on lines of its own: a trailing `--` comment must not swallow the parenthesis.
  return `COPY (\n${query}\n) TO ${quoteLiteral(path)} (FORMAT parquet)`;
}

export function countParquetRows(path: string): string {
  return `SELECT count(*) AS n FROM ${parquetScan(path)}`;
}

export function createSchema(name: string): string {
  return `CREATE SCHEMA ${quoteIdentifier(name)}`;
}

/** A view named `name` (or `schema.name`) over a relation expression. */
export function createView(schema: string | null, name: string, relation: string): string {
  const view =
    schema === null ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
  return `CREATE VIEW ${view} AS SELECT * FROM ${relation}`;
}

/**
 * Materialises a CSV written by PostgreSQL's COPY with the given column types.
 * allow_quoted_nulls=false keeps PostgreSQL's "" (an empty string) apart from its unquoted
 * empty field (NULL).
 */
export function createTableFromTypedCsv(
  table: string,
  path: string,
  columns: readonly { readonly name: string; readonly type: string }[],
): string {
  const types = columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
  return `CREATE TABLE ${quoteIdentifier(table)} AS SELECT * FROM read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, allow_quoted_nulls = false, columns = {${types}})`;
}

/** The result columns of one SELECT; DuckDB binds the query, it does not run it. */
export function describeQuery(query: string): string {
  return `DESCRIBE ${query}`;
}

export function describeParquet(path: string): string {
  return `DESCRIBE SELECT * FROM ${parquetScan(path)}`;
}

/** A Parquet file as header-less CSV, the form PostgreSQL's COPY FROM reads fastest. */
export function copyParquetToCsv(parquet: string, csv: string): string {
  return `COPY (SELECT * FROM ${parquetScan(parquet)}) TO ${quoteLiteral(csv)} (FORMAT csv, HEADER false)`;
}
