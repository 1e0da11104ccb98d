import type { z } from 'zod';
import type {
  odpsAuthoritativeDefinitionSchema,
  odpsCustomPropertySchema,
  odpsDescriptionSchema,
  odpsInputContractSchema,
  odpsInputPortSchema,
  odpsManagementPortSchema,
  odpsOutputPortSchema,
  odpsProductSchema,
  odpsSbomSchema,
  odpsSupportSchema,
  odpsTeamMemberSchema,
  odpsTeamSchema,
} from './schema.ts';

/**
 * The ODPS types are read off the model, so that the schema and the types cannot drift
 * apart, and made deeply readonly: a parsed document is data, not a place to write to.
 */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type Model<S extends z.ZodType> = DeepReadonly<z.output<S>>;

export type OdpsProduct = Model<typeof odpsProductSchema>;
export type OdpsApiVersion = OdpsProduct['apiVersion'];
export type OdpsDescription = Model<typeof odpsDescriptionSchema>;
export type OdpsInputPort = Model<typeof odpsInputPortSchema>;
export type OdpsOutputPort = Model<typeof odpsOutputPortSchema>;
export type OdpsInputContract = Model<typeof odpsInputContractSchema>;
export type OdpsSbom = Model<typeof odpsSbomSchema>;
export type OdpsManagementPort = Model<typeof odpsManagementPortSchema>;
export type OdpsSupport = Model<typeof odpsSupportSchema>;
export type OdpsTeam = Model<typeof odpsTeamSchema>;
export type OdpsTeamMember = Model<typeof odpsTeamMemberSchema>;
export type OdpsCustomProperty = Model<typeof odpsCustomPropertySchema>;
export type OdpsAuthoritativeDefinition = Model<typeof odpsAuthoritativeDefinitionSchema>;
