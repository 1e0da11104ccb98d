import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import {
  COMMON_PARTS,
  authoritativeDefinitions,
  context,
  dateTimeString,
  forProfile,
  tags,
} from './common.ts';
import { ROLES } from './role.ts';
import type { OdcsSchemaObject } from './schema-object.ts';
import { SCHEMA_OBJECTS } from './schema-object.ts';
import type { OdcsServer } from './server.ts';
import { SERVERS } from './server.ts';
import { SLA_PROPERTIES } from './sla.ts';
import { SUPPORT_CHANNELS, pricing } from './support.ts';
import { TEAMS } from './team.ts';
import type { OdcsApiVersion, OdcsProfile } from './versions.ts';
import { ODCS_API_VERSIONS, ODCS_V31_API_VERSIONS } from './versions.ts';

/**
 * A whole data contract: the top level of the schema (`additionalProperties: false`).
 * See versions.ts for which rules check which `apiVersion`.
 */
function buildContract<V extends z.ZodType<OdcsApiVersion>>(profile: OdcsProfile, apiVersion: V) {
  const customProperties = COMMON_PARTS[profile].customProperties.exactOptional();
  const schema = z.strictObject({
    version: z.string(),
    apiVersion,
    kind: z.literal('DataContract'),
    id: z.string(),
    name: z.string().exactOptional(),
    tenant: z.string().exactOptional(),
    tags: tags.exactOptional(),
    // Optional from v3.2.0; required by v3.1.0 (see v31 below).
    status: z.string().exactOptional(),
    domain: z.string().exactOptional(),
    /** Deprecated since v3.1.0: a data product names its contracts, not the other way round. */
    dataProduct: z.string().exactOptional(),
    description: z
      .looseObject({
        usage: z.string().exactOptional(),
        purpose: z.string().exactOptional(),
        limitations: z.string().exactOptional(),
        authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
        customProperties,
      })
      .exactOptional(),
    context: context.exactOptional(),
    servers: SERVERS[profile].exactOptional(),
    schema: z.array(SCHEMA_OBJECTS[profile]).exactOptional(),
    support: SUPPORT_CHANNELS[profile].exactOptional(),
    price: pricing.exactOptional(),
    team: TEAMS[profile].team.exactOptional(),
    roles: ROLES[profile].exactOptional(),
    /** Deprecated since v3.1.0, to be removed in 4.0. */
    slaDefaultElement: z.string().exactOptional(),
    slaProperties: SLA_PROPERTIES[profile].exactOptional(),
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
    customProperties,
    contractCreatedTs: dateTimeString.exactOptional(),
  });
  return schema;
}

const v32 = buildContract('v3.2', z.literal('v3.2.0'));
const v31 = forProfile('v3.1', buildContract('v3.1', z.enum(ODCS_V31_API_VERSIONS)), [
  'context',
]).extend({ status: z.string() });

/** The contract rules per profile; `anyVersion` checks an undeclared or unknown version. */
export const CONTRACTS = {
  'v3.1': v31,
  'v3.2': v32,
  anyVersion: buildContract('v3.2', z.enum(ODCS_API_VERSIONS)),
} as const;

/**
 * The Zod schema of an ODCS v3 data contract: the v3.1 or the v3.2 rules, chosen by
 * `apiVersion`. Use `validateOdcsStructure` for findings with stable codes and paths.
 * Typed as OdcsContract: the output is the input unchanged (no transforms), and the
 * recursive and per-type parts are typed by hand (OdcsProperty, OdcsServer), which
 * inference cannot follow.
 */
export const odcsContractSchema = z.discriminatedUnion('apiVersion', [
  v31,
  v32,
]) as unknown as z.ZodType<OdcsContract>;

type ContractOutput = z.output<typeof v32>;

/**
 * A structurally valid ODCS v3 data contract (the v3.2 shape; older versions use a subset
 * of it). Readonly: the model is read, never mutated.
 */
export type OdcsContract = DeepReadonly<
  Omit<ContractOutput, 'apiVersion' | 'schema' | 'servers'>
> & {
  readonly apiVersion: OdcsApiVersion;
  readonly schema?: readonly OdcsSchemaObject[];
  readonly servers?: readonly OdcsServer[];
};
