import { z } from 'zod';
import type { DeepReadonly } from './common.ts';
import { ALWAYS, COMMON_PARTS, forbidden, forProfile, isRecord, stableId } from './common.ts';
import type { OdcsProfile } from './versions.ts';

/**
 * Relationships (foreign keys, ODCS v3.1+) and the two reference notations they use.
 *
 * Shorthand references follow the written standard (docs/references.md), which shows nested
 * paths such as `accounts.address.street`: any number of dot-separated names from two up.
 * The official v3.1.0 schema allows exactly two segments; the v3.2 schema was corrected to
 * two or more, and its later development version also allows `-` in names and `.yml` files
 * in fully qualified references, which the v3.2 rules here follow.
 *
 * Not checked here, by design of the standard: that the `from` and `to` lists of a composite
 * key have the same length ("validated at runtime by implementations") and that the
 * referenced objects exist. Both are semantic checks on the whole contract.
 */

const PATTERNS: Readonly<Record<OdcsProfile, { shorthand: RegExp; qualified: RegExp }>> = {
  'v3.1': {
    shorthand: /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/,
    qualified:
      /^(?:(?:https?:\/\/)?[A-Za-z0-9._\-/]+\.yaml#)?\/?[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z0-9_-]+(?:\/[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z0-9_-]+)*$/,
  },
  'v3.2': {
    shorthand: /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+$/,
    qualified:
      /^(?:(?:https?:\/\/)?[A-Za-z0-9._\-/]+\.ya?ml#)?\/?[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z0-9_-]+(?:\/[A-Za-z_][A-Za-z0-9_]*\/[A-Za-z0-9_-]+)*$/,
  },
};

/** Is `text` a shorthand (`table.column`) or a fully qualified (`schema/<id>/…`) reference? */
export function isOdcsReference(text: string, profile: OdcsProfile): boolean {
  const { shorthand, qualified } = PATTERNS[profile];
  return shorthand.test(text) || qualified.test(text);
}

function buildRelationships(profile: OdcsProfile) {
  const reference = z.string().refine((text) => isOdcsReference(text, profile), {
    error: (iss) => `${JSON.stringify(iss.input)} is not a valid reference`,
    params: {
      code: 'invalid-reference',
      hint: 'Write table.column (shorthand, by name) or schema/<id>/properties/<id> (by id).',
    },
  });
  const endpoint = z.union([reference, z.array(reference).min(1)]);
  const base = {
    // RFC 0047 (final v3.2.0): relationships get a stable id.
    id: stableId.exactOptional(),
    type: z.literal('foreignKey').exactOptional(),
    customProperties: COMMON_PARTS[profile].customProperties.exactOptional(),
  };
  const schemaLevel = forProfile(
    profile,
    z.strictObject({ ...base, from: endpoint, to: endpoint }),
    ['id'],
  ).superRefine((rel: unknown, ctx) => {
    // The schema's oneOf: both single references, or both lists.
    if (!isRecord(rel) || rel.from === undefined || rel.to === undefined) return;
    if (Array.isArray(rel.from) === Array.isArray(rel.to)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: '"from" and "to" must both be single references or both be lists (a composite key)',
      params: {
        code: 'relationship-shape',
        hint: 'Use one reference on each side, or a list on each side for a composite key.',
      },
    });
  }, ALWAYS);
  const propertyLevel = forProfile(
    profile,
    z.strictObject({
      ...base,
      from: forbidden(
        '"from" is not allowed in a property-level relationship: the property itself is the source',
        'Remove "from", or move the relationship to the schema object.',
      ).exactOptional(),
      to: endpoint,
    }),
    ['id'],
  );
  return { schemaLevel, propertyLevel };
}

/** Relationship schemas per profile: on a schema object, and on a property. */
export const RELATIONSHIPS = {
  'v3.1': buildRelationships('v3.1'),
  'v3.2': buildRelationships('v3.2'),
} as const;

/** A relationship on a schema object: `from` and `to` are both given. */
export type OdcsRelationship = DeepReadonly<
  z.output<(typeof RELATIONSHIPS)['v3.2']['schemaLevel']>
>;
/** A relationship on a property: the property is the implicit `from`. */
export type OdcsPropertyRelationship = DeepReadonly<
  z.output<(typeof RELATIONSHIPS)['v3.2']['propertyLevel']>
>;
