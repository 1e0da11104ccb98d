import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import {
  COMMON_PARTS,
  authoritativeDefinitions,
  context,
  forProfile,
  stableId,
  synonyms,
  tags,
} from './common.ts';
import type { OdcsProperty } from './property.ts';
import { PROPERTIES } from './property.ts';
import { QUALITY_RULES } from './quality.ts';
import { RELATIONSHIPS } from './relationship.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * An entry of `schema`: a table, view, topic, file or other object whose properties the
 * contract describes (the schema's SchemaObject with its SchemaElement part).
 */
function buildSchemaObject(profile: OdcsProfile) {
  const schema = z.strictObject({
    id: stableId.exactOptional(),
    name: z.string(),
    physicalType: z.string().exactOptional(),
    physicalName: z.string().exactOptional(),
    description: z.string().exactOptional(),
    businessName: z.string().exactOptional(),
    logicalType: z.literal('object').exactOptional(),
    dataGranularityDescription: z.string().exactOptional(),
    properties: z.array(PROPERTIES[profile].property).exactOptional(),
    relationships: z.array(RELATIONSHIPS[profile].schemaLevel).exactOptional(),
    quality: QUALITY_RULES[profile].exactOptional(),
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
    tags: tags.exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
    // v3.2: RFC 0041, RFC 0038 and (final v3.2.0) RFC 0051.
    synonyms: synonyms.exactOptional(),
    context: context.exactOptional(),
    deprecated: z.boolean().exactOptional(),
  });
  return forProfile(profile, schema, ['synonyms', 'context', 'deprecated']);
}

export const SCHEMA_OBJECTS = {
  'v3.1': buildSchemaObject('v3.1'),
  'v3.2': buildSchemaObject('v3.2'),
} as const;

export type OdcsSchemaObject = DeepReadonly<
  Omit<z.output<(typeof SCHEMA_OBJECTS)['v3.2']>, 'properties'>
> & {
  readonly properties?: readonly OdcsProperty[];
};
