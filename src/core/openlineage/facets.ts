import type { Facet } from './run-event.ts';
import { OPENLINEAGE_PRODUCER } from './run-event.ts';

/**
 * The facets Meshwork writes, each naming the exact versioned schema it follows
 * (`_schemaURL` = the facet schema's `$id` + the definition): consumers validate against it,
 * and so do our tests (test/fixtures/openlineage-spec/).
 */
const SPEC = 'https://openlineage.io/spec/facets';

export const FACET_SCHEMAS = {
  schema: `${SPEC}/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  dataQualityAssertions: `${SPEC}/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet`,
  version: `${SPEC}/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet`,
  errorMessage: `${SPEC}/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`,
  jobType: `${SPEC}/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
} as const;

function facet(name: keyof typeof FACET_SCHEMAS, fields: Record<string, unknown>): Facet {
  return { _producer: OPENLINEAGE_PRODUCER, _schemaURL: FACET_SCHEMAS[name], ...fields };
}

export interface SchemaField {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
}

export function schemaFacet(fields: readonly SchemaField[]): Facet {
  return facet('schema', {
    fields: fields.map((f, index) => ({ ...f, ordinal_position: index + 1 })),
  });
}

export interface Assertion {
  /** The check's kind (`nullValues`, `rowCount`, a rule's id …). */
  readonly assertion: string;
  readonly success: boolean;
  readonly column?: string;
  readonly severity?: 'error' | 'warn';
  readonly description?: string;
}

export function assertionsFacet(assertions: readonly Assertion[]): Facet {
  return facet('dataQualityAssertions', { assertions });
}

export function versionFacet(datasetVersion: string): Facet {
  return facet('version', { datasetVersion });
}

/** The build report's message (Meshwork's, hence TypeScript); no stack trace of the process. */
export function errorMessageFacet(message: string): Facet {
  return facet('errorMessage', { message, programmingLanguage: 'TypeScript' });
}

export function jobTypeFacet(): Facet {
  return facet('jobType', { processingType: 'BATCH', integration: 'MESHWORK', jobType: 'JOB' });
}
