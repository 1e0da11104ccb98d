import type { CatalogTable } from '../../core/import/catalog.ts';
import type { Row } from '../engine.ts';
import { catalogColumnOf, catalogText } from '../sql/catalog-column.ts';
import { trinoLogicalType } from '../sql/logical-types.ts';
import { standardLiteral } from '../sql/literals.ts';
import { quoteIdentifier } from './dialect.ts';

/**
 * The catalog's description of a Trino schema's tables and views, from the catalog's
 * `information_schema` (types as Trino spells them, `is_nullable`) and
 * `system.metadata.table_comments`. Trino has no keys: no primary, unique or foreign key
 * is reported by any connector, so none is described (the contract's author adds them).
 * Column comments are left out: Trino has them only per table (`SHOW COLUMNS`), one
 * query each. Nothing reads a row of the tables themselves.
 */
export async function describeTrino(
  ask: (sql: string) => Promise<readonly Row[]>,
  location: { readonly catalog: string; readonly schema: string },
  only: readonly string[] | undefined,
): Promise<readonly CatalogTable[]> {
  if (only !== undefined && only.length === 0) return [];
  const catalog = quoteIdentifier(location.catalog);
  const schema = standardLiteral(location.schema.toLowerCase());
  const among =
    only === undefined
      ? ''
      : ` AND table_name IN (${only.map((t) => standardLiteral(t.toLowerCase())).join(', ')})`;
  const tables = await ask(
    `SELECT table_name AS name, table_type AS type FROM ${catalog}.information_schema.tables
      WHERE table_schema = ${schema}${among} ORDER BY table_name`,
  );
  if (tables.length === 0) return [];
  const columns = await ask(
    `SELECT table_name AS tbl, column_name AS name, data_type AS type, is_nullable AS nullable
       FROM ${catalog}.information_schema.columns WHERE table_schema = ${schema}${among}
      ORDER BY table_name, ordinal_position`,
  );
  const comments = await ask(
    `SELECT table_name AS tbl, comment FROM system.metadata.table_comments
      WHERE catalog_name = ${standardLiteral(location.catalog.toLowerCase())} AND schema_name = ${schema}${among}`,
  );
  const noKeys = { primary: [], single: new Set<string>() };
  // By code point, as the other engines sort, whatever the connector's collation.
  const sorted = [...tables].sort((a, b) => (String(a.name) < String(b.name) ? -1 : 1));
  return sorted.map((table) => {
    const name = String(table.name);
    const comment = catalogText(comments.find((c) => c.tbl === name)?.comment);
    return {
      name,
      kind: String(table.type).toUpperCase() === 'VIEW' ? 'view' : 'table',
      ...(comment === undefined ? {} : { description: comment }),
      columns: columns
        .filter((c) => c.tbl === name)
        .map((column) =>
          catalogColumnOf(
            {
              name: String(column.name),
              type: String(column.type).toLowerCase(),
              notNull: String(column.nullable).toUpperCase() === 'NO',
              comment: undefined,
            },
            noKeys,
            trinoLogicalType,
          ),
        ),
      uniqueKeys: [],
      foreignKeys: [],
    };
  });
}
