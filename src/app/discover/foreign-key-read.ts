import type { CatalogForeignKey, CatalogTable } from '../../core/import/catalog.ts';
import type { EngineConnection } from '../../engines/engine.ts';

/**
 * The tables and their foreign keys, for an engine whose connection has no `describe()`
 * yet (issue 12: the importers add it to the drivers; until they land, discovery reads
 * the standard `information_schema` itself). Only what discovery needs: names and which
 * table each key points to — no columns, types or comments.
 *
 * `referential_constraints` names the referenced constraint, and the standard says a
 * constraint name is unique in its schema: true in PostgreSQL (the key's index name) and
 * DuckDB, not in MySQL, where every primary key is called `PRIMARY`. A key whose target
 * the join cannot tell apart is returned as unreadable, never guessed.
 */
export interface ForeignKeyRead {
  readonly tables: readonly CatalogTable[];
  /** Keys whose referenced table could not be told (`table.constraint`). */
  readonly unreadable: readonly string[];
}

export async function readForeignKeys(
  connection: EngineConnection,
  tableNames: readonly string[],
  schema: string | undefined,
): Promise<ForeignKeyRead> {
  const ownSchema = schema ?? (await currentSchema(connection));
  const schemaSql = connection.dialect.literal(ownSchema);
  // MySQL and MariaDB name the referenced table in key_column_usage (an extension of the
  // standard); where that column exists it is the unambiguous answer.
  const rows = await connection
    .query(
      `SELECT table_name AS from_table, constraint_name AS name,
              referenced_table_schema AS to_schema, referenced_table_name AS to_table
         FROM information_schema.key_column_usage
        WHERE table_schema = ${schemaSql} AND referenced_table_name IS NOT NULL
        ORDER BY 1, 2, 3, 4`,
    )
    .catch(() =>
      connection.query(
        `SELECT tc.table_name AS from_table, tc.constraint_name AS name,
                ref.table_schema AS to_schema, ref.table_name AS to_table
           FROM information_schema.referential_constraints rc
           JOIN information_schema.table_constraints tc
             ON tc.constraint_schema = rc.constraint_schema AND tc.constraint_name = rc.constraint_name
            AND tc.constraint_type = 'FOREIGN KEY'
           JOIN information_schema.table_constraints ref
             ON ref.constraint_schema = rc.unique_constraint_schema
            AND ref.constraint_name = rc.unique_constraint_name
            AND ref.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
          WHERE tc.table_schema = ${schemaSql}
          ORDER BY 1, 2, 3, 4`,
      ),
    );
  const targets = new Map<
    string,
    { from: string; name: string; to: Set<string>; schema: string }
  >();
  for (const row of rows) {
    const from = String(row.from_table);
    const name = String(row.name);
    const key = JSON.stringify([from, name]);
    const entry = targets.get(key) ?? { from, name, to: new Set(), schema: String(row.to_schema) };
    entry.to.add(JSON.stringify([String(row.to_schema), String(row.to_table)]));
    targets.set(key, entry);
  }
  const keys = new Map<string, CatalogForeignKey[]>();
  const unreadable: string[] = [];
  for (const entry of targets.values()) {
    if (entry.to.size !== 1) {
      unreadable.push(`${entry.from}.${entry.name}`);
      continue;
    }
    const [toSchema, toTable] = JSON.parse([...entry.to][0]!) as [string, string];
    keys.set(entry.from, [
      ...(keys.get(entry.from) ?? []),
      {
        name: entry.name,
        columns: [],
        table: toTable,
        referencedColumns: [],
        ...(toSchema === ownSchema ? {} : { schema: toSchema }),
      },
    ]);
  }
  return {
    tables: tableNames.map((name) => ({
      name,
      kind: 'table',
      columns: [],
      uniqueKeys: [],
      foreignKeys: keys.get(name) ?? [],
    })),
    unreadable,
  };
}

/** The session's schema: `current_schema()` (PostgreSQL, DuckDB), else `database()` (MySQL). */
async function currentSchema(connection: EngineConnection): Promise<string> {
  const rows = await connection
    .query('SELECT current_schema() AS s')
    .catch(() => connection.query('SELECT database() AS s'));
  const value = rows[0]?.s;
  if (typeof value !== 'string') throw new Error('the connection names no current schema');
  return value;
}
