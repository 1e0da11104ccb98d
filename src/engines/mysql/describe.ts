import type mysql from 'mysql2/promise';
import type { CatalogForeignKey, CatalogTable } from '../../core/import/catalog.ts';
import { catalogColumnOf, catalogText } from '../sql/catalog-column.ts';
import { mysqlLogicalType } from '../sql/logical-types.ts';

/** How long one catalog statement may run (mysql2 ends it on the client after that). */
const CATALOG_TIMEOUT_MS = 60_000;

type Rows = Record<string, unknown>[];

/**
 * The catalog's description of a MySQL/MariaDB database's tables and views, from
 * `information_schema`: `COLUMN_TYPE` as the type, `IS_NULLABLE`, `STATISTICS` for the
 * primary key (positions by `SEQ_IN_INDEX`) and unique indexes — a UNIQUE constraint is
 * one — leaving out prefix indexes (`SUB_PART`: unique on the first n characters only)
 * and functional ones (no column); `KEY_COLUMN_USAGE` for foreign keys (multi-column, and
 * into other databases); `TABLE_COMMENT`/`COLUMN_COMMENT`. In a READ ONLY transaction;
 * nothing reads a row of the tables themselves.
 */
export async function describeMysql(
  connection: mysql.Connection,
  database: string | undefined,
  only: readonly string[] | undefined,
): Promise<readonly CatalogTable[]> {
  const ask = async (sql: string, values: unknown[]): Promise<Rows> => {
    const [rows] = await connection.query({ sql, timeout: CATALOG_TIMEOUT_MS }, values);
    return Array.isArray(rows) ? (rows as Rows) : [];
  };
  await connection.query('START TRANSACTION READ ONLY');
  try {
    const [schemaRow] = await ask('SELECT COALESCE(?, DATABASE()) AS db', [database ?? null]);
    const schema = typeof schemaRow?.db === 'string' ? schemaRow.db : '';
    if (only !== undefined && only.length === 0) return [];
    // mysql2 expands an array parameter into a list: `IN (?)` with the names.
    const among = only === undefined ? '' : ' AND TABLE_NAME IN (?)';
    const values = only === undefined ? [schema] : [schema, [...only]];
    const tables = await ask(
      `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_COMMENT AS comment, TABLE_ROWS AS estimate
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?${among} ORDER BY TABLE_NAME`,
      values,
    );
    if (tables.length === 0) return [];
    const columns = await ask(
      `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type,
              IS_NULLABLE AS nullable, COLUMN_COMMENT AS comment
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?${among}
        ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      values,
    );
    const indexes = await ask(
      `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, COLUMN_NAME AS col, SUB_PART AS part
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?${among} AND NON_UNIQUE = 0
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      values,
    );
    const references = await ask(
      `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col,
              REFERENCED_TABLE_SCHEMA AS fschema, REFERENCED_TABLE_NAME AS ftable,
              REFERENCED_COLUMN_NAME AS fcol
         FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = ?${among} AND REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
      values,
    );
    // By code point, as PostgreSQL's `name` sorts: the collation's order (`orders` before
    // `order_lines`) would make which of two colliding names comes first depend on it.
    tables.sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
    return tables.map((table) =>
      tableOf(table, schema, {
        columns: columns.filter((c) => c.tbl === table.name),
        indexes: indexes.filter((i) => i.tbl === table.name),
        references: references.filter((r) => r.tbl === table.name),
      }),
    );
  } finally {
    await connection.query('ROLLBACK').catch(() => undefined);
  }
}

function tableOf(
  table: Record<string, unknown>,
  schema: string,
  rows: { columns: Rows; indexes: Rows; references: Rows },
): CatalogTable {
  const byIndex = groupBy(rows.indexes, 'idx');
  let primary: readonly string[] = [];
  const unique: (readonly string[])[] = [];
  for (const [name, parts] of byIndex) {
    // A prefix or functional part makes the index no promise about whole column values.
    if (parts.some((p) => p.part !== null || p.col === null)) continue;
    const columns = parts.map((p) => String(p.col));
    if (name === 'PRIMARY') primary = columns;
    else unique.push(columns);
  }
  const single = new Set(unique.filter((k) => k.length === 1).map((k) => k[0]));
  const foreignKeys: CatalogForeignKey[] = [...groupBy(rows.references, 'name')].map(
    ([name, parts]) => {
      const first = parts[0]!;
      const fschema = String(first.fschema);
      return {
        name,
        columns: parts.map((p) => String(p.col)),
        table: String(first.ftable),
        ...(fschema !== schema ? { schema: fschema } : {}),
        referencedColumns: parts.map((p) => String(p.fcol)),
      };
    },
  );
  const view = String(table.type).toUpperCase() === 'VIEW';
  // A view's TABLE_COMMENT is the word VIEW (MySQL) or empty (MariaDB): not a description.
  const comment = view ? undefined : catalogText(table.comment);
  const estimate = Number(table.estimate);
  return {
    name: String(table.name),
    kind: view ? 'view' : 'table',
    ...(comment === undefined ? {} : { description: comment }),
    columns: rows.columns.map((column) =>
      catalogColumnOf(
        {
          name: String(column.name),
          type: String(column.type).toLowerCase(),
          notNull: String(column.nullable).toUpperCase() === 'NO',
          comment: column.comment,
        },
        { primary, single },
        mysqlLogicalType,
      ),
    ),
    uniqueKeys: unique.filter((k) => k.length > 1),
    foreignKeys,
    ...(!view && Number.isFinite(estimate) && estimate > 0 ? { rowEstimate: estimate } : {}),
  };
}

function groupBy(rows: Rows, key: string): Map<string, Rows> {
  const groups = new Map<string, Rows>();
  for (const row of rows) {
    const id = String(row[key]);
    const list = groups.get(id) ?? [];
    list.push(row);
    groups.set(id, list);
  }
  return groups;
}
