import { asList, asObject } from '../../core/json/loose.ts';
import type { JsonObject } from '../../core/json/loose.ts';
import { isPersonalData } from '../../core/privacy/index.ts';
import type { ContractSummary, PropertySummary } from './catalog-types.ts';

export { asObject };

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export const asArray = asList;

export function asStrings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

function property(raw: unknown): PropertySummary | undefined {
  const p = asObject(raw);
  const name = asString(p?.name);
  if (!p || name === null) return undefined;
  const classification = asString(p.classification);
  return {
    name,
    logicalType: asString(p.logicalType),
    physicalType: asString(p.physicalType),
    required: p.required === true,
    unique: p.unique === true,
    primaryKey: p.primaryKey === true,
    classification,
    pii: isPersonalData(p),
    description: asString(p.description),
  };
}

/** The parts of an ODCS contract the portal shows; anything malformed reads as absent. */
export function summarizeContract(id: string, data: unknown): ContractSummary {
  const c = asObject(data) ?? {};
  const description = asObject(c.description) ?? {};
  return {
    id,
    version: asString(c.version),
    status: asString(c.status),
    schema: asArray(c.schema).flatMap((raw) => {
      const o = asObject(raw);
      const name = asString(o?.name);
      if (!o || name === null) return [];
      return [
        {
          name,
          physicalName: asString(o.physicalName),
          description: asString(o.description),
          properties: asArray(o.properties)
            .map(property)
            .filter((p): p is PropertySummary => p !== undefined),
        },
      ];
    }),
    slaProperties: asArray(c.slaProperties)
      .map(asObject)
      .filter((s): s is JsonObject => s !== undefined),
    terms: {
      purpose: asString(description.purpose),
      usage: asString(description.usage),
      limitations: asString(description.limitations),
    },
  };
}
