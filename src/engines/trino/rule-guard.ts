import { StatementRefusedError } from '../build-engine.ts';
import { type SqlPiece, tableFunctionCall, trinoTokens } from './sql-lexer.ts';

/**
 * A contract's SQL rule for Trino, which has no read-only transaction this client could
 * open (trino-client: "Client does not support transactions"). What stands in for it:
 *
 * - the rule becomes a derived table (`ruleAsDerivedTable`): only a query can stand there,
 *   so INSERT, CREATE TABLE AS, DELETE, DROP, CALL, SET SESSION, USE, PREPARE, EXECUTE
 *   (IMMEDIATE) are syntax errors in Trino's own parser, and Trino's REST API takes one
 *   statement per request;
 * - a table function is refused before Trino sees it (`refusedInRule`): `TABLE(…)` is
 *   how a query calls one, and `pg.system.query(query => '…')` passes raw SQL to the
 *   PostgreSQL behind the catalog with the connector's credentials (a `WITH … DELETE …
 *   RETURNING` there writes, whatever Trino's own parser allowed).
 *
 * The scan reads tokens with Trino's own lexer rules (sql-lexer.ts, shared with the build's
 * check of a transform), so `TABLE/**\/(`, `TABLE\n(` or `--\r TABLE(` is found and
 * `'TABLE('` in a string or `"table"` as a name are not; a rule Trino would tokenise
 * differently (an unterminated string or comment, a stray whitespace character) is refused.
 */

/** Statement words that are never part of a query (defence in depth: the wrapper refuses them too). */
const STATEMENT_WORDS = new Set([
  'CALL',
  'EXECUTE',
  'PREPARE',
  'DEALLOCATE',
  'SET',
  'RESET',
  'USE',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'DENY',
  'COMMENT',
  'REFRESH',
  'ANALYZE',
  'START',
  'COMMIT',
  'ROLLBACK',
]);

/** Why the rule is refused, or undefined when it may run (then only as a derived table). */
export function refusedInRule(sql: string): string | undefined {
  let list: SqlPiece[];
  try {
    list = trinoTokens(sql);
  } catch (error) {
    return (error as Error).message;
  }
  const first = list[0];
  if (first === undefined) return 'an empty statement';
  if (first.kind === 'word' && STATEMENT_WORDS.has(first.text))
    return `a ${first.text} statement (a rule must be one query)`;
  if (tableFunctionCall(list) >= 0)
    return 'a table function, TABLE(…) (it may pass SQL to the system behind a catalog)';
  for (let k = 0; k < list.length; k++) {
    const token = list[k]!;
    if (token.kind !== 'word') continue;
    const before = list[k - 1];
    if (token.text === 'FUNCTION' && before?.kind === 'word' && before.text === 'WITH')
      return 'an inline function (WITH FUNCTION)';
  }
  const semicolon = list.findIndex((t) => t.kind === 'symbol' && t.text === ';');
  if (semicolon >= 0 && semicolon < list.length - 1) return 'more than one statement';
  return undefined;
}

/**
 * The rule as a derived table, on lines of its own: a trailing `--` comment must not
 * swallow the parenthesis. A trailing semicolon is dropped (one statement either way).
 */
export function ruleAsDerivedTable(sql: string): string {
  return `SELECT * FROM (\n${sql.replace(/[\s;]+$/, '')}\n) AS meshwork_rule`;
}

/** Throws StatementRefusedError when the rule may not run; else the SQL to run. */
export function guardedRule(sql: string): string {
  const refusal = refusedInRule(sql);
  if (refusal !== undefined) throw new StatementRefusedError(`the rule is ${refusal}`);
  return ruleAsDerivedTable(sql);
}
