import type { SqlParser, SqlRuleNames } from '../../core/semantic/index.ts';
import { sqlRuleIssues } from '../../core/semantic/index.ts';

/**
 * Why a contract's SQL rule must not be run, or undefined when it may: the verdict of
 * `meshwork validate` (placeholders, then exactly one SELECT as DuckDB's parser reads it),
 * asked again right before running, because a test or build may be started on a contract
 * nobody validated (DESIGN.md "Contracts are untrusted input"). Without a parser nothing
 * is run: a rule that could not be judged is not trusted either.
 */
export async function sqlRuleRefusal(
  parser: SqlParser | undefined,
  query: string,
  names: SqlRuleNames,
  at: string,
): Promise<string | undefined> {
  if (parser === undefined) return `not run: the query at ${at} could not be validated`;
  const issues = await sqlRuleIssues(query, names, parser, { path: [], at });
  const first = issues[0];
  return first === undefined ? undefined : `not run: ${first.message} ${first.hint}`;
}
