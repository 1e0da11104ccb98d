import { StatementRefusedError } from '../build-engine.ts';

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
 * The scan reads tokens the way Trino's lexer does (strings, quoted identifiers, both
 * comment forms), so `TABLE/**\/(` or `TABLE\n(` is found and `'TABLE('` in a string or
 * `"table"` as a name are not; a rule that cannot be tokenised (an unterminated string or
 * comment) is refused, since Trino would read it differently than the scan did.
 */

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'quoted' }
  | { readonly kind: 'string' }
  | { readonly kind: 'symbol'; readonly text: string };

function tokens(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new StatementRefusedError('an unterminated /* comment');
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf(c, j);
        if (end < 0) throw new StatementRefusedError(`an unterminated ${c} quote`);
        if (sql[end + 1] === c) {
          j = end + 2;
          continue;
        }
        i = end + 1;
        break;
      }
      out.push({ kind: c === "'" ? 'string' : 'quoted' });
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_@:$]/.test(sql[j]!)) j++;
      out.push({ kind: 'word', text: sql.slice(i, j).toUpperCase() });
      i = j;
    } else {
      out.push({ kind: 'symbol', text: c });
      i++;
    }
  }
  return out;
}

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
  let list: Token[];
  try {
    list = tokens(sql);
  } catch (error) {
    return (error as Error).message;
  }
  const first = list[0];
  if (first === undefined) return 'an empty statement';
  if (first.kind === 'word' && STATEMENT_WORDS.has(first.text))
    return `a ${first.text} statement (a rule must be one query)`;
  for (let k = 0; k < list.length; k++) {
    const token = list[k]!;
    const next = list[k + 1];
    if (token.kind !== 'word') continue;
    if (token.text === 'TABLE' && next?.kind === 'symbol' && next.text === '(')
      return 'a table function, TABLE(…) (it may pass SQL to the system behind a catalog)';
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
