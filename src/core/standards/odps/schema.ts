import { z } from 'zod';
import { dateString, dateTimeString, uriString } from '../json-schema-formats.ts';

/**
 * Meshwork's own model of the Open Data Product Standard v1.0.0, exactly as strict as the
 * official JSON Schema: every object is closed (unknown keys are errors), the same keys
 * are required, and `uri`, `date` and `date-time` are checked as upstream's validator
 * checks them. The conformance tests compare its verdicts with the official schema's.
 *
 * Optional keys are `exactOptional`: a key that is present must hold a value of the
 * documented type, as in JSON Schema.
 */

/** The apiVersion values ODPS v1.0.0 accepts; v0.9.0 documents validate unchanged. */
export const ODPS_API_VERSIONS = ['v0.9.0', 'v1.0.0'] as const;

const text = (): z.ZodString => z.string();

const tagsSchema = z.array(text());

export const odpsCustomPropertySchema = z.strictObject({
  property: text(),
  // Any JSON value, null included, but the key itself is required.
  value: z.unknown().nonoptional(),
  description: text().exactOptional(),
});

export const odpsAuthoritativeDefinitionSchema = z.strictObject({
  type: text(),
  url: uriString(),
  description: text().exactOptional(),
});

const customProperties = () => z.array(odpsCustomPropertySchema).exactOptional();
const authoritativeDefinitions = () => z.array(odpsAuthoritativeDefinitionSchema).exactOptional();

/** The keys every port, support channel, team and member may carry. */
const annotations = () => ({
  tags: tagsSchema.exactOptional(),
  customProperties: customProperties(),
  authoritativeDefinitions: authoritativeDefinitions(),
});

export const odpsDescriptionSchema = z.strictObject({
  purpose: text().exactOptional(),
  limitations: text().exactOptional(),
  usage: text().exactOptional(),
  authoritativeDefinitions: authoritativeDefinitions(),
  customProperties: customProperties(),
});

export const odpsInputPortSchema = z.strictObject({
  name: text(),
  version: text(),
  contractId: text(),
  ...annotations(),
});

export const odpsSbomSchema = z.strictObject({
  type: text().exactOptional(),
  url: uriString(),
});

export const odpsInputContractSchema = z.strictObject({
  id: text(),
  version: text(),
});

export const odpsOutputPortSchema = z.strictObject({
  name: text(),
  description: text().exactOptional(),
  type: text().exactOptional(),
  version: text(),
  contractId: text().exactOptional(),
  sbom: z.array(odpsSbomSchema).exactOptional(),
  inputContracts: z.array(odpsInputContractSchema).exactOptional(),
  ...annotations(),
});

export const odpsManagementPortSchema = z.strictObject({
  name: text(),
  content: text(),
  type: text().exactOptional(),
  url: uriString().exactOptional(),
  channel: text().exactOptional(),
  description: text().exactOptional(),
  ...annotations(),
});

export const odpsSupportSchema = z.strictObject({
  channel: text(),
  url: uriString(),
  description: text().exactOptional(),
  tool: text().exactOptional(),
  scope: text().exactOptional(),
  invitationUrl: uriString().exactOptional(),
  ...annotations(),
});

export const odpsTeamMemberSchema = z.strictObject({
  username: text(),
  name: text().exactOptional(),
  description: text().exactOptional(),
  role: text().exactOptional(),
  dateIn: dateString().exactOptional(),
  dateOut: dateString().exactOptional(),
  replacedByUsername: text().exactOptional(),
  ...annotations(),
});

export const odpsTeamSchema = z.strictObject({
  name: text().exactOptional(),
  description: text().exactOptional(),
  members: z.array(odpsTeamMemberSchema).exactOptional(),
  ...annotations(),
});

export const odpsProductSchema = z.strictObject({
  apiVersion: z.enum(ODPS_API_VERSIONS),
  kind: z.literal('DataProduct'),
  id: text(),
  name: text().exactOptional(),
  version: text().exactOptional(),
  // Open: the standard lists proposed, draft, active, deprecated and retired as examples.
  status: text(),
  domain: text().exactOptional(),
  tenant: text().exactOptional(),
  authoritativeDefinitions: authoritativeDefinitions(),
  description: odpsDescriptionSchema.exactOptional(),
  customProperties: customProperties(),
  tags: tagsSchema.exactOptional(),
  inputPorts: z.array(odpsInputPortSchema).exactOptional(),
  outputPorts: z.array(odpsOutputPortSchema).exactOptional(),
  managementPorts: z.array(odpsManagementPortSchema).exactOptional(),
  support: z.array(odpsSupportSchema).exactOptional(),
  team: odpsTeamSchema.exactOptional(),
  productCreatedTs: dateTimeString().exactOptional(),
});
