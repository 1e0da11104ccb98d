import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** The official OpenLineage JSON Schemas, an unmodified copy (SOURCE.md there says why and from where). */
export const openLineageSpecDir = join(import.meta.dirname, '..', 'fixtures', 'openlineage-spec');

const RUN_EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

function loadSchemas(): { ajv: InstanceType<typeof Ajv2020>; facetIds: Set<string> } {
  // strict off and formats on, as OpenLineage's own schema tests validate (draft 2020-12).
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const read = (path: string): { $id: string } =>
    JSON.parse(readFileSync(join(openLineageSpecDir, path), 'utf8')) as { $id: string };
  ajv.addSchema(read('OpenLineage.json'));
  const facetIds = new Set<string>();
  for (const file of readdirSync(join(openLineageSpecDir, 'facets')).filter((f) =>
    f.endsWith('.json'),
  )) {
    const schema = read(join('facets', file));
    ajv.addSchema(schema);
    facetIds.add(schema.$id);
  }
  return { ajv, facetIds };
}

let loaded: ReturnType<typeof loadSchemas> | undefined;

/**
 * Every problem of one emitted event against the official schemas: the event against
 * `RunEvent`, then every facet (run, job, dataset, input and output facets) against the
 * schema its `_schemaURL` names — which must be one of the official facet schemas, so a
 * facet of a made-up or mistyped version fails too. Empty: valid.
 */
export function openLineageProblems(event: unknown): string[] {
  loaded ??= loadSchemas();
  const { ajv, facetIds } = loaded;
  const problems: string[] = [];
  const check = (schemaRef: string, value: unknown, where: string): void => {
    const validate = ajv.getSchema(schemaRef);
    if (!validate) {
      problems.push(`${where}: no official schema ${schemaRef}`);
      return;
    }
    if (!validate(value)) problems.push(...(validate.errors ?? []).map((e) => text(where, e)));
  };
  check(RUN_EVENT, event, 'event');
  for (const [where, facet] of facetsOf(event)) {
    const url = (facet as { _schemaURL?: unknown })._schemaURL;
    if (typeof url !== 'string') {
      problems.push(`${where}: no _schemaURL`);
      continue;
    }
    const id = url.split('#')[0]!;
    if (!facetIds.has(id)) {
      problems.push(`${where}: _schemaURL ${url} is none of the official facet schemas`);
      continue;
    }
    check(url, facet, where);
  }
  return problems;
}

function text(where: string, error: ErrorObject): string {
  return `${where}${error.instancePath}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

function facetsOf(event: unknown): [string, unknown][] {
  const e = event as {
    run?: { facets?: Record<string, unknown> };
    job?: { facets?: Record<string, unknown> };
    inputs?: { facets?: Record<string, unknown>; inputFacets?: Record<string, unknown> }[];
    outputs?: { facets?: Record<string, unknown>; outputFacets?: Record<string, unknown> }[];
  };
  const out: [string, unknown][] = [];
  const add = (where: string, facets: Record<string, unknown> | undefined): void => {
    for (const [name, facet] of Object.entries(facets ?? {})) out.push([`${where}.${name}`, facet]);
  };
  add('run.facets', e.run?.facets);
  add('job.facets', e.job?.facets);
  (e.inputs ?? []).forEach((d, i) => {
    add(`inputs[${i}].facets`, d.facets);
    add(`inputs[${i}].inputFacets`, d.inputFacets);
  });
  (e.outputs ?? []).forEach((d, i) => {
    add(`outputs[${i}].facets`, d.facets);
    add(`outputs[${i}].outputFacets`, d.outputFacets);
  });
  return out;
}
