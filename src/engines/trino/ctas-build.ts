import { StatementRefusedError } from '../build-engine.ts';
import type { QualifiedTable } from '../engine.ts';
import { tableFunctionCall, trinoPieces, trinoTokens } from './sql-lexer.ts';

/**
 * The SQL of a product built in Trino (docs/build.md "Building in Trino"), pure: a snapshot
 * table per port made by CREATE TABLE AS, the port's view switched to it, snapshot tables
 * listed and dropped. Trino folds identifiers to lower case, quoted or not, so every name
 * Meshwork makes is lower case already: what it lists is what it made.
 */

export function quoteTrino(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function trinoString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function qualified(table: QualifiedTable): string {
  return [table.catalog, table.schema, table.name]
    .map((n) => quoteTrino(n.toLowerCase()))
    .join('.');
}

/** `20261124T221500123Z-a1b2c3` → `20261124t221500123z_a1b2c3`: a name part Trino keeps as written. */
export function snapshotSuffix(snapshot: string): string {
  return snapshot.toLowerCase().replaceAll('-', '_');
}

/** The inverse of `snapshotSuffix`. */
export function snapshotOfSuffix(suffix: string): string {
  return suffix
    .toUpperCase()
    .replace(/_([0-9A-F]+)$/, (_m, hex: string) => `-${hex.toLowerCase()}`);
}

const SUFFIX = /^\d{8}t\d{9}z_[0-9a-f]{6}$/;

export function snapshotTableName(object: string, snapshot: string): string {
  return `${object.toLowerCase()}__s${snapshotSuffix(snapshot)}`;
}

export function snapshotTable(target: QualifiedTable, snapshot: string): QualifiedTable {
  return { ...target, name: snapshotTableName(target.name, snapshot) };
}

/** The snapshot a table name of `object` holds, or undefined when it is not one of its snapshot tables. */
export function snapshotOfTable(object: string, table: string): string | undefined {
  const prefix = `${object.toLowerCase()}__s`;
  if (!table.startsWith(prefix)) return undefined;
  const suffix = table.slice(prefix.length);
  return SUFFIX.test(suffix) ? snapshotOfSuffix(suffix) : undefined;
}

export function createSchemaSql(catalog: string, schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteTrino(catalog.toLowerCase())}.${quoteTrino(schema.toLowerCase())}`;
}

/** CASCADE: the scratch schemas hold only views this build made. */
export function dropSchemaSql(catalog: string, schema: string): string {
  return `DROP SCHEMA IF EXISTS ${quoteTrino(catalog.toLowerCase())}.${quoteTrino(schema.toLowerCase())} CASCADE`;
}

export function viewSql(view: QualifiedTable, source: QualifiedTable): string {
  return `CREATE OR REPLACE VIEW ${qualified(view)} AS SELECT * FROM ${qualified(source)}`;
}

/**
 * The transform's query (checked by `assertOneQuery`) as a subquery: whatever it is, the
 * statement Trino runs is this CREATE TABLE and nothing else. Parquet in both hive and iceberg.
 */
export function ctasSql(table: QualifiedTable, query: string): string {
  return `CREATE TABLE ${qualified(table)} WITH (format = 'PARQUET') AS SELECT * FROM (\n${stripTrailingSemicolon(query)}\n) AS "meshwork_query"`;
}

/** Exact even beyond 2^53: the count travels as text. */
export function countSql(table: QualifiedTable): string {
  return `SELECT CAST(count(*) AS varchar) FROM ${qualified(table)}`;
}

export function dropTableSql(table: QualifiedTable): string {
  return `DROP TABLE IF EXISTS ${qualified(table)}`;
}

export function listSnapshotTablesSql(target: QualifiedTable): string {
  return (
    `SELECT table_name FROM ${quoteTrino(target.catalog.toLowerCase())}.information_schema.tables` +
    ` WHERE table_schema = ${trinoString(target.schema.toLowerCase())}` +
    ` AND table_type = 'BASE TABLE' AND starts_with(table_name, ${trinoString(`${target.name.toLowerCase()}__s`)})`
  );
}

export function viewDefinitionSql(view: QualifiedTable): string {
  return (
    `SELECT view_definition FROM ${quoteTrino(view.catalog.toLowerCase())}.information_schema.views` +
    ` WHERE table_schema = ${trinoString(view.schema.toLowerCase())} AND table_name = ${trinoString(view.name.toLowerCase())}`
  );
}

export function connectorSql(catalog: string): string {
  return `SELECT connector_name FROM system.metadata.catalogs WHERE catalog_name = ${trinoString(catalog.toLowerCase())}`;
}

/** The snapshot a view made by `viewSql` reads, from Trino's (normalised) text of it. */
export function snapshotOfView(object: string, definition: string): string | undefined {
  const tables = [...definition.matchAll(/"((?:[^"]|"")+)"/g)].map((m) =>
    m[1]!.replaceAll('""', '"'),
  );
  for (const table of tables.reverse()) {
    const snapshot = snapshotOfTable(object, table);
    if (snapshot !== undefined) return snapshot;
  }
  return undefined;
}

/**
 * Which snapshot tables to drop: all but the served one and the `keep - 1` newest older
 * than it; tables newer than the served one are left by builds that never switched (killed,
 * failed) and go too. Without a served one nothing is dropped: nothing says which is good.
 */
export function snapshotsToDrop(
  snapshots: readonly string[],
  current: string | undefined,
  keep: number,
): string[] {
  if (current === undefined) return [];
  const older = [...snapshots]
    .filter((s) => s < current)
    .sort()
    .reverse();
  const kept = new Set([current, ...older.slice(0, Math.max(0, keep - 1))]);
  return snapshots.filter((s) => !kept.has(s)).sort();
}

/** The statements a transform's section may begin with: a query. */
const QUERY_START = /^(select|with|values|\()/i;

/**
 * A port's section is untrusted text: it must be exactly one query. Strings, quoted names
 * and comments are skipped when looking for a second statement or a table function —
 * `TABLE(pg.system.query(…))` hands raw SQL to the server behind a catalog, past Trino's
 * access rules on tables, so it is refused wherever it stands.
 */
export function assertOneTrinoQuery(sql: string): void {
  const code = codeOnly(sql);
  const body = code.replace(/;\s*$/, '').trim();
  if (body === '') throw new StatementRefusedError('no query');
  if (body.includes(';')) throw new StatementRefusedError('more than one statement');
  if (!QUERY_START.test(body)) {
    const word = /^[A-Za-z]+/.exec(body)?.[0]?.toUpperCase() ?? body.slice(0, 1);
    throw new StatementRefusedError(`${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word} statement`);
  }
  if (tableFunctionCall(trinoTokens(sql)) >= 0)
    throw new StatementRefusedError('a table function TABLE(…)');
}

function stripTrailingSemicolon(sql: string): string {
  const code = codeOnly(sql);
  const match = /;\s*$/.exec(code);
  return match ? sql.slice(0, match.index) : sql;
}

/**
 * The text with string literals, quoted identifiers and comments blanked out (same length,
 * so positions stay): what is left is the statement's own words and punctuation. Read with
 * Trino's lexer rules (sql-lexer.ts); text Trino would read differently (an unterminated
 * string, quoted name or comment) throws StatementRefusedError.
 */
export function codeOnly(sql: string): string {
  return trinoPieces(sql)
    .map((p) => {
      const width = p.end - p.start;
      if (p.kind === 'string' || p.kind === 'comment') return ' '.repeat(width);
      // A quoted name stays a word (`"x"` → `_x_`), so `"t" (` is not read as `table (`.
      if (p.kind === 'quoted') return '_'.repeat(width);
      return sql.slice(p.start, p.end);
    })
    .join('');
}
