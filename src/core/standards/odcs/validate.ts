import type { DocumentIssue } from '../../findings/finding.ts';
import { checkStructure } from '../structure-issues.ts';
import { isRecord } from './common.ts';
import { CONTRACTS } from './contract.ts';
import { isOdcsApiVersion, odcsProfileFor, odcsStandardName } from './versions.ts';

/**
 * Checks the structure of a parsed ODCS document against the rules of its `apiVersion`
 * and returns every problem at once, each at the path of the offending node (an unknown
 * key is reported at the key itself). An empty list means the document is a structurally
 * valid OdcsContract.
 */
export function validateOdcsStructure(data: unknown): DocumentIssue[] {
  const apiVersion = isRecord(data) ? data.apiVersion : undefined;
  const schema = isOdcsApiVersion(apiVersion)
    ? CONTRACTS[odcsProfileFor(apiVersion)]
    : CONTRACTS.anyVersion;
  return checkStructure(schema, data, { standard: odcsStandardName(apiVersion) });
}
