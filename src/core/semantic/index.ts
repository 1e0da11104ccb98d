import type { DocumentIssue } from '../findings/finding.ts';
import type { OdcsContractLike } from './contract-like.ts';
import { checkNameControlChars } from './name-control-chars.ts';
import { checkPrimaryKeys } from './primary-keys.ts';
import { checkQualityRules } from './quality-rules.ts';
import type { ExternalReference } from './relationships.ts';
import { checkRelationships } from './relationships.ts';
import type { SqlParser } from './sql-parser.ts';
import { checkSqlQualityRules } from './sql-rules.ts';
import { checkSubjectDeclarations } from './subject-declarations.ts';

export { semanticCodes } from './catalogue.ts';
export type {
  OdcsContractLike,
  OdcsItemsLike,
  OdcsPropertyLike,
  OdcsQualityRuleLike,
  OdcsRelationshipLike,
  OdcsSchemaObjectLike,
} from './contract-like.ts';
export type { ExternalReference } from './relationships.ts';
export type { SqlParseResult, SqlParser } from './sql-parser.ts';
export { sqlRuleIssues } from './sql-rules.ts';
export { checkSubjectDeclarations } from './subject-declarations.ts';
export type { SqlRuleNames } from './sql-rules.ts';
export { substitutePlaceholders } from './sql-placeholders.ts';
export type { PlaceholderResult, PlaceholderTargets } from './sql-placeholders.ts';

export interface SemanticOptions {
  /** Parses SQL quality rules; without one, their queries are checked for placeholders only. */
  readonly sqlParser?: SqlParser | undefined;
}

export interface SemanticResult {
  readonly issues: DocumentIssue[];
  /** Relationship ends in other contracts, for the mesh-level validator to resolve. */
  readonly externalReferences: ExternalReference[];
}

/**
 * What a structurally valid ODCS contract can still get wrong: quality rules (metric,
 * level, arguments, operator, unit), SQL quality queries, primary key positions and
 * relationships, data-subject declarations, control characters in names. Issues come in that order, each group in document order.
 */
export async function checkContractSemantics(
  contract: OdcsContractLike,
  options: SemanticOptions = {},
): Promise<SemanticResult> {
  const relationships = checkRelationships(contract);
  const issues = [
    ...checkQualityRules(contract),
    ...(await checkSqlQualityRules(contract, options.sqlParser)),
    ...checkPrimaryKeys(contract),
    ...relationships.issues,
    ...checkSubjectDeclarations(contract),
    ...checkNameControlChars(contract),
  ];
  return { issues, externalReferences: relationships.externalReferences };
}
