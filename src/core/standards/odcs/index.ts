/**
 * Meshwork's own model of ODCS v3 (Open Data Contract Standard, Bitol): the structure of
 * a data contract as Zod schemas, exactly as strict as the official JSON Schemas (v3.1.0
 * for v3.0.x/v3.1.0 documents, v3.2.0 for v3.2.0 ones) except where the written standard
 * says otherwise, and the readonly types the rest of Meshwork reads contracts through.
 */
export { validateOdcsStructure } from './validate.ts';
export { odcsContractSchema } from './contract.ts';
export type { OdcsContract } from './contract.ts';
export {
  LATEST_ODCS_PROFILE,
  ODCS_API_VERSIONS,
  isOdcsApiVersion,
  odcsProfileFor,
} from './versions.ts';
export type { OdcsApiVersion, OdcsProfile } from './versions.ts';
export type {
  DeepReadonly,
  JsonValue,
  OdcsAuthoritativeDefinition,
  OdcsContext,
  OdcsCustomProperty,
} from './common.ts';
export type { OdcsSchemaObject } from './schema-object.ts';
export { ODCS_LOGICAL_TYPES } from './property.ts';
export type {
  OdcsEnumValue,
  OdcsItemProperty,
  OdcsLogicalType,
  OdcsMapDefinition,
  OdcsProperty,
  OdcsPropertyFields,
  OdcsSynonym,
} from './property.ts';
export type {
  OdcsArrayOptions,
  OdcsDateOptions,
  OdcsIntegerOptions,
  OdcsNumberOptions,
  OdcsObjectOptions,
  OdcsStringOptions,
  OdcsTimestampOptions,
  OdcsVectorOptions,
} from './logical-type-options.ts';
export { ODCS_QUALITY_OPERATORS, ODCS_SQL_PLACEHOLDERS, qualityRuleKinds } from './quality.ts';
export type { OdcsQualityOperator, OdcsQualityRule } from './quality.ts';
export { isOdcsReference } from './relationship.ts';
export type { OdcsPropertyRelationship, OdcsRelationship } from './relationship.ts';
export { ODCS_SERVER_TYPES } from './server.ts';
export type { OdcsServer, OdcsServerCommon, OdcsServerOf, OdcsServerType } from './server.ts';
export type { OdcsSlaProperty } from './sla.ts';
export type { OdcsTeam, OdcsTeamMember } from './team.ts';
export type { OdcsRole } from './role.ts';
export type { OdcsPricing, OdcsSupportChannel } from './support.ts';
