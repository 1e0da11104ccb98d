import type { OdcsProperty, OdcsSchemaObject } from '../standards/odcs/index.ts';
import type { ExportContract } from './export-model.ts';

/** One end of a relationship, found: the contract, its schema object and the property. */
export interface ResolvedEnd {
  readonly entry: ExportContract;
  readonly object: OdcsSchemaObject;
  readonly property: OdcsProperty;
}

/**
 * Finds what a relationship end names, in the notations ODCS allows (the same ones
 * `meshwork validate` checks, core/semantic/relationships.ts and core/mesh/external-references.ts):
 * `object.property`, `schema/<id>/properties/<id>`, `<file>#<element>` with the file relative
 * to the referring contract, and `<contract id>.<object>.<property>`. Only a property of a
 * schema object's first level is a column; a nested one, a URL or a file the caller did not
 * read resolves to nothing, and the caller says so.
 */
export function resolveEnd(
  reference: string,
  here: ExportContract,
  all: readonly ExportContract[],
): ResolvedEnd | undefined {
  const hash = reference.indexOf('#');
  if (hash > 0) {
    const file = reference.slice(0, hash);
    if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return undefined;
    const target = joinRelative(here.path, file);
    const entry = all.find((c) => c.path === target);
    return entry && inContract(entry, reference.slice(hash + 1));
  }
  const element = hash === 0 ? reference.slice(1) : reference;
  const local = inContract(here, element);
  if (local || hash === 0 || element.includes('/')) return local;
  const segments = element.split('.');
  for (let cut = segments.length - 2; cut >= 1; cut--) {
    const id = segments.slice(0, cut).join('.');
    const entry = all.find((c) => c.contract.id === id);
    const found = entry && inContract(entry, segments.slice(cut).join('.'));
    if (found) return found;
  }
  return undefined;
}

function inContract(entry: ExportContract, element: string): ResolvedEnd | undefined {
  const objects = entry.contract.schema ?? [];
  let objectKey: string | undefined;
  let propertyKey: string | undefined;
  if (element.includes('/')) {
    const segments = element.replace(/^\//, '').split('/');
    if (segments.length !== 4 || segments[0] !== 'schema' || segments[2] !== 'properties') {
      return undefined;
    }
    [, objectKey, , propertyKey] = segments;
  } else {
    const segments = element.split('.');
    if (segments.length !== 2) return undefined;
    [objectKey, propertyKey] = segments;
  }
  const object =
    objects.find((o) => o.id !== undefined && o.id === objectKey) ??
    objects.find((o) => o.name === objectKey);
  if (!object) return undefined;
  const properties = object.properties ?? [];
  const property =
    properties.find((p) => p.id !== undefined && p.id === propertyKey) ??
    properties.find((p) => p.name === propertyKey);
  return property && { entry, object, property };
}

/** `a/b/c.odcs.yaml` + `../d/e.odcs.yaml` → `a/d/e.odcs.yaml` (paths use `/`). */
export function joinRelative(from: string, relativePath: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of relativePath.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/** The name of a schema object or property in the data (`physicalName`, else `name`). */
export function physicalNameOf(element: {
  readonly physicalName?: string;
  readonly name?: string;
}): string {
  return element.physicalName ?? element.name ?? '';
}
