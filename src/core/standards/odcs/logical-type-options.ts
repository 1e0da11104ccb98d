import { z } from 'zod';
import type { DeepReadonly } from './common.ts';

/**
 * `logicalTypeOptions` per `logicalType` (the `if`/`then` branches of SchemaBaseProperty).
 * Each branch has `additionalProperties: false`; `boolean` and `map` leave the options open.
 */

const count = z.int().min(0);

export const stringOptions = z.strictObject({
  minLength: count.exactOptional(),
  maxLength: count.exactOptional(),
  /** ECMA-262 regular expression. */
  pattern: z.string().exactOptional(),
  format: z.string().exactOptional(),
});

/** For `date`; bounds are strings in the date's own format. */
export const dateOptions = z.strictObject({
  format: z.string().exactOptional(),
  exclusiveMaximum: z.string().exactOptional(),
  maximum: z.string().exactOptional(),
  exclusiveMinimum: z.string().exactOptional(),
  minimum: z.string().exactOptional(),
});

/** For `timestamp` and `time`. */
export const timestampOptions = dateOptions.extend({
  timezone: z.boolean().exactOptional(),
  defaultTimezone: z.string().exactOptional(),
});

const numericBounds = {
  multipleOf: z.number().gt(0).exactOptional(),
  maximum: z.number().exactOptional(),
  exclusiveMaximum: z.number().exactOptional(),
  minimum: z.number().exactOptional(),
  exclusiveMinimum: z.number().exactOptional(),
};

/** `format` follows the Rust integer types; i32 when absent. */
export const integerOptions = z.strictObject({
  ...numericBounds,
  format: z
    .enum(['i8', 'i16', 'i32', 'i64', 'i128', 'u8', 'u16', 'u32', 'u64', 'u128'])
    .exactOptional(),
});

/**
 * `format` follows the Rust float types. The schema declares `default: "i32"` here, which is
 * not one of the allowed values; the written standard describes f32/f64 only, so Meshwork
 * never assumes i32 for a number (readers treat an absent format as f64).
 */
export const numberOptions = z.strictObject({
  ...numericBounds,
  format: z.enum(['f32', 'f64']).exactOptional(),
});

export const objectOptions = z.strictObject({
  maxProperties: count.exactOptional(),
  minProperties: count.exactOptional(),
  required: z
    .array(z.string())
    .min(1)
    .refine((names) => new Set(names).size === names.length, {
      message: 'The names in logicalTypeOptions.required must be unique',
      params: { code: 'duplicate-items', hint: 'List each required property name once.' },
    })
    .exactOptional(),
});

export const arrayOptions = z.strictObject({
  maxItems: count.exactOptional(),
  minItems: count.exactOptional(),
  uniqueItems: z.boolean().exactOptional(),
});

/** RFC 0042 (final v3.2.0): a fixed-length dense numeric vector; `dimensions` is required. */
export const vectorOptions = z.strictObject({
  dimensions: z.int().min(1),
  elementType: z
    .enum(['bfloat16', 'binary', 'float16', 'float32', 'float64', 'int8', 'uint8'])
    .exactOptional(),
  distanceMetric: z
    .enum(['cosine', 'dotProduct', 'euclidean', 'hamming', 'manhattan'])
    .exactOptional(),
  embeddingModel: z.string().exactOptional(),
  embeddingModelVersion: z.string().exactOptional(),
  normalized: z.boolean().exactOptional(),
});

/** `boolean` and `map` do not restrict their options. */
export const openOptions = z.record(z.string(), z.unknown());

/**
 * Without a `logicalType`, every `if` of the schema holds (an absent key satisfies
 * `properties`), so the options must satisfy all branches at once: only `{}` does (`format`
 * cannot be an integer and a float format at the same time). The final v3.2.0 vector branch
 * would even require `dimensions`; like the `map` requirement (see property.ts), that is an
 * unintended effect of `if` without `required`, and the written standard does not ask for it.
 */
export const emptyOptions = z.strictObject({});

export type OdcsStringOptions = DeepReadonly<z.output<typeof stringOptions>>;
export type OdcsDateOptions = DeepReadonly<z.output<typeof dateOptions>>;
export type OdcsTimestampOptions = DeepReadonly<z.output<typeof timestampOptions>>;
export type OdcsIntegerOptions = DeepReadonly<z.output<typeof integerOptions>>;
export type OdcsNumberOptions = DeepReadonly<z.output<typeof numberOptions>>;
export type OdcsObjectOptions = DeepReadonly<z.output<typeof objectOptions>>;
export type OdcsArrayOptions = DeepReadonly<z.output<typeof arrayOptions>>;
export type OdcsVectorOptions = DeepReadonly<z.output<typeof vectorOptions>>;
