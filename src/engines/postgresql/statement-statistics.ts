import type { StatementStatistics } from '../engine.ts';
import type { PgQueryable } from './bulk.ts';
import { quoteIdentifier } from './dialect.ts';

/**
 * Seen on PostgreSQL 18: statements of the same shape whose tables have the same alias
 * names (`FROM x a JOIN y b`) share one entry, whose text names the tables of the first
 * one; the calls over other tables are counted for those.
 */
const ALIAS_GROUPING =
  'PostgreSQL 18 counts statements of one shape with the same table aliases as one: their calls are given to the tables of the first such statement';

/** Reading the view of a busy server must not hang the command. */
const READ_TIMEOUT_MS = 15_000;

/**
 * `pg_stat_statements` of the connected database, most-called first: normalised texts
 * (constants as `$n`) and their calls. The extension must be created in the database and
 * its library loaded at server start (`shared_preload_libraries`); each missing piece is
 * said as the reason, never as an empty list. Another user's statements read as
 * `<insufficient privilege>` without `pg_read_all_stats`: counted, not used.
 */
export async function readStatementStatistics(
  client: PgQueryable,
  limit: number,
): Promise<StatementStatistics> {
  const extension = await client.query(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'pg_stat_statements'`,
  );
  const schema = extension.rows[0]?.schema;
  if (typeof schema !== 'string')
    return { available: false, reason: 'pg_stat_statements not installed in this database' };
  const bound = Math.max(1, Math.min(Math.trunc(limit), 1_000_000));
  let rows: Record<string, unknown>[];
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${READ_TIMEOUT_MS}`);
    const result = await client.query(
      `SELECT query, calls::float8 AS calls FROM ${quoteIdentifier(schema)}.pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query IS NOT NULL
        ORDER BY calls DESC, queryid LIMIT ${bound}`,
    );
    rows = result.rows;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // 55000: "pg_stat_statements must be loaded via shared_preload_libraries".
    if (code === '55000')
      return {
        available: false,
        reason:
          'pg_stat_statements installed but not loaded (add it to shared_preload_libraries and restart the server)',
      };
    if (code === '42501')
      return { available: false, reason: 'pg_stat_statements not readable by this login' };
    throw error;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  const statements: { query: string; calls: number }[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const query = typeof row.query === 'string' ? row.query : '';
    if (query === '<insufficient privilege>') unreadable++;
    else statements.push({ query, calls: Number(row.calls) });
  }
  const version = await client.query('SHOW server_version_num');
  const caveat =
    Number(version.rows[0]?.server_version_num) >= 180_000 ? ALIAS_GROUPING : undefined;
  return {
    available: true,
    source: 'pg_stat_statements',
    statements,
    unreadable,
    ...(caveat === undefined ? {} : { caveat }),
  };
}
