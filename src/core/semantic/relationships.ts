import { issue } from '../findings/codes.ts';
import type { DocPath, DocumentIssue } from '../findings/finding.ts';
import { formatPath } from '../findings/finding.ts';
import { semanticCodes } from './catalogue.ts';
import type { OdcsContractLike } from './contract-like.ts';
import type { PropertySite, Rec, SchemaObjectSite } from './contract-walk.ts';
import {
  allProperties,
  directProperties,
  recordsOf,
  schemaObjects,
  stringAt,
} from './contract-walk.ts';

/**
 * A relationship end in another contract, left for the mesh-level validator to resolve
 * against the other contracts of the mesh.
 */
export interface ExternalReference {
  /** The reference as written. */
  readonly ref: string;
  /** Where the reference is written (`…relationships[0].to`, or `…to[1]` in a list). */
  readonly path: DocPath;
  /**
   * `dotted`: `<contract id>.<object>.<property>` (the contract id may itself hold dots);
   * `file`: `<file or URL>#<element>`, the element by ids (`/schema/<id>/properties/<id>`)
   * or by names (`object.property`).
   */
  readonly notation: 'dotted' | 'file';
}

export interface RelationshipResult {
  readonly issues: DocumentIssue[];
  readonly externalReferences: ExternalReference[];
}

/**
 * Relationships (foreign keys, ODCS v3.1 "References"): every end names a schema object
 * and property of this contract, composite keys pair as many columns on each side, and
 * ends in other contracts are handed back as external references.
 */
export function checkRelationships(contract: OdcsContractLike): RelationshipResult {
  const objects = schemaObjects(contract);
  const resolver = new Resolver(objects);
  const issues: DocumentIssue[] = [];
  const externalReferences: ExternalReference[] = [];
  const resolve = (value: unknown, path: DocPath): number => {
    const ends = Array.isArray(value)
      ? value.map((v, i) => ({ v: v as unknown, p: [...path, i] }))
      : [{ v: value, p: path }];
    for (const end of ends) {
      if (typeof end.v !== 'string') continue;
      const outcome = resolver.resolve(end.v, end.p);
      if (outcome.kind === 'issue') issues.push(outcome.issue);
      if (outcome.kind === 'external') externalReferences.push(outcome.reference);
    }
    return ends.length;
  };

  for (const object of objects) {
    for (const { record, index } of recordsOf(object.record.relationships)) {
      const path = [...object.path, 'relationships', index];
      const from = resolve(record.from, [...path, 'from']);
      const to = resolve(record.to, [...path, 'to']);
      if (record.from !== undefined && record.to !== undefined)
        issues.push(...checkArity(path, from, to));
    }
    for (const property of allProperties(object)) {
      for (const { record, index } of recordsOf(property.record.relationships)) {
        const path = [...property.path, 'relationships', index];
        const to = resolve(record.to, [...path, 'to']);
        // The source is the property itself: one column.
        if (record.to !== undefined) issues.push(...checkArity(path, 1, to));
      }
    }
  }
  return { issues, externalReferences };
}

function checkArity(path: DocPath, from: number, to: number): DocumentIssue[] {
  if (from === to) return [];
  return [
    issue(semanticCodes, 'relationship-arity-mismatch', { at: formatPath(path), from, to }, path),
  ];
}

type Outcome =
  | { readonly kind: 'local' }
  | { readonly kind: 'issue'; readonly issue: DocumentIssue }
  | { readonly kind: 'external'; readonly reference: ExternalReference };

const LOCAL: Outcome = { kind: 'local' };

/** Looks references up in this contract's schema objects, by name or by id. */
class Resolver {
  constructor(private readonly objects: readonly SchemaObjectSite[]) {}

  resolve(reference: string, path: DocPath): Outcome {
    const hash = reference.indexOf('#');
    // `#…` without a file is this contract.
    if (hash === 0) return this.resolve(reference.slice(1), path);
    if (hash > 0) {
      return external(reference, 'file', path);
    }
    return reference.includes('/')
      ? this.resolveById(reference, path)
      : this.resolveByName(reference, path);
  }

  /** `schema/<object id>/properties/<property id>[/properties/<property id>…]`. */
  private resolveById(reference: string, path: DocPath): Outcome {
    const segments = reference.replace(/^\//, '').split('/');
    const [section, objectId, ...rest] = segments;
    const malformed = (detail: string): Outcome => this.malformed(reference, path, detail);
    if (section !== 'schema' || objectId === undefined || objectId === '') {
      return malformed('is not of the form schema/<object id>/properties/<property id>');
    }
    if (rest.length === 0)
      return malformed('points at a schema object; a relationship joins properties');
    if (
      rest.length % 2 !== 0 ||
      rest.some((s, i) => (i % 2 === 0 ? s !== 'properties' : s === ''))
    ) {
      return malformed('is not of the form schema/<object id>/properties/<property id>');
    }
    const object = this.objects.find((o) => stringAt(o.record, 'id') === objectId);
    if (!object)
      return this.unknownObject(reference, path, objectId, 'id', (o) => stringAt(o.record, 'id'));
    const propertyIds = rest.filter((_, i) => i % 2 === 1);
    return this.walk(reference, path, object, propertyIds, 'id');
  }

  /**
   * `object.property`, or `object.property.nested…` for nested properties (the written
   * standard's shorthand). A longer dotted reference whose first two segments are not an
   * object and property of this contract refers to another contract
   * (`contract.object.property`) and is handed to the mesh; it is not reported here.
   */
  private resolveByName(reference: string, path: DocPath): Outcome {
    const segments = reference.split('.');
    if (segments.length < 2 || segments.some((s) => s === '')) {
      return this.malformed(reference, path, 'is not of the form object.property');
    }
    const [objectName, ...propertyNames] = segments as [string, ...string[]];
    const object = this.objects.find((o) => o.name === objectName);
    const firstProperty =
      object &&
      directProperties(object.record, object.path, object).some((p) => p.name === propertyNames[0]);
    if (segments.length > 2 && !firstProperty) {
      return external(reference, 'dotted', path);
    }
    if (!object) return this.unknownObject(reference, path, objectName, 'named', (o) => o.name);
    return this.walk(reference, path, object, propertyNames, 'name');
  }

  /** Follows property keys (names or ids) down nested properties. */
  private walk(
    reference: string,
    path: DocPath,
    object: SchemaObjectSite,
    keys: readonly string[],
    by: 'name' | 'id',
  ): Outcome {
    let owner: Rec = object.record;
    let ownerPath: DocPath = object.path;
    let ownerName = object.name ?? '?';
    for (const key of keys) {
      const candidates = directProperties(owner, ownerPath, object);
      const keyOf = (p: PropertySite): string | undefined =>
        by === 'name' ? p.name : stringAt(p.record, 'id');
      const found = candidates.find((p) => keyOf(p) === key);
      if (!found) {
        const known = candidates.map(keyOf).filter((k): k is string => k !== undefined);
        return {
          kind: 'issue',
          issue: issue(
            semanticCodes,
            'relationship-unknown-property',
            {
              at: formatPath(path),
              reference,
              property: key,
              by: by === 'name' ? 'named' : 'id',
              object: ownerName,
              known: known.join(', '),
            },
            path,
          ),
        };
      }
      owner = found.record;
      ownerPath = found.path;
      ownerName = found.name ?? key;
    }
    return LOCAL;
  }

  private unknownObject(
    reference: string,
    path: DocPath,
    object: string,
    by: string,
    keyOf: (o: SchemaObjectSite) => string | undefined,
  ): Outcome {
    const known = this.objects.map(keyOf).filter((k): k is string => k !== undefined);
    return {
      kind: 'issue',
      issue: issue(
        semanticCodes,
        'relationship-unknown-object',
        { at: formatPath(path), reference, object, by, known: known.join(', ') },
        path,
      ),
    };
  }

  private malformed(reference: string, path: DocPath, detail: string): Outcome {
    return {
      kind: 'issue',
      issue: issue(
        semanticCodes,
        'relationship-reference-malformed',
        { at: formatPath(path), reference, detail },
        path,
      ),
    };
  }
}

function external(ref: string, notation: ExternalReference['notation'], path: DocPath): Outcome {
  return { kind: 'external', reference: { ref, path, notation } };
}
