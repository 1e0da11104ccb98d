import type { OdcsItemProperty, OdcsProperty, OdcsSchemaObject } from '../standards/odcs/index.ts';
import { allowedValues } from './allowed-values.ts';
import type { ExportInput, ExportNote } from './export-model.ts';

type Schema = Record<string, unknown>;

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * A JSON Schema (draft 2020-12) of a row of each schema object: one schema per object under
 * `$defs`, keyed by the object's name; with one object the root is that object's schema
 * (through `$ref`), with several the root accepts a row of any of them. Keys are the
 * properties' names. What JSON Schema cannot say (keys, foreign keys, uniqueness across rows)
 * stays in the contract.
 */
export function renderJsonSchema(input: ExportInput): { text: string; notes: ExportNote[] } {
  const notes: ExportNote[] = [];
  const defs: Record<string, Schema> = {};
  const refs: Schema[] = [];
  for (const { contract } of input.contracts) {
    for (const object of contract.schema ?? []) {
      let key = object.name;
      for (let n = 2; Object.hasOwn(defs, key); n++) key = `${object.name}_${n}`;
      if (key !== object.name) {
        notes.push({
          code: 'name-changed',
          message: `A second object named ${object.name} is ${key} under $defs.`,
        });
      }
      defs[key] = objectSchema(object);
      refs.push({ $ref: `#/$defs/${pointerSegment(key)}` });
    }
  }
  const first = input.contracts[0]?.contract;
  const root: Schema = {
    $schema: DIALECT,
    ...(first ? { title: first.name ?? first.id } : {}),
    ...(first?.description?.purpose !== undefined
      ? { description: first.description.purpose }
      : {}),
    ...(first ? { 'x-odcs-id': first.id, 'x-odcs-version': first.version } : {}),
    ...(refs.length === 1 ? refs[0] : { anyOf: refs }),
    $defs: defs,
  };
  return { text: `${JSON.stringify(root, null, 2)}\n`, notes };
}

/** RFC 6901: `~` and `/` escaped in a JSON Pointer segment (and `%` for the URI fragment). */
function pointerSegment(key: string): string {
  return encodeURIComponent(key.replaceAll('~', '~0').replaceAll('/', '~1'));
}

function objectSchema(object: OdcsSchemaObject): Schema {
  return {
    type: 'object',
    ...(object.description !== undefined ? { description: object.description } : {}),
    ...propertiesOf(object.properties ?? []),
  };
}

function propertiesOf(properties: readonly OdcsProperty[]): Schema {
  const shape: Record<string, Schema> = {};
  for (const property of properties) shape[property.name] = propertySchema(property);
  const required = properties
    .filter((p) => p.required === true || p.primaryKey === true)
    .map((p) => p.name);
  return {
    properties: shape,
    ...(required.length > 0 ? { required } : {}),
    // The contract names every column of the row; one it does not name is not this row.
    additionalProperties: false,
  };
}

function propertySchema(
  property: OdcsItemProperty & { readonly required?: boolean; readonly primaryKey?: boolean },
): Schema {
  const schema: Schema = { ...typeOf(property) };
  if (property.description !== undefined) schema.description = property.description;
  const allowed = allowedValues(property);
  if (allowed !== undefined) schema.enum = [...allowed];
  if (property.examples !== undefined && property.examples.length > 0)
    schema.examples = property.examples;
  const nullable = property.required !== true && property.primaryKey !== true;
  if (nullable && schema.type !== undefined) {
    schema.type = [...[schema.type].flat(), 'null'];
    if (Array.isArray(schema.enum)) schema.enum = [...(schema.enum as unknown[]), null];
  }
  return schema;
}

const STRING_KEYS = ['minLength', 'maxLength', 'pattern'] as const;
const NUMBER_KEYS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
] as const;
/** ODCS string formats that are JSON Schema formats by the same name. */
const JSON_SCHEMA_FORMATS = new Set([
  'email',
  'uri',
  'uuid',
  'ipv4',
  'ipv6',
  'hostname',
  'date',
  'date-time',
  'time',
  'uri-reference',
  'iri',
  'duration',
]);

function pick(
  options: Readonly<Record<string, unknown>> | undefined,
  keys: readonly string[],
): Schema {
  const out: Schema = {};
  for (const key of keys) if (options?.[key] !== undefined) out[key] = options[key];
  return out;
}

/**
 * Meshwork's JSON (engines/json-values.ts), like many drivers, writes decimals and integers
 * beyond 2^53 as strings so that no digit is lost: such a column accepts a number or a
 * string of digits.
 */
function exactAsText(physicalType: string | undefined, pattern: RegExp): boolean {
  return physicalType !== undefined && pattern.test(physicalType.trim());
}

function typeOf(property: OdcsItemProperty): Schema {
  const options = property.logicalTypeOptions;
  switch (property.logicalType) {
    case 'string': {
      const format = options?.format;
      return {
        type: 'string',
        ...pick(options, STRING_KEYS),
        ...(typeof format === 'string' && JSON_SCHEMA_FORMATS.has(format) ? { format } : {}),
      };
    }
    case 'integer':
      return exactAsText(
        property.physicalType,
        /^(bigint|int8|hugeint|ubigint|uhugeint|int128|long)\b/i,
      )
        ? { type: ['integer', 'string'], pattern: '^-?[0-9]+$', ...pick(options, NUMBER_KEYS) }
        : { type: 'integer', ...pick(options, NUMBER_KEYS) };
    case 'number':
      return exactAsText(property.physicalType, /^(decimal|numeric|dec|number)\b/i)
        ? {
            type: ['number', 'string'],
            pattern: '^-?[0-9]+(\\.[0-9]+)?$',
            ...pick(options, NUMBER_KEYS),
          }
        : { type: 'number', ...pick(options, NUMBER_KEYS) };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'time':
      return { type: 'string', format: 'time' };
    case 'object': {
      const nested = property.properties;
      return nested && nested.length > 0
        ? { type: 'object', ...propertiesOf(nested) }
        : { type: 'object' };
    }
    case 'array':
      return {
        type: 'array',
        ...(property.items ? { items: propertySchema(property.items) } : {}),
        ...pick(options, ['minItems', 'maxItems', 'uniqueItems']),
      };
    case 'map':
      return {
        type: 'object',
        ...(property.map ? { additionalProperties: propertySchema(property.map.value) } : {}),
      };
    case 'vector': {
      const dimensions = options?.dimensions;
      return {
        type: 'array',
        items: { type: 'number' },
        ...(typeof dimensions === 'number' ? { minItems: dimensions, maxItems: dimensions } : {}),
      };
    }
    default:
      // No logical type: the contract says nothing about the values.
      return {};
  }
}
