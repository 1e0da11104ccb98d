import type { CatalogColumn, CatalogForeignKey, CatalogTable } from '../../core/import/catalog.ts';
import type { Row } from '../engine.ts';
import { standardLiteral } from '../sql/literals.ts';
import { duckDbTypeName } from '../sql/physical-types.ts';
import { duckDbLogicalType } from './logical-types.ts';
import type { Sheet } from './xlsx-workbook.ts';

/**
 * `EngineConnection.describe` for DuckDB (issue 12): a DuckDB database file from its
 * catalog (`duckdb_columns`, `duckdb_constraints`, comments of tables and views), files by
 * DuckDB's reading of them, a workbook by its sheets. Never rows, except that detecting a
 * file's types reads the file (a file has no catalog).
 */

type Query = (sql: string) => Promise<readonly Row[]>;

/** The catalog's tables and views of a schema of the attached database `source`. */
export async function describeDatabase(
  query: Query,
  schema: string,
  tables: readonly string[] | undefined,
): Promise<readonly CatalogTable[]> {
  const where = `database_name = 'source' AND schema_name = ${standardLiteral(schema)}`;
  const only = (column: string): string =>
    tables === undefined
      ? ''
      : ` AND ${column} IN (${tables.length === 0 ? 'NULL' : tables.map((t) => standardLiteral(t)).join(', ')})`;
  const objects = await query(
    `SELECT table_name AS name, 'table' AS kind, comment, estimated_size FROM duckdb_tables() WHERE ${where}${only('table_name')}
     UNION ALL
     SELECT view_name, 'view', comment, NULL FROM duckdb_views() WHERE ${where} AND NOT internal${only('view_name')}
     ORDER BY name`,
  );
  const columns = await query(
    `SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE ${where}${only('table_name')} ORDER BY table_name, column_index`,
  );
  const constraints = await query(
    `SELECT table_name, constraint_type, CAST(to_json(constraint_column_names) AS VARCHAR) AS constraint_column_names, constraint_name, referenced_table, CAST(to_json(referenced_column_names) AS VARCHAR) AS referenced_column_names FROM duckdb_constraints() WHERE ${where}${only('table_name')} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY table_name, constraint_index`,
  );
  return objects.map((object) => {
    const name = String(object.name);
    const own = constraints.filter((c) => c.table_name === name);
    const primaryKey = own.find((c) => c.constraint_type === 'PRIMARY KEY');
    const keyColumns = primaryKey === undefined ? [] : names(primaryKey.constraint_column_names);
    const uniques = own
      .filter((c) => c.constraint_type === 'UNIQUE')
      .map((c) => names(c.constraint_column_names));
    const single = new Set(uniques.filter((u) => u.length === 1).map((u) => u[0]));
    const foreignKeys: CatalogForeignKey[] = own
      .filter((c) => c.constraint_type === 'FOREIGN KEY' && typeof c.referenced_table === 'string')
      .map((c) => ({
        ...(typeof c.constraint_name === 'string' ? { name: c.constraint_name } : {}),
        columns: names(c.constraint_column_names),
        table: String(c.referenced_table),
        referencedColumns: names(c.referenced_column_names),
      }));
    const tableColumns: CatalogColumn[] = columns
      .filter((c) => c.table_name === name)
      .map((c) => {
        const column = String(c.column_name);
        const position = keyColumns.indexOf(column);
        return {
          ...columnOf(column, String(c.data_type)),
          required: c.is_nullable === false || position >= 0,
          ...(position >= 0 ? { primaryKeyPosition: position + 1 } : {}),
          unique: single.has(column),
          ...(typeof c.comment === 'string' && c.comment !== '' ? { description: c.comment } : {}),
        };
      });
    return {
      name,
      kind: object.kind === 'view' ? 'view' : 'table',
      ...(typeof object.comment === 'string' && object.comment !== ''
        ? { description: object.comment }
        : {}),
      columns: tableColumns,
      uniqueKeys: uniques.filter((u) => u.length > 1),
      foreignKeys,
    };
  });
}

/**
 * The columns of a file scan (its types as DuckDB detects them from the whole file) as a
 * table: files declare no keys and no NOT NULL, so nothing is required or unique.
 */
export function describeScan(
  name: string,
  columns: readonly { readonly name: string; readonly type: string }[],
): CatalogTable {
  return {
    name,
    kind: 'table',
    columns: columns.map((c) => ({ ...columnOf(c.name, c.type), required: false, unique: false })),
    uniqueKeys: [],
    foreignKeys: [],
  };
}

/** A sheet of a workbook as a table (xlsx-workbook.ts decides names and types). */
export function describeSheet(sheet: Sheet): CatalogTable {
  return describeScan(sheet.name, sheet.columns);
}

/**
 * The physical type is written only where Meshwork can compare it with the data later
 * (`duckDbTypeName` knows it): a STRUCT's or MAP's spelling is not, and declaring it would
 * only make `meshwork test` warn that it was not checked. Its logical type still says it.
 */
function columnOf(
  name: string,
  type: string,
): Pick<CatalogColumn, 'name' | 'physicalType' | 'logicalType'> {
  const physicalType = type.toLowerCase();
  const logicalType = duckDbLogicalType(physicalType);
  return duckDbTypeName(physicalType) === undefined
    ? { name, logicalType }
    : { name, physicalType, logicalType };
}

/** A list of names, handed over as JSON text so that no name's commas or quotes are lost. */
function names(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
