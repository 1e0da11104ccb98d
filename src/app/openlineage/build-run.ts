import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { PlannedProduct } from '../../core/build/plan.ts';
import type { DatasetName } from '../../core/openlineage/dataset-naming.ts';
import { fileDataset, serverDataset } from '../../core/openlineage/dataset-naming.ts';
import { engineOutputServer } from '../../core/build/engine-checks.ts';
import type { Assertion } from '../../core/openlineage/facets.ts';
import {
  assertionsFacet,
  errorMessageFacet,
  jobTypeFacet,
  schemaFacet,
  versionFacet,
} from '../../core/openlineage/facets.ts';
import type {
  Facets,
  InputDataset,
  OutputDataset,
  RunEvent,
} from '../../core/openlineage/run-event.ts';
import { runEvent } from '../../core/openlineage/run-event.ts';
import { contractSchemaFields } from '../../core/openlineage/schema-fields.ts';
import type { BuildTestCheck } from '../build/contract-tests.ts';
import type { ProductBuildResult } from '../build/build-product.ts';
import { contractObjects } from '../build/servers.ts';
import { CURRENT, portFileName, productDir } from '../build/warehouse.ts';

/**
 * One product build as an OpenLineage run: the job is the product (namespace the mesh,
 * name the product's id), the inputs its input ports' data, the outputs its output ports'
 * served files (`<port>/current/<object>.parquet`, the name a consumer reads, so a later
 * build's input names the same dataset). START names what is known before anything is read
 * (upstream products' ports; a source's server is chosen while reading, so it first appears
 * in COMPLETE or FAIL); the end event adds the sources, the snapshots and the test results.
 */
export interface BuildRun {
  readonly runId: string;
  start(now: Date): RunEvent;
  finish(result: ProductBuildResult, now: Date): RunEvent;
}

export interface BuildRunContext {
  readonly meshRoot: string;
  readonly namespace: string;
}

export function createBuildRun(planned: PlannedProduct, context: BuildRunContext): BuildRun {
  const runId = uuidv7();
  const job = {
    namespace: context.namespace,
    name: planned.product.id ?? planned.key,
    facets: { jobType: jobTypeFacet() },
  };
  const plannedInputs = upstreamInputs(planned, context.meshRoot);
  return {
    runId,
    start: (now) =>
      runEvent({
        eventType: 'START',
        eventTime: now,
        runId,
        job,
        inputs: plannedInputs,
        outputs: outputs(planned, context.meshRoot, undefined),
      }),
    finish: (result, now) => {
      const failed = result.status !== 'published';
      const runFacets: Facets =
        failed && result.message ? { errorMessage: errorMessageFacet(result.message) } : {};
      return runEvent({
        eventType: failed ? 'FAIL' : 'COMPLETE',
        eventTime: now,
        runId,
        job,
        runFacets,
        inputs: readInputs(planned, result, plannedInputs),
        outputs: outputs(planned, context.meshRoot, result),
      });
    },
  };
}

/** Inputs from upstream products: their ports' served files, known from the plan alone. */
function upstreamInputs(planned: PlannedProduct, meshRoot: string): InputDataset[] {
  return planned.inputs.flatMap((input): InputDataset[] => {
    if (input.kind !== 'product') return [];
    const port = input.upstream.outputPorts.find((p) => p.contractId === input.contract.id);
    if (port === undefined) return [];
    // Built in an engine's server: read through its view there, not from a file.
    const served = engineOutputServer(
      input.upstream.doc.source.data,
      input.contract.doc.source.data,
    );
    if (served)
      return contractObjects(input.contract).map((object) =>
        dataset(
          serverDataset({
            type: String(served.type),
            fields: served,
            files: [],
            object: object.physicalName,
          }),
          contractSchemaFields(input.contract.doc.source.data, object.name),
        ),
      );
    const dir = join(
      productDir(meshRoot, input.upstream.domainFolder, input.upstream.productFolder),
      port.name,
      CURRENT,
    );
    return contractObjects(input.contract).map((object) =>
      dataset(
        fileDataset(join(dir, `${object.name}.parquet`)),
        contractSchemaFields(input.contract.doc.source.data, object.name),
      ),
    );
  });
}

/** What the build read, as it reported it; upstream inputs from the plan when it read none. */
function readInputs(
  planned: PlannedProduct,
  result: ProductBuildResult,
  fallback: readonly InputDataset[],
): InputDataset[] {
  const read = new Map<string, InputDataset>();
  for (const report of result.inputs) {
    const input = planned.inputs.find((i) => i.port.name === report.port);
    const data = input && input.kind !== 'unresolved' ? input.contract.doc.source.data : undefined;
    for (const d of report.datasets ?? []) {
      const facets: Facets = {
        ...schemaOf(contractSchemaFields(data, d.object)),
        ...(d.version === undefined ? {} : { version: versionFacet(d.version) }),
      };
      read.set(key(d), { namespace: d.namespace, name: d.name, facets });
    }
  }
  for (const input of fallback) if (!read.has(key(input))) read.set(key(input), input);
  return [...read.values()];
}

function outputs(
  planned: PlannedProduct,
  meshRoot: string,
  result: ProductBuildResult | undefined,
): OutputDataset[] {
  return planned.outputs.map((output) => {
    const object = output.contract ? contractObjects(output.contract)[0]?.name : undefined;
    const path = join(
      productDir(meshRoot, planned.product.domainFolder, planned.product.productFolder),
      output.port.name,
      CURRENT,
      portFileName(output.port.name, object),
    );
    const fields =
      output.contract && object !== undefined
        ? contractSchemaFields(output.contract.doc.source.data, object)
        : undefined;
    const port = result?.ports.find((p) => p.port === output.port.name);
    const facets: Facets = {
      ...schemaOf(fields),
      // The snapshot is the dataset's version only once it is served.
      ...(port && result?.status === 'published' ? { version: versionFacet(port.snapshot) } : {}),
    };
    const checks = port?.tests?.checks ?? [];
    // The spec files dataQualityAssertions under input facets (a test reading a dataset);
    // here the tests ran on what this run wrote, so they travel with the output.
    const outputFacets: Facets =
      checks.length > 0 ? { dataQualityAssertions: assertionsFacet(checks.map(assertion)) } : {};
    // A product built in an engine's server is served there (a Trino view), not as a file.
    const served =
      output.contract && object !== undefined
        ? engineOutputServer(planned.product.doc.source.data, output.contract.doc.source.data)
        : undefined;
    const physical = output.contract
      ? contractObjects(output.contract)[0]?.physicalName
      : undefined;
    return {
      ...(served && physical !== undefined
        ? serverDataset({
            type: String(served.type),
            fields: served,
            files: [],
            object: physical,
          })
        : fileDataset(path)),
      facets,
      ...(Object.keys(outputFacets).length > 0 ? { outputFacets } : {}),
    };
  });
}

/** failed: issues at severity error; warning: issues at severity warn; error: the check could not be evaluated. */
function assertion(check: BuildTestCheck): Assertion {
  const described =
    check.status === 'error' ? `not evaluated: ${check.message ?? ''}` : check.message;
  return {
    assertion: check.kind ?? check.id ?? 'check',
    success: check.status === 'passed',
    ...(check.property ? { column: check.property } : {}),
    // A check's configured severity shows only in how it did not pass (failed = error, warning = warn).
    ...(check.status === 'failed' ? { severity: 'error' as const } : {}),
    ...(check.status === 'warning' ? { severity: 'warn' as const } : {}),
    ...(described ? { description: described } : {}),
  };
}

function dataset(name: DatasetName, fields: ReturnType<typeof contractSchemaFields>): InputDataset {
  return { ...name, facets: schemaOf(fields) };
}

function schemaOf(fields: ReturnType<typeof contractSchemaFields>): Facets {
  return fields === undefined ? {} : { schema: schemaFacet(fields) };
}

function key(d: DatasetName): string {
  return `${d.namespace}\u0000${d.name}`;
}

/**
 * A UUIDv7 (RFC 9562: 48 bits of Unix milliseconds, then random), which the spec
 * recommends for runId: run ids sort by start time.
 */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
