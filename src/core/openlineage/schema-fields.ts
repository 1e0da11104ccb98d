import type { SchemaField } from './facets.ts';

/**
 * A contract schema object's properties as OpenLineage schema fields: the physical type
 * where the contract gives one (what the engine holds), else the logical type. Read loosely
 * (a contract is untrusted text): entries without a name are left out, nesting stops at
 * MAX_DEPTH and at MAX_FIELDS fields in all.
 */
const MAX_DEPTH = 8;
const MAX_FIELDS = 2000;

interface NestedField extends SchemaField {
  readonly fields?: readonly NestedField[];
}

export function contractSchemaFields(
  contractData: unknown,
  objectName: string,
): NestedField[] | undefined {
  const schema = field(contractData, 'schema');
  if (!Array.isArray(schema)) return undefined;
  const object = schema.find((o: unknown) => field(o, 'name') === objectName) as unknown;
  if (object === undefined) return undefined;
  const budget = { left: MAX_FIELDS };
  return fieldsOf(field(object, 'properties'), 0, budget);
}

function fieldsOf(properties: unknown, depth: number, budget: { left: number }): NestedField[] {
  if (!Array.isArray(properties)) return [];
  const fields: NestedField[] = [];
  for (const property of properties as unknown[]) {
    if (budget.left <= 0) break;
    const name = field(property, 'name');
    if (typeof name !== 'string') continue;
    budget.left--;
    const type = text(field(property, 'physicalType')) ?? text(field(property, 'logicalType'));
    const description = text(field(property, 'description'));
    const nested =
      depth + 1 < MAX_DEPTH ? fieldsOf(field(property, 'properties'), depth + 1, budget) : [];
    fields.push({
      name,
      ...(type === undefined ? {} : { type }),
      ...(description === undefined ? {} : { description }),
      ...(nested.length > 0 ? { fields: nested } : {}),
    });
  }
  return fields;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
