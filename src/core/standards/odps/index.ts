import type { DocumentIssue } from '../../findings/finding.ts';
import { checkStructure } from '../structure-issues.ts';
import { odpsProductSchema } from './schema.ts';

export { ODPS_API_VERSIONS, odpsProductSchema } from './schema.ts';
export type {
  OdpsApiVersion,
  OdpsAuthoritativeDefinition,
  OdpsCustomProperty,
  OdpsDescription,
  OdpsInputContract,
  OdpsInputPort,
  OdpsManagementPort,
  OdpsOutputPort,
  OdpsProduct,
  OdpsSbom,
  OdpsSupport,
  OdpsTeam,
  OdpsTeamMember,
} from './types.ts';

/** Checks a parsed document against ODPS v1.0.0 and returns every problem at once. */
export function validateOdpsStructure(data: unknown): DocumentIssue[] {
  return checkStructure(odpsProductSchema, data, { standard: 'ODPS v1.0.0' });
}
