import { z } from 'zod';
import {
  dateString as dateStringFormat,
  dateTimeString as dateTimeStringFormat,
  uriString as uriStringFormat,
} from '../json-schema-formats.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * Building blocks shared by the ODCS model: the `$defs` of the official schemas that many
 * objects reference (StableId, Tags, CustomProperties, AuthoritativeDefinitions, Synonyms,
 * Context), the JSON value types and the string formats.
 *
 * Conventions of the model:
 * - An object with `additionalProperties: false` or `unevaluatedProperties: false` is a
 *   `z.strictObject`; optional keys are `exactOptional` (a key is absent or holds a value,
 *   as in YAML; `undefined` never appears in parsed documents).
 * - Every schema is built once at module load, per profile where the profiles differ.
 */

/** Deeply readonly view of parsed contract data: the model's types are read, never mutated. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value of one of the given JSON types. Written as one check rather than a z.union: a
 * union builds an issue for every branch it tries, which made these (frequent) values the
 * most expensive part of a contract. A missing value is reported as a missing key.
 */
function jsonTyped<T>(accepts: (value: unknown) => boolean, expected: string): z.ZodType<T> {
  return z.unknown().superRefine((value, ctx) => {
    if (accepts(value)) return;
    ctx.addIssue({ code: 'invalid_type', expected: expected as 'unknown', input: value });
  }) as z.ZodType<T>;
}

const isScalar = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || Number.isFinite(v);

/** AnyType: any JSON value. */
export const jsonValue = jsonTyped<JsonValue>(
  (v) => isScalar(v) || (typeof v === 'object' && v !== null),
  'a JSON value',
);

/** AnyNonCollectionType: a scalar (string, number, boolean or null). */
export const scalarValue = jsonTyped<string | number | boolean | null>(
  isScalar,
  'a string, number, true/false or null',
);

/** StableId: RFC 0026a ids, no characters that would clash with the reference grammar. */
export const stableId = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const tags = z.array(z.string());

/** The schema's `format: date`, `date-time` and `uri`, with upstream's (ajv-formats) semantics. */
export const dateString = dateStringFormat();
export const dateTimeString = dateTimeStringFormat();
export const uriString = uriStringFormat();

/** For refinements that must run even when other parts of the value already failed. */
export const ALWAYS = { when: (): boolean => true } as const;

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A key the document may not carry in this position (an `if`/`then` branch of the schema
 * does not apply, or `not: { required: [...] }`). Reported at the key itself.
 */
export function forbidden(message: string, hint: string): z.ZodType<never> {
  return z.custom<never>(() => false, {
    message,
    params: { code: 'not-allowed-here', hint, atKey: true },
  });
}

/**
 * The form of a v3.2 object for `profile`: under v3.1 the same object without the keys that
 * v3.2 added. Typed as the v3.2 object (whose added keys are all optional), since the types
 * of the model describe the latest version.
 */
export function forProfile<T extends z.ZodObject>(
  profile: OdcsProfile,
  schema: T,
  addedInV32: readonly (keyof T['shape'] & string)[],
): T {
  if (profile === 'v3.2' || addedInV32.length === 0) return schema;
  const mask = Object.fromEntries(addedInV32.map((key) => [key, true] as const));
  return schema.omit(mask as never) as unknown as T;
}

function buildCustomProperty(profile: OdcsProfile) {
  const schema = z.strictObject({
    id: stableId.exactOptional(),
    property: z.string(),
    value: jsonValue,
    description: z.string().exactOptional(),
    // RFC 0035 (final v3.2.0): which vendor or tool a custom property belongs to.
    vendor: z.string().exactOptional(),
  });
  return forProfile(profile, schema, ['vendor']);
}

type CustomPropertyOutput = z.output<ReturnType<typeof buildCustomProperty>>;
export type OdcsCustomProperty = DeepReadonly<CustomPropertyOutput>;

export const authoritativeDefinition = z.strictObject({
  id: stableId.exactOptional(),
  url: z.string(),
  type: z.string(),
  description: z.string().exactOptional(),
});
export const authoritativeDefinitions = z.array(authoritativeDefinition);
export type OdcsAuthoritativeDefinition = DeepReadonly<z.output<typeof authoritativeDefinition>>;

/** The `$defs` that depend on the profile, built once per profile. */
export interface OdcsCommonParts {
  readonly profile: OdcsProfile;
  readonly customProperties: z.ZodType<CustomPropertyOutput[]>;
}

function buildParts(profile: OdcsProfile): OdcsCommonParts {
  return { profile, customProperties: z.array(buildCustomProperty(profile)) };
}

export const COMMON_PARTS: Readonly<Record<OdcsProfile, OdcsCommonParts>> = {
  'v3.1': buildParts('v3.1'),
  'v3.2': buildParts('v3.2'),
};

/** Synonyms (RFC 0041, v3.2): alternative names of a schema object or property. */
export const synonyms = z.array(
  z.strictObject({
    id: stableId.exactOptional(),
    synonym: z.string(),
    description: z.string().exactOptional(),
    locale: z.string().exactOptional(),
    source: z.string().exactOptional(),
    status: z.string().exactOptional(),
    customProperties: COMMON_PARTS['v3.2'].customProperties.exactOptional(),
  }),
);

const contextEntry = {
  // Context entries take a plain string id in the schema, not a StableId.
  id: z.string().exactOptional(),
  authoritativeDefinitions: authoritativeDefinitions.exactOptional(),
  tags: z.array(z.string()).exactOptional(),
  customProperties: COMMON_PARTS['v3.2'].customProperties.exactOptional(),
};

/** Context (RFC 0038, v3.2): guidance for AI agents; a string is shorthand for instructions. */
export const context = z.union([
  z.string(),
  z.strictObject({
    instructions: z.string().exactOptional(),
    verifiedStatements: z
      .array(
        z.strictObject({
          ...contextEntry,
          question: z.string(),
          answer: z.string().exactOptional(),
        }),
      )
      .exactOptional(),
    constraints: z
      .array(z.strictObject({ ...contextEntry, constraint: z.string() }))
      .exactOptional(),
  }),
]);
export type OdcsContext = DeepReadonly<z.output<typeof context>>;
