import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { semanticCodes } from './catalogue.ts';
import type { OdcsContractLike } from './contract-like.ts';
import type { QualitySite } from './contract-walk.ts';
import { qualitySites, stringAt } from './contract-walk.ts';
import { qualityKind } from './quality-rules.ts';
import type { SqlParser } from './sql-parser.ts';
import { substitutePlaceholders } from './sql-placeholders.ts';

/** Names people reach for that the standard spells differently. */
const SUGGESTIONS: Readonly<Record<string, string>> = {
  model: '{object}',
  dataset: '{object}',
  field: '{property}',
  attribute: '{property}',
};

/**
 * Checks the query of every `type: sql` quality rule: its placeholders, then (with a
 * parser) that it is one SELECT statement of the parser's dialect. Queries are parsed one
 * after the other: a parser is free to hold a single connection.
 */
export async function checkSqlQualityRules(
  contract: OdcsContractLike,
  parser: SqlParser | undefined,
): Promise<DocumentIssue[]> {
  const issues: DocumentIssue[] = [];
  for (const site of qualitySites(contract)) {
    if (qualityKind(site.rule) !== 'sql') continue;
    const query = stringAt(site.rule, 'query');
    if (query === undefined) continue;
    issues.push(...(await checkQuery(site, query, parser)));
  }
  return issues;
}

async function checkQuery(
  site: QualitySite,
  query: string,
  parser: SqlParser | undefined,
): Promise<DocumentIssue[]> {
  const objectName = stringAt(site.object.record, 'physicalName') ?? site.object.name ?? 'object';
  const propertyName =
    site.property === undefined
      ? undefined
      : (stringAt(site.property.record, 'physicalName') ?? site.property.name ?? 'property');
  return sqlRuleIssues(query, { object: objectName, property: propertyName }, parser, {
    path: [...site.path, 'query'],
  });
}

/** The names a SQL rule's placeholders stand for: physical names where the contract gives them. */
export interface SqlRuleNames {
  readonly object: string;
  readonly property: string | undefined;
}

/**
 * What is wrong with one SQL rule's query, as `meshwork validate` reports it: unknown
 * placeholders, then (with a parser) anything but one SELECT statement. `meshwork test`
 * and `meshwork build` ask the same before running a rule, so a rule that does not
 * validate is never run (DESIGN.md "Contracts are untrusted input"). `at` names the rule
 * in messages (default: its path).
 */
export async function sqlRuleIssues(
  query: string,
  names: SqlRuleNames,
  parser: SqlParser | undefined,
  where: { readonly path: DocPath; readonly at?: string },
): Promise<DocumentIssue[]> {
  const { path } = where;
  const at = where.at ?? formatPath(path);
  const substituted = substitutePlaceholders(query, {
    object: names.object,
    property: names.property,
    quoteIdentifier: parser ? (name) => parser.quoteIdentifier(name) : (name) => name,
  });

  const issues: DocumentIssue[] = [];
  for (const placeholder of substituted.unknown) {
    const name = placeholder.replace(/^\$?\{|\}$/g, '');
    const suggestion = SUGGESTIONS[name];
    issues.push(
      issue(
        semanticCodes,
        'unknown-placeholder',
        {
          at,
          placeholder,
          suggestion: suggestion ? `; for ${placeholder} write ${suggestion}` : '',
        },
        path,
      ),
    );
  }
  for (const placeholder of substituted.withoutProperty) {
    issues.push(issue(semanticCodes, 'placeholder-needs-property', { at, placeholder }, path));
  }
  // A query with a placeholder left in it would fail to parse for a reason already reported.
  if (issues.length > 0 || parser === undefined) return issues;

  const result = await parser.parse(substituted.sql);
  if (result.ok) return [];
  switch (result.reason) {
    case 'syntax-error':
      return [issue(semanticCodes, 'sql-syntax-error', { at, error: result.message }, path)];
    case 'not-select':
      return [issue(semanticCodes, 'sql-not-select', { at }, path)];
    case 'multiple-statements':
      return [
        issue(
          semanticCodes,
          'sql-multiple-statements',
          { at, count: result.statements ?? 2 },
          path,
        ),
      ];
    case 'empty':
      return [issue(semanticCodes, 'sql-empty', { at }, path)];
  }
}
