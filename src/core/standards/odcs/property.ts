import { z } from 'zod';
import type {
  DeepReadonly,
  JsonValue,
  OdcsAuthoritativeDefinition,
  OdcsCustomProperty,
} from './common.ts';
import {
  COMMON_PARTS,
  authoritativeDefinitions,
  forbidden,
  jsonValue,
  scalarValue,
  stableId,
  synonyms,
  tags,
} from './common.ts';
import { isDeepEqual } from './deep-equal.ts';
import {
  arrayOptions,
  dateOptions,
  emptyOptions,
  integerOptions,
  numberOptions,
  objectOptions,
  openOptions,
  stringOptions,
  timestampOptions,
  vectorOptions,
} from './logical-type-options.ts';
import type { OdcsQualityRule } from './quality.ts';
import { QUALITY_RULES } from './quality.ts';
import type { OdcsPropertyRelationship } from './relationship.ts';
import { RELATIONSHIPS } from './relationship.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * Properties of a schema object (SchemaBaseProperty, SchemaProperty, SchemaItemProperty).
 *
 * The schema picks the allowed keys by `logicalType` with `if`/`then` branches; the model
 * makes each logical type one strict variant of a discriminated union, so a key that the
 * type does not allow (`items` on a string) is reported at the key, and an unknown
 * `logicalType` is reported once with the allowed values.
 *
 * Where the v3.2 schema and the written standard disagree, the standard wins: its `map`
 * branch (`if logicalType is map then map is required`) has no `required: [logicalType]`, so
 * the schema also demands `map` on every property without a `logicalType`. The standard
 * makes `logicalType` optional and `map` "required when logicalType: map"; so does this
 * model. Without a `logicalType` the schema's other branches still all apply, so there
 * `properties`, `items` and `map` are allowed and `logicalTypeOptions` must be empty.
 */

export const ODCS_LOGICAL_TYPES = [
  'string',
  'date',
  'timestamp',
  'time',
  'number',
  'integer',
  'object',
  'array',
  'boolean',
  'map',
  'vector',
] as const;

export type OdcsLogicalType = (typeof ODCS_LOGICAL_TYPES)[number];

const enumValue = (profile: OdcsProfile) =>
  z.strictObject({
    value: scalarValue,
    label: z.string().exactOptional(),
    id: stableId.exactOptional(),
    description: z.string().exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
    tags: tags.exactOptional(),
  });

/** RFC 0033 (v3.2): allowed values; at least one, no two alike (`uniqueItems`). */
const enumValues = z
  .array(enumValue('v3.2'))
  .min(1)
  .superRefine((values, ctx) => {
    values.forEach((value, i) => {
      if (values.slice(0, i).some((earlier) => isDeepEqual(earlier, value))) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `Enum entry ${i} repeats an earlier entry`,
          params: { code: 'duplicate-items', hint: 'List each allowed value once.' },
        });
      }
    });
  });

/** Keys every property may carry, whatever its logical type (v3.2). */
function commonFields(profile: OdcsProfile) {
  return {
    // SchemaElement
    id: stableId.exactOptional(),
    name: z.string().exactOptional(),
    physicalType: z.string().exactOptional(),
    description: z.string().exactOptional(),
    businessName: z.string().exactOptional(),
    authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
    tags: tags.exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
    synonyms: synonyms.exactOptional(),
    // RFC 0051 (final v3.2.0)
    deprecated: z.boolean().exactOptional(),
    // SchemaBaseProperty
    primaryKey: z.boolean().exactOptional(),
    primaryKeyPosition: z.int().exactOptional(),
    physicalName: z.string().exactOptional(),
    required: z.boolean().exactOptional(),
    unique: z.boolean().exactOptional(),
    semanticType: z.enum(['column', 'measure', 'dimension']).exactOptional(),
    partitioned: z.boolean().exactOptional(),
    partitionKeyPosition: z.int().exactOptional(),
    classification: z.string().exactOptional(),
    encryptedName: z.string().exactOptional(),
    transformSourceObjects: z.array(z.string()).exactOptional(),
    transformLogic: z.string().exactOptional(),
    transformDescription: z.string().exactOptional(),
    examples: z.array(jsonValue).exactOptional(),
    enum: enumValues.exactOptional(),
    criticalDataElement: z.boolean().exactOptional(),
    relationships: z.array(RELATIONSHIPS[profile].propertyLevel).exactOptional(),
    quality: QUALITY_RULES[profile].exactOptional(),
  };
}

type CommonKey = keyof ReturnType<typeof commonFields>;

const ADDED_IN_V32: readonly CommonKey[] = ['synonyms', 'deprecated', 'semanticType', 'enum'];

function fieldsFor(profile: OdcsProfile, nameRequired: boolean): z.ZodRawShape {
  const fields: Partial<Record<CommonKey, z.ZodType>> = commonFields(profile);
  if (profile === 'v3.1') for (const key of ADDED_IN_V32) delete fields[key];
  return nameRequired ? { ...fields, name: z.string() } : fields;
}

interface Nested {
  readonly properties: z.ZodType;
  readonly items: z.ZodType;
  readonly map: z.ZodType;
}

type NestedKey = keyof Nested;

const ONLY_WHEN: Readonly<Record<NestedKey, OdcsLogicalType>> = {
  properties: 'object',
  items: 'array',
  map: 'map',
};

function notHere(key: NestedKey): z.ZodType {
  const type = ONLY_WHEN[key];
  return forbidden(
    `"${key}" is only allowed when logicalType is ${type}`,
    `Set logicalType: ${type}, or remove "${key}".`,
  ).exactOptional();
}

interface VariantSpec {
  readonly options: z.ZodType;
  readonly allows: readonly NestedKey[];
  readonly requires?: NestedKey;
}

function variantSpecs(profile: OdcsProfile): ReadonlyMap<OdcsLogicalType | undefined, VariantSpec> {
  const specs = new Map<OdcsLogicalType | undefined, VariantSpec>([
    ['string', { options: stringOptions, allows: [] }],
    ['date', { options: dateOptions, allows: [] }],
    ['timestamp', { options: timestampOptions, allows: [] }],
    ['time', { options: timestampOptions, allows: [] }],
    ['number', { options: numberOptions, allows: [] }],
    ['integer', { options: integerOptions, allows: [] }],
    ['object', { options: objectOptions, allows: ['properties'] }],
    ['array', { options: arrayOptions, allows: ['items'] }],
    ['boolean', { options: openOptions, allows: [] }],
    ['map', { options: openOptions, allows: ['map'], requires: 'map' }],
    ['vector', { options: vectorOptions, allows: [] }],
    [undefined, { options: emptyOptions, allows: ['properties', 'items', 'map'] }],
  ]);
  if (profile === 'v3.1') {
    specs.delete('map');
    specs.delete('vector');
  }
  return specs;
}

function buildVariants(profile: OdcsProfile, nested: Nested, isItem: boolean): z.ZodObject[] {
  const nestedKeys: readonly NestedKey[] =
    profile === 'v3.1' ? ['properties', 'items'] : ['properties', 'items', 'map'];
  return [...variantSpecs(profile)].map(([logicalType, spec]) => {
    const shape: Record<string, z.ZodType> = {
      ...fieldsFor(profile, !isItem),
      logicalType:
        logicalType === undefined ? z.undefined().exactOptional() : z.literal(logicalType),
      logicalTypeOptions: spec.options.exactOptional(),
    };
    for (const key of nestedKeys) {
      // SchemaItemProperty also declares `properties`, but the SchemaBaseProperty it refers
      // to rejects the key as unevaluated unless logicalType is object or absent, so items
      // follow the same rule as properties.
      if (!spec.allows.includes(key)) shape[key] = notHere(key);
      else shape[key] = spec.requires === key ? nested[key] : nested[key].exactOptional();
    }
    return z.strictObject(shape);
  });
}

function buildPropertySchemas(profile: OdcsProfile) {
  const nested: Nested = {
    properties: z.lazy(() => z.array(property)),
    items: z.lazy(() => itemProperty),
    map: z.lazy(() => map),
  };
  const union = (isItem: boolean) =>
    z.discriminatedUnion(
      'logicalType',
      buildVariants(profile, nested, isItem) as unknown as [z.ZodObject, ...z.ZodObject[]],
    );
  // The types are written out below: TypeScript cannot infer a recursive discriminated union.
  const property = union(false) as unknown as z.ZodType<OdcsProperty>;
  const itemProperty = union(true) as unknown as z.ZodType<OdcsItemProperty>;
  const map = z.strictObject({ key: itemProperty, value: itemProperty });
  return { property, itemProperty };
}

export const PROPERTIES = {
  'v3.1': buildPropertySchemas('v3.1'),
  'v3.2': buildPropertySchemas('v3.2'),
} as const;

export type OdcsEnumValue = DeepReadonly<z.output<ReturnType<typeof enumValue>>>;
export type OdcsSynonym = DeepReadonly<z.output<typeof synonyms>[number]>;

/** The fields of a property, whatever its position (v3.2; older versions use a subset). */
export interface OdcsPropertyFields {
  readonly id?: string;
  readonly name?: string;
  readonly physicalType?: string;
  readonly description?: string;
  readonly businessName?: string;
  readonly authoritativeDefinitions?: readonly OdcsAuthoritativeDefinition[];
  readonly tags?: readonly string[];
  readonly customProperties?: readonly OdcsCustomProperty[];
  readonly synonyms?: readonly OdcsSynonym[];
  readonly deprecated?: boolean;
  readonly primaryKey?: boolean;
  readonly primaryKeyPosition?: number;
  readonly physicalName?: string;
  readonly required?: boolean;
  readonly unique?: boolean;
  readonly semanticType?: 'column' | 'measure' | 'dimension';
  readonly partitioned?: boolean;
  readonly partitionKeyPosition?: number;
  readonly classification?: string;
  readonly encryptedName?: string;
  readonly transformSourceObjects?: readonly string[];
  readonly transformLogic?: string;
  readonly transformDescription?: string;
  readonly examples?: readonly DeepReadonly<JsonValue>[];
  readonly enum?: readonly OdcsEnumValue[];
  readonly criticalDataElement?: boolean;
  readonly relationships?: readonly OdcsPropertyRelationship[];
  readonly quality?: readonly OdcsQualityRule[];
  /** Absent: the property has no declared logical type. */
  readonly logicalType?: OdcsLogicalType;
  /**
   * Shape depends on `logicalType`: OdcsStringOptions, OdcsDateOptions, … (see
   * logical-type-options.ts); open for `boolean` and `map`, empty without a logical type.
   */
  readonly logicalTypeOptions?: Readonly<Record<string, unknown>>;
  /** Only with `logicalType: object` (or none). */
  readonly properties?: readonly OdcsProperty[];
  /** Only with `logicalType: array` (or none). */
  readonly items?: OdcsItemProperty;
  /** Required with `logicalType: map` (v3.2). */
  readonly map?: OdcsMapDefinition;
}

/** A property of a schema object or of a nested object: it has a name. */
export interface OdcsProperty extends OdcsPropertyFields {
  readonly name: string;
}

/** The item of an array or a key/value of a map: a name is optional. */
export type OdcsItemProperty = OdcsPropertyFields;

export interface OdcsMapDefinition {
  readonly key: OdcsItemProperty;
  readonly value: OdcsItemProperty;
}
