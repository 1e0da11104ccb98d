import type { DocPath } from '../findings/finding.ts';
import type { OdcsContractLike } from './contract-like.ts';

/**
 * Defensive reading of a contract: the checks receive documents that may have failed the
 * structural checks, so every value is tested before it is used, and what cannot be read
 * is skipped (the structural findings already name it).
 */
export type Rec = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Rec {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringAt(record: Rec, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** The elements of `value` that are mappings, with their index; none when it is no list. */
export function recordsOf(value: unknown): { readonly record: Rec; readonly index: number }[] {
  if (!Array.isArray(value)) return [];
  const out: { record: Rec; index: number }[] = [];
  value.forEach((item: unknown, index) => {
    if (isRecord(item)) out.push({ record: item, index });
  });
  return out;
}

export interface SchemaObjectSite {
  readonly record: Rec;
  readonly name: string | undefined;
  readonly path: DocPath;
}

export interface PropertySite {
  readonly record: Rec;
  /** The property's name; an array's `items` carry the name of their property. */
  readonly name: string | undefined;
  readonly path: DocPath;
  readonly object: SchemaObjectSite;
}

export interface QualitySite {
  readonly rule: Rec;
  readonly path: DocPath;
  readonly object: SchemaObjectSite;
  /** The property the rule is written on; undefined for a rule on the schema object. */
  readonly property: PropertySite | undefined;
}

export function schemaObjects(contract: OdcsContractLike): SchemaObjectSite[] {
  const root: unknown = contract;
  if (!isRecord(root)) return [];
  return recordsOf(root.schema).map(({ record, index }) => ({
    record,
    name: stringAt(record, 'name'),
    path: ['schema', index],
  }));
}

/** The direct properties of a schema object or of a nested object property. */
export function directProperties(
  owner: Rec,
  ownerPath: DocPath,
  object: SchemaObjectSite,
): PropertySite[] {
  return recordsOf(owner.properties).map(({ record, index }) => ({
    record,
    name: stringAt(record, 'name'),
    path: [...ownerPath, 'properties', index],
    object,
  }));
}

/** Every property of a schema object at any depth: nested properties and array items. */
export function allProperties(object: SchemaObjectSite): PropertySite[] {
  const out: PropertySite[] = [];
  const visit = (site: PropertySite): void => {
    out.push(site);
    for (const child of directProperties(site.record, site.path, object)) visit(child);
    const items = site.record.items;
    if (isRecord(items))
      visit({ record: items, name: site.name, path: [...site.path, 'items'], object });
  };
  for (const site of directProperties(object.record, object.path, object)) visit(site);
  return out;
}

/** Every quality rule of the contract, on schema objects and on properties at any depth. */
export function qualitySites(contract: OdcsContractLike): QualitySite[] {
  const out: QualitySite[] = [];
  for (const object of schemaObjects(contract)) {
    for (const { record, index } of recordsOf(object.record.quality)) {
      out.push({
        rule: record,
        path: [...object.path, 'quality', index],
        object,
        property: undefined,
      });
    }
    for (const property of allProperties(object)) {
      for (const { record, index } of recordsOf(property.record.quality)) {
        out.push({ rule: record, path: [...property.path, 'quality', index], object, property });
      }
    }
  }
  return out;
}
