import type { SqlParseResult } from '../../core/semantic/sql-parser.ts';

/**
 * DuckDB SQL, built as text: pure, so it is tested without a database. The driver runs
 * what is built here.
 */

/** A name as a DuckDB identifier: in double quotes, an embedded double quote doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Parses the SQL bound to its one parameter without running it. `json_serialize_sql`
 * returns the parse tree as JSON, or `"error": true` with `error_type` and
 * `error_message`; it serialises SELECT statements only.
 */
export const SERIALIZE_SQL = 'SELECT json_serialize_sql(?::VARCHAR) AS parsed';

const NOT_SELECT = 'Only SELECT statements';

/** Reads the JSON `json_serialize_sql` returned. */
export function interpretSerializedSql(json: string): SqlParseResult {
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object') {
    return {
      ok: false,
      reason: 'syntax-error',
      message: `unexpected parser output: ${json.slice(0, 80)}`,
    };
  }
  const result = parsed as { error?: unknown; error_message?: unknown; statements?: unknown };
  if (result.error === true) {
    const message =
      typeof result.error_message === 'string' ? result.error_message : 'unknown parser error';
    if (message.includes(NOT_SELECT)) return { ok: false, reason: 'not-select', message };
    return { ok: false, reason: 'syntax-error', message };
  }
  const statements = Array.isArray(result.statements) ? result.statements.length : 0;
  if (statements === 0) return { ok: false, reason: 'empty', message: 'no statement' };
  if (statements > 1) {
    return {
      ok: false,
      reason: 'multiple-statements',
      message: `${statements} statements`,
      statements,
    };
  }
  return { ok: true };
}
