import type { CatalogForeignKey, CatalogTable } from '../../core/import/catalog.ts';
import { catalogColumnOf, catalogText } from '../sql/catalog-column.ts';
import { postgresLogicalType } from '../sql/logical-types.ts';
import type { PgQueryable } from './bulk.ts';

/** How long one catalog statement may run: a catalog read is fast, or something holds a lock. */
const CATALOG_TIMEOUT_MS = 60_000;

interface KeyRow {
  readonly table: string;
  readonly name: string;
  readonly type: 'p' | 'u' | 'f' | 'i';
  readonly columns: readonly string[];
  readonly fschema: string | null;
  readonly ftable: string | null;
  readonly fcolumns: readonly string[] | null;
}

/**
 * The catalog's description of a schema's tables, views, materialised views and foreign
 * tables (partitions are described through their parent): `format_type` spells each
 * column's type as the server does, `attnotnull` is NOT NULL, `pg_constraint` gives the
 * primary key with positions, unique constraints and foreign keys (multi-column and into
 * other schemas), `pg_index` the unique indexes that are not constraints (whole-table,
 * plain columns only: a partial or expression index promises nothing about a column), and
 * `obj_description`/`col_description` the comments. Four statements in a READ ONLY
 * transaction with a statement time limit; nothing reads a row of the tables themselves.
 */
export async function describePostgres(
  client: PgQueryable,
  schema: string,
  only: readonly string[] | undefined,
): Promise<readonly CatalogTable[]> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${CATALOG_TIMEOUT_MS}`);
    return await describeIn(client, schema, only);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

async function describeIn(
  client: PgQueryable,
  schema: string,
  only: readonly string[] | undefined,
): Promise<readonly CatalogTable[]> {
  const relations = await client.query(
    `SELECT c.oid::int8::text AS oid, c.relname AS name, c.relkind::text AS kind,
            obj_description(c.oid, 'pg_class') AS comment, c.reltuples::float8 AS estimate
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
        AND ($2::text[] IS NULL OR c.relname = ANY($2::text[]))
        -- An extension's own relations (pg_stat_statements' views in public) are not data.
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname`,
    [schema, only === undefined ? null : [...only]],
  );
  if (relations.rows.length === 0) return [];
  const oids = relations.rows.map((row) => String(row.oid));
  const columns = await client.query(
    `SELECT a.attrelid::int8::text AS oid, a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a
      WHERE a.attrelid = ANY($1::int8[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  const keys = await client.query(
    `SELECT con.conrelid::int8::text AS oid, con.conname AS name, con.contype::text AS type,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY AS k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
            fn.nspname AS fschema, fc.relname AS ftable,
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY AS k(n, i)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS fcolumns
       FROM pg_constraint con
       LEFT JOIN pg_class fc ON fc.oid = con.confrelid
       LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE con.conrelid = ANY($1::int8[]::oid[]) AND con.contype IN ('p', 'u', 'f')
     UNION ALL
     SELECT i.indrelid::int8::text, ic.relname, 'i',
            (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(n, i)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n),
            NULL, NULL, NULL
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::int8[]::oid[]) AND i.indisunique AND NOT i.indisprimary
        AND i.indpred IS NULL AND i.indexprs IS NULL
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1, 2`,
    [oids],
  );
  const keysOf = new Map<string, KeyRow[]>();
  for (const row of keys.rows) {
    const oid = String(row.oid);
    const list = keysOf.get(oid) ?? [];
    list.push({
      table: oid,
      name: String(row.name),
      type: String(row.type) as KeyRow['type'],
      columns: namesOf(row.columns),
      fschema: typeof row.fschema === 'string' ? row.fschema : null,
      ftable: typeof row.ftable === 'string' ? row.ftable : null,
      fcolumns: row.fcolumns === null ? null : namesOf(row.fcolumns),
    });
    keysOf.set(oid, list);
  }
  return relations.rows.map((relation) => {
    const oid = String(relation.oid);
    const tableKeys = keysOf.get(oid) ?? [];
    const primary = tableKeys.find((k) => k.type === 'p')?.columns ?? [];
    const unique = tableKeys.filter((k) => k.type === 'u' || k.type === 'i').map((k) => k.columns);
    const single = new Set(unique.filter((k) => k.length === 1).map((k) => k[0]));
    const multi = dedupe(unique.filter((k) => k.length > 1));
    const foreignKeys: CatalogForeignKey[] = tableKeys
      .filter((k) => k.type === 'f' && k.ftable !== null && k.fcolumns !== null)
      .map((k) => ({
        name: k.name,
        columns: k.columns,
        table: k.ftable!,
        ...(k.fschema !== null && k.fschema !== schema ? { schema: k.fschema } : {}),
        referencedColumns: k.fcolumns!,
      }));
    const kind = String(relation.kind);
    const estimate = Number(relation.estimate);
    const comment = catalogText(relation.comment);
    return {
      name: String(relation.name),
      kind: kind === 'v' ? 'view' : 'table',
      ...(comment === undefined ? {} : { description: comment }),
      columns: columns.rows
        .filter((column) => String(column.oid) === oid)
        .map((column) =>
          catalogColumnOf(
            {
              name: String(column.name),
              type: String(column.type).toLowerCase(),
              notNull: column.not_null === true,
              comment: column.comment,
            },
            { primary, single },
            postgresLogicalType,
          ),
        ),
      uniqueKeys: multi,
      foreignKeys,
      // -1 (PostgreSQL 14+) or 0 before: never analysed, no estimate.
      ...((kind === 'r' || kind === 'm') && estimate > 0 ? { rowEstimate: estimate } : {}),
    } satisfies CatalogTable;
  });
}

function namesOf(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function dedupe(keys: readonly (readonly string[])[]): readonly (readonly string[])[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const id = JSON.stringify(key);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
