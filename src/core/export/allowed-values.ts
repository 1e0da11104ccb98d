import type { JsonValue } from '../standards/odcs/index.ts';
import type { OdcsItemProperty } from '../standards/odcs/index.ts';

/**
 * The values a property allows: its `enum` (ODCS v3.2), else a property-level
 * `invalidValues` rule over `arguments.validValues` that must be 0 — how a v3.1 contract (and
 * `meshwork import` from an enum type, a dbt `accepted_values` test or a DCS `enum`) says it.
 */
export function allowedValues(property: OdcsItemProperty): readonly JsonValue[] | undefined {
  if (property.enum !== undefined && property.enum.length > 0) {
    return property.enum.map((e) => e.value as JsonValue);
  }
  for (const rule of property.quality ?? []) {
    const record = rule as Readonly<Record<string, unknown>>;
    if (record.metric !== 'invalidValues' || record.mustBe !== 0) continue;
    const values = (record.arguments as Readonly<Record<string, unknown>> | undefined)?.validValues;
    if (Array.isArray(values) && values.length > 0) return values as JsonValue[];
  }
  return undefined;
}
