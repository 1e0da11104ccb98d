import { standardLiteral } from '../sql/literals.ts';
import { quoteIdentifier } from './dialect.ts';
import { GRANT_VIEWS_TABLE, KEY_SCHEMA, qualifiedName } from './grant-sql.ts';

/**
 * Serving replaces a table by drop and rename, and PostgreSQL will not drop a table that
 * views read (CASCADE would drop the access grants with it). So the grant views on the
 * table are saved — definition, options, owner, rights, comment — dropped, and made again
 * on the new table in the same transaction: a rebuild keeps every grant working, and a
 * failure leaves the old table and views as they were.
 *
 * Only views Meshwork registered as grant views are handled so; any other view (a
 * colleague's report, a materialized view) on the table stops the swap with its name
 * rather than being dropped or silently changed.
 */
/** The member of a pg client used here (typed structurally; bulk.ts imports this file). */
interface PgQueryable {
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface SavedView {
  readonly schema: string;
  readonly name: string;
  /** Depth in the dependency tree: 1 reads the table, 2 reads a view of depth 1, … */
  readonly depth: number;
  readonly definition: string;
  readonly options: readonly string[];
  readonly owner: string;
  readonly comment: string | null;
  readonly privileges: readonly SavedPrivilege[];
}

export interface SavedPrivilege {
  /** null: PUBLIC. */
  readonly grantee: string | null;
  readonly privilege: string;
  readonly grantable: boolean;
}

/**
 * Every view that reads the table directly or through other views, deepest last.
 * pg_get_viewdef runs with an empty search_path so that each name in the text is
 * schema-qualified and the definition means the same thing wherever it is run again.
 */
export async function saveDependentViews(
  client: PgQueryable,
  ref: { readonly schema: string; readonly table: string },
): Promise<SavedView[]> {
  const found = await client.query(
    `WITH RECURSIVE dependents(oid, depth) AS (
       SELECT r.ev_class, 1
         FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.refobjid = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p'))
       UNION
       SELECT r.ev_class, p.depth + 1
         FROM dependents p
         JOIN pg_depend d ON d.refobjid = p.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
         JOIN pg_rewrite r ON r.oid = d.objid
        WHERE r.ev_class <> p.oid AND p.depth < 50
     )
     SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind,
            max(p.depth) AS depth
       FROM dependents p JOIN pg_class c ON c.oid = p.oid JOIN pg_namespace n ON n.oid = c.relnamespace
      GROUP BY c.oid, n.nspname, c.relname, c.relkind
      ORDER BY max(p.depth), n.nspname, c.relname`,
    [ref.schema, ref.table],
  );
  if (found.rows.length === 0) return [];

  const registered = await registeredGrantViews(client);
  const strangers = found.rows.filter(
    (row) => row.kind !== 'v' || !registered.has(`${String(row.schema)}.${String(row.name)}`),
  );
  if (strangers.length > 0) {
    const names = strangers.map((row) => `${String(row.schema)}.${String(row.name)}`).join(', ');
    throw new Error(
      `cannot replace ${ref.schema}.${ref.table}: ${names} ${strangers.length === 1 ? 'reads' : 'read'} it and ` +
        `${strangers.length === 1 ? 'is not a Meshwork grant view' : 'are not Meshwork grant views'}; ` +
        'drop or move them (Meshwork only keeps its own grant views across a rebuild)',
    );
  }

  const previous = await client.query(`SELECT current_setting('search_path') AS path`);
  await client.query(`SELECT set_config('search_path', '', true)`);
  try {
    // One query for all of them: a table may carry hundreds of grant views.
    const details = await client.query(
      `SELECT c.oid::bigint AS oid, pg_get_viewdef(c.oid) AS definition,
              coalesce(c.reloptions, '{}') AS options, pg_get_userbyid(c.relowner) AS owner,
              obj_description(c.oid, 'pg_class') AS comment,
              coalesce((SELECT json_agg(json_build_object(
                          'grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                          'privilege', a.privilege_type, 'grantable', a.is_grantable))
                          FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner), '[]') AS privileges
         FROM pg_class c WHERE c.oid = ANY($1::oid[])`,
      [found.rows.map((row) => String(row.oid))],
    );
    const byOid = new Map(details.rows.map((row) => [String(row.oid), row]));
    const saved: SavedView[] = [];
    for (const row of found.rows) {
      const info = byOid.get(String(row.oid));
      if (info === undefined) continue;
      saved.push({
        schema: String(row.schema),
        name: String(row.name),
        depth: Number(row.depth),
        definition: String(info.definition).trim().replace(/;$/, ''),
        options: (info.options as unknown[]).map(String),
        owner: String(info.owner),
        comment: typeof info.comment === 'string' ? info.comment : null,
        privileges: (info.privileges as Record<string, unknown>[]).map((p) => ({
          grantee: typeof p.grantee === 'string' ? p.grantee : null,
          privilege: String(p.privilege),
          grantable: p.grantable === true,
        })),
      });
    }
    return saved;
  } finally {
    const path = previous.rows[0]?.path;
    await client.query(`SELECT set_config('search_path', $1, true)`, [
      typeof path === 'string' ? path : '',
    ]);
  }
}

async function registeredGrantViews(client: PgQueryable): Promise<Set<string>> {
  const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE),
  ]);
  if (exists.rows[0]?.present !== true) return new Set();
  const rows = await client.query(
    `SELECT view_schema, view_name FROM ${qualifiedName(KEY_SCHEMA, GRANT_VIEWS_TABLE)}`,
  );
  return new Set(rows.rows.map((row) => `${String(row.view_schema)}.${String(row.view_name)}`));
}

/** Drops the saved views, deepest first, in one statement. */
export function dropSavedViewsSql(views: readonly SavedView[]): string | undefined {
  if (views.length === 0) return undefined;
  return `DROP VIEW ${[...views]
    .reverse()
    .map((view) => qualifiedName(view.schema, view.name))
    .join(', ')}`;
}

/** The statements that make one saved view again, with its owner, rights and comment. */
export function recreateViewSql(view: SavedView): string[] {
  const name = qualifiedName(view.schema, view.name);
  const options = view.options.map((option) => {
    const at = option.indexOf('=');
    const key = at < 0 ? option : option.slice(0, at);
    const value = at < 0 ? 'true' : option.slice(at + 1);
    return `${quoteIdentifier(key)} = ${standardLiteral(value)}`;
  });
  const withOptions = options.length > 0 ? ` WITH (${options.join(', ')})` : '';
  const statements = [
    `CREATE VIEW ${name}${withOptions} AS ${view.definition}`,
    `ALTER VIEW ${name} OWNER TO ${quoteIdentifier(view.owner)}`,
  ];
  for (const privilege of view.privileges) {
    // From aclexplode, so a keyword such as SELECT; checked all the same before it is SQL.
    if (!/^[A-Z][A-Z ]*$/.test(privilege.privilege)) {
      throw new Error(`unexpected privilege ${JSON.stringify(privilege.privilege)} on ${name}`);
    }
    const grantee = privilege.grantee === null ? 'PUBLIC' : quoteIdentifier(privilege.grantee);
    statements.push(
      `GRANT ${privilege.privilege} ON ${name} TO ${grantee}${privilege.grantable ? ' WITH GRANT OPTION' : ''}`,
    );
  }
  if (view.comment !== null) {
    statements.push(`COMMENT ON VIEW ${name} IS ${standardLiteral(view.comment)}`);
  }
  return statements;
}

/** Makes the saved views again, shallowest first; a view that no longer fits the new table is named. */
export async function restoreViews(
  client: PgQueryable,
  views: readonly SavedView[],
  table: string,
): Promise<void> {
  for (const view of views) {
    try {
      // One round trip per view (the simple protocol runs several statements).
      await client.query(recreateViewSql(view).join(';\n'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `the grant view ${view.schema}.${view.name} does not fit the new ${table} (${reason}); ` +
          'the table was left as it was — revoke the grant or keep the columns it reads',
        { cause: error },
      );
    }
  }
}
