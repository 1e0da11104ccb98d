import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  ExportColumn,
  ExportFormat,
  SnapshotExport,
  SnapshotExportResult,
} from '../build-engine.ts';
import { quoteIdentifier } from './dialect.ts';
import { SANDBOX_INSTANCE_OPTIONS, lockDownSql } from './sandbox.ts';
import { quoteLiteral } from './session.ts';

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
 * a CSV text cell starting with one of them gets a leading apostrophe.
 */
export const FORMULA_START = '^[=+\\-@\\t\\r]';

const KEY_TABLE = 'meshwork_pseudonym_key';
const FILTER_TABLE = 'meshwork_row_filter';
/** A DuckDB type name as DESCRIBE gives it (`VARCHAR`, `DECIMAL(10,2)`, `TIMESTAMP WITH TIME ZONE`). */
const PLAIN_TYPE = /^[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]+\))?$/;

const FORMULA_START_RE = new RegExp(FORMULA_START);

/**
 * The header cell of a column in CSV: the producing team names columns, so a name such as
 * `=HYPERLINK(...)` would be a formula in the consumer's spreadsheet like any value; it gets
 * the same leading apostrophe. (Names that become equal this way DuckDB tells apart with a
 * suffix, `_1`.)
 */
export function csvHeaderName(name: string): string {
  return FORMULA_START_RE.test(name) ? `'${name}` : name;
}

/**
 * The SELECT of an export over `read_parquet(source)` cross-joined with the key's one row;
 * with a row filter, only the rows whose column is among the bound values, each cast to
 * the column's type (a value that is not one, TRY_CAST makes NULL, which matches nothing).
 */
export function exportSelectSql(
  source: string,
  columns: readonly (ExportColumn & { readonly type: string })[],
  format: ExportFormat,
  filter?: { readonly column: string; readonly type: string },
): string {
  const list = columns.map((column) => {
    const name = quoteIdentifier(column.name);
    const value = `s.${name}`;
    let expression = value;
    if (column.pseudonymise) expression = `sha256(k.k || CAST(${value} AS VARCHAR))`;
    else if (format === 'csv' && column.type.toUpperCase() === 'VARCHAR')
      expression = `CASE WHEN regexp_matches(${value}, ${quoteLiteral(FORMULA_START)}) THEN '''' || ${value} ELSE ${value} END`;
    const alias = format === 'csv' ? quoteIdentifier(csvHeaderName(column.name)) : name;
    return `${expression} AS ${alias}`;
  });
  let where = '';
  if (filter !== undefined) {
    if (!PLAIN_TYPE.test(filter.type))
      throw new Error(`a row filter cannot compare a column of type ${filter.type}`);
    where = ` WHERE s.${quoteIdentifier(filter.column)} IN (SELECT TRY_CAST(f.v AS ${filter.type}) FROM ${FILTER_TABLE} AS f)`;
  }
  return `SELECT ${list.join(', ')} FROM read_parquet(${quoteLiteral(source)}) AS s, ${KEY_TABLE} AS k${where}`;
}

export function copyToSql(select: string, target: string, format: ExportFormat): string {
  const options =
    format === 'csv'
      ? 'FORMAT csv, HEADER true'
      : format === 'json'
        ? 'FORMAT json, ARRAY true'
        : 'FORMAT parquet';
  return `COPY (\n${select}\n) TO ${quoteLiteral(target)} (${options})`;
}

/**
 * Copies a port's Parquet snapshot into a file a consumer downloads (the embedded data API,
 * issue 10, `SnapshotExporter`): only the named columns, personal ones pseudonymised with a
 * keyed hash, in the asked format. The work is DuckDB's (one COPY), never rows pulled into
 * JavaScript. Runs in an instance of its own, locked down before any SQL touches a file:
 * it may read the snapshot and write only the target's folder (sandbox.ts).
 */
export async function exportPortData(
  job: SnapshotExport,
  tempDir: string,
): Promise<SnapshotExportResult> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...SANDBOX_INSTANCE_OPTIONS,
    threads: '1',
    memory_limit: '512MB',
    temp_directory: tempDir,
  });
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    for (const statement of lockDownSql({ read: [job.source], write: [tempDir] }))
      await connection.run(statement);
    const described = await connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(job.source)})`,
    );
    const types = new Map<string, string>();
    for (const [name, type] of described.getRows())
      if (typeof name === 'string' && typeof type === 'string') types.set(name, type);
    const missing = [
      ...job.columns.map((c) => c.name),
      ...(job.rowFilter ? [job.rowFilter.column] : []),
    ].filter((name) => !types.has(name));
    if (missing.length > 0) return { rows: 0, missing: [...new Set(missing)] };
    const key = await connection.prepare(
      `CREATE TEMP TABLE ${KEY_TABLE} AS SELECT $1::VARCHAR AS k`,
    );
    key.bindVarchar(1, job.key);
    await key.run();
    key.destroySync();
    if (job.rowFilter !== undefined) await bindFilterValues(connection, job.rowFilter.values);
    const typed = job.columns.map((c) => ({ ...c, type: types.get(c.name) ?? 'VARCHAR' }));
    const filter =
      job.rowFilter === undefined
        ? undefined
        : { column: job.rowFilter.column, type: types.get(job.rowFilter.column) ?? 'VARCHAR' };
    const copied = await connection.runAndReadAll(
      copyToSql(exportSelectSql(job.source, typed, job.format, filter), job.target, job.format),
    );
    const count = copied.getRows()[0]?.[0];
    return { rows: Number(count ?? 0), missing: [] };
  } finally {
    connection?.closeSync();
    instance.closeSync();
  }
}

/**
 * The filter's values into a temp table, each bound as a parameter (text; the SELECT casts
 * it to the column's type): an owner's value never becomes part of the SQL text.
 */
async function bindFilterValues(
  connection: DuckDBConnection,
  values: readonly (string | number | boolean)[],
): Promise<void> {
  if (values.length === 0 || values.length > 100)
    throw new Error('a row filter has 1 to 100 values');
  await connection.run(`CREATE TEMP TABLE ${FILTER_TABLE} (v VARCHAR)`);
  const insert = await connection.prepare(`INSERT INTO ${FILTER_TABLE} VALUES ($1)`);
  try {
    for (const value of values) {
      insert.bindVarchar(1, String(value));
      await insert.run();
    }
  } finally {
    insert.destroySync();
  }
}
