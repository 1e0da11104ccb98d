/**
 * The ODCS versions Meshwork reads, and which set of rules ("profile") checks each.
 *
 * Decision (pinned by test/conformance/odcs-versions.test.ts):
 *
 * - v3.0.0, v3.0.1, v3.0.2 and v3.1.0 documents are checked with the v3.1 rules, the
 *   official v3.1.0 JSON Schema: upstream ships no separate v3.0.x schema in use any more,
 *   and the v3.1.0 schema lists the v3.0.x versions in its `apiVersion` enum, so it is the
 *   schema upstream validates them with. Everything v3.1.0 added is optional, so no v3.0.x
 *   document loses anything.
 * - v3.2.0 documents are checked with the v3.2 rules: the v3.2.0 draft schema plus the
 *   additions approved for the final v3.2.0 (see the notes in each file).
 * - Features that exist only from v3.2 (`enum`, `map`, `vector`, `semanticType`, `synonyms`,
 *   `context`, `deprecated`, `vendor`, SLA custom properties, the new server types, string
 *   ports, `encoding`) are therefore rejected in older documents, and `status` stays
 *   required there. This rejects no official example: every example that declares an older
 *   version — including the v3.0.x examples on the v3.2 development branch, which upstream
 *   validates against the v3.2 draft — also validates against the v3.1.0 schema.
 * - v2.2.x is rejected although both schemas still list it in their enum: a v2 contract has
 *   a different structure (`dataset`, `columns`, …) that a v3 model cannot read.
 * - A document with an unknown or missing `apiVersion` gets that reported and is otherwise
 *   checked with the latest rules, so the author sees every other problem at once.
 */
export const ODCS_API_VERSIONS = ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0', 'v3.2.0'] as const;

export type OdcsApiVersion = (typeof ODCS_API_VERSIONS)[number];

/** The two sets of structural rules: the v3.1.0 schema and the v3.2.0 one. */
export type OdcsProfile = 'v3.1' | 'v3.2';

export const LATEST_ODCS_PROFILE: OdcsProfile = 'v3.2';

/** Versions checked with the v3.1 rules. */
export const ODCS_V31_API_VERSIONS = ['v3.0.0', 'v3.0.1', 'v3.0.2', 'v3.1.0'] as const;

export function isOdcsApiVersion(value: unknown): value is OdcsApiVersion {
  return typeof value === 'string' && (ODCS_API_VERSIONS as readonly string[]).includes(value);
}

/** The profile for a declared `apiVersion`; the latest when it is not a known version. */
export function odcsProfileFor(apiVersion: unknown): OdcsProfile {
  if (!isOdcsApiVersion(apiVersion)) return LATEST_ODCS_PROFILE;
  return apiVersion === 'v3.2.0' ? 'v3.2' : 'v3.1';
}

/** Name of the standard for messages, e.g. "ODCS v3.1.0". */
export function odcsStandardName(apiVersion: unknown): string {
  return `ODCS ${isOdcsApiVersion(apiVersion) ? apiVersion : 'v3'}`;
}
