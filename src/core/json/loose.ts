/**
 * Reading parsed YAML/JSON loosely: a value of the wrong shape reads as absent, never as an
 * error — for the parts of Meshwork that look at documents validation may not have passed
 * (the mesh model, governance, the personal-data rule, the catalog).
 */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value of a `customProperties` entry ({ property, value }) by name, or null. */
export function customProperty(holder: unknown, name: string): unknown {
  const entry = asList(asObject(holder)?.customProperties)
    .map(asObject)
    .find((e) => e?.property === name);
  return entry?.value ?? null;
}
