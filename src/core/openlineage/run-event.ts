/**
 * OpenLineage run events (https://openlineage.io/spec/2-0-2/OpenLineage.json, `RunEvent`),
 * as far as Meshwork writes them: one run per product build, START before it reads
 * anything, then COMPLETE (published) or FAIL (tests failed, or it could not be built).
 * Pure data: the emitter (`app/openlineage/`) sends what these functions return.
 */

export const OPENLINEAGE_EVENT_SCHEMA_URL =
  'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** Who wrote the event (a URI, as the spec asks); the version is Meshwork's. */
export const OPENLINEAGE_PRODUCER = 'urn:meshwork:build:0.1.0';

export type RunEventType = 'START' | 'COMPLETE' | 'FAIL';

/** A facet: its own fields plus the producer and the versioned schema it follows. */
export interface Facet {
  readonly _producer: string;
  readonly _schemaURL: string;
  readonly [field: string]: unknown;
}

export type Facets = Readonly<Record<string, Facet>>;

export interface LineageDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Facets;
}

export interface InputDataset extends LineageDataset {
  readonly inputFacets?: Facets;
}

export interface OutputDataset extends LineageDataset {
  readonly outputFacets?: Facets;
}

export interface RunEvent {
  readonly eventType: RunEventType;
  readonly eventTime: string;
  readonly run: { readonly runId: string; readonly facets?: Facets };
  readonly job: { readonly namespace: string; readonly name: string; readonly facets?: Facets };
  readonly inputs: readonly InputDataset[];
  readonly outputs: readonly OutputDataset[];
  readonly producer: string;
  readonly schemaURL: string;
}

export interface RunEventInit {
  readonly eventType: RunEventType;
  readonly eventTime: Date;
  readonly runId: string;
  readonly job: { readonly namespace: string; readonly name: string; readonly facets?: Facets };
  readonly runFacets?: Facets;
  readonly inputs: readonly InputDataset[];
  readonly outputs: readonly OutputDataset[];
}

export function runEvent(init: RunEventInit): RunEvent {
  return {
    eventType: init.eventType,
    eventTime: init.eventTime.toISOString(),
    run: {
      runId: init.runId,
      ...(init.runFacets && Object.keys(init.runFacets).length > 0
        ? { facets: init.runFacets }
        : {}),
    },
    job: init.job,
    inputs: init.inputs,
    outputs: init.outputs,
    producer: OPENLINEAGE_PRODUCER,
    schemaURL: OPENLINEAGE_EVENT_SCHEMA_URL,
  };
}
