import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { productsTouchedBy, withDownstream } from '../../core/build/changed.ts';
import type { PlannedProduct } from '../../core/build/plan.ts';
import { planBuild, productKey, productMatches } from '../../core/build/plan.ts';
import { runScheduled } from '../../core/build/schedule.ts';
import type { Finding } from '../../core/findings/finding.ts';
import { hasErrors, sortFindings } from '../../core/findings/finding.ts';
import type { MeshModel, ProductEntry } from '../../core/mesh/mesh-model.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { SqlParser } from '../../core/semantic/sql-parser.ts';
import { closest } from '../../core/text/suggest.ts';
import { policyBlocks } from './policy-gate.ts';
import type { PolicyGate } from './policy-gate.ts';
import { validateMesh } from '../../core/validate/validate-mesh.ts';
import { MeshworkError } from '../errors.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import type { ProductBuildOptions, ProductBuildResult } from './build-product.ts';
import { buildProduct } from './build-product.ts';
import { isStopped, stopReason } from './build-signal.ts';
import { changedFilesSince } from './changed-files.ts';
import type { LineageReport } from '../openlineage/build-lineage.ts';
import { createLineageRecorder } from '../openlineage/build-lineage.ts';
import type { LineageEmitter } from '../openlineage/lineage-emitter.ts';

export interface BuildRequest extends Omit<ProductBuildOptions, 'meshRoot'> {
  readonly meshRoot: string;
  /** Products by id, name or `<domain>/<product>`; all when empty. */
  readonly products: readonly string[];
  readonly changedSince?: string;
  readonly parallel: number;
  readonly sqlParser: SqlParser;
  readonly onEvent?: (event: BuildEvent) => void;
  /**
   * Publish products with error-level policy findings anyway (`meshwork build --force`);
   * the report names them under `policy.forced`, the CLI records `build.forced`.
   */
  readonly force?: boolean;
  /**
   * Where each product build's OpenLineage run events go (START, then COMPLETE or FAIL);
   * none when absent. A failed emission never fails the build: the report's `lineage` says it.
   */
  readonly lineage?: LineageEmitter;
  /** The events' job namespace (`MESHWORK_OPENLINEAGE_NAMESPACE`); default the mesh's name. */
  readonly lineageNamespace?: string;
}

export type BuildEvent =
  | { readonly kind: 'planned'; readonly products: readonly string[] }
  | { readonly kind: 'started'; readonly product: string }
  | { readonly kind: 'finished'; readonly result: ProductOutcome };

export type ProductOutcome =
  | ProductBuildResult
  | {
      readonly product: string;
      readonly id: string | undefined;
      readonly status: 'skipped';
      readonly message: string;
    };

export interface BuildReport {
  /** passed: every planned product published; failed: tests failed or a product was skipped; error: something could not be built. */
  readonly status: 'passed' | 'failed' | 'error';
  /** Validation errors that stopped the build before it began. */
  readonly findings: readonly Finding[];
  readonly products: readonly ProductOutcome[];
  /** Error-level policy findings of the planned products, and what became of them. */
  readonly policy: PolicyGate;
  readonly durationMs: number;
  /** The OpenLineage events sent and those that failed; present when lineage is configured. */
  readonly lineage?: LineageReport;
}

/**
 * `meshwork build`: validates the mesh, plans the products to build (the named ones,
 * those a change touched and everything downstream, or all), and builds them in
 * dependency order, independent ones in parallel.
 */
export async function buildMesh(request: BuildRequest): Promise<BuildReport> {
  const started = Date.now();
  const meshRoot = resolve(request.meshRoot);
  const files = await readMeshFiles(meshRoot);
  const findings = sortFindings(await validateMesh(files, { sqlParser: request.sqlParser }));
  if (hasErrors(findings)) {
    return {
      status: 'error',
      findings: findings.filter((f) => f.severity === 'error'),
      products: [],
      policy: { errors: [], blocked: [], forced: [] },
      durationMs: Date.now() - started,
    };
  }
  const model = buildMeshModel(files.documents);
  const selected = await select(model, request, meshRoot);
  const plan = planBuild(model, selected);
  const gate = await policyBlocks(model, plan.products, request.force ?? false);
  request.onEvent?.({ kind: 'planned', products: plan.products.map((p) => p.key) });
  const options: ProductBuildOptions = { ...shareMachine(request), ...request, meshRoot };
  const lineage = request.lineage
    ? createLineageRecorder({
        emitter: request.lineage,
        namespace: request.lineageNamespace || meshName(model) || DEFAULT_LINEAGE_NAMESPACE,
        meshRoot,
      })
    : undefined;
  const outcomes = await runScheduled<ProductOutcome>(
    plan,
    request.parallel,
    async (planned: PlannedProduct) => {
      const blocked = gate.blockedReason.get(planned.key);
      if (blocked !== undefined) {
        const result: ProductOutcome = {
          product: planned.key,
          id: planned.product.id,
          status: 'skipped',
          message: blocked,
        };
        request.onEvent?.({ kind: 'finished', result });
        return { ok: false, result };
      }
      if (request.signal !== undefined && isStopped(request.signal)) {
        // Stopped (a job's lease lost): no build, and no lineage event, after that.
        const result: ProductOutcome = {
          product: planned.key,
          id: planned.product.id,
          status: 'error',
          message: `not built: the build was stopped (${stopReason(request.signal)}).`,
          inputs: [],
          ports: [],
          durationMs: 0,
        };
        request.onEvent?.({ kind: 'finished', result });
        return { ok: false, result };
      }
      request.onEvent?.({ kind: 'started', product: planned.key });
      const finishLineage = await lineage?.start(planned);
      const result = await buildProduct(planned, options);
      // A build stopped meanwhile sends no COMPLETE/FAIL: its START stays without an end.
      if (!isStopped(request.signal)) await finishLineage?.(result);
      request.onEvent?.({ kind: 'finished', result });
      return { ok: result.status === 'published', result };
    },
  );
  const products = plan.products.map((planned): ProductOutcome => {
    const outcome = outcomes.get(planned.key);
    if (outcome?.kind === 'ran') return outcome.result;
    const skipped: ProductOutcome = {
      product: planned.key,
      id: planned.product.id,
      status: 'skipped',
      message: `not built: ${outcome?.blockedBy ?? 'an upstream product'} was not published`,
    };
    request.onEvent?.({ kind: 'finished', result: skipped });
    return skipped;
  });
  const status = products.some((p) => p.status === 'error')
    ? 'error'
    : products.some((p) => p.status !== 'published')
      ? 'failed'
      : 'passed';
  return {
    status,
    findings: [],
    products,
    policy: gate.report,
    durationMs: Date.now() - started,
    ...(lineage ? { lineage: lineage.report() } : {}),
  };
}

/** Used when neither MESHWORK_OPENLINEAGE_NAMESPACE nor the mesh's `name` is given. */
export const DEFAULT_LINEAGE_NAMESPACE = 'meshwork';

function meshName(model: MeshModel): string | undefined {
  const data = model.organisation?.source.data;
  const name = data !== null && typeof data === 'object' && 'name' in data ? data.name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
}

async function select(
  model: MeshModel,
  request: BuildRequest,
  meshRoot: string,
): Promise<Set<ProductEntry> | undefined> {
  let selected: Set<ProductEntry> | undefined;
  if (request.products.length > 0) {
    selected = new Set();
    for (const reference of request.products) {
      const matches = model.products.filter((p) => productMatches(p, reference));
      if (matches.length === 0) {
        const names = model.products.flatMap((p) => [p.id ?? '', productKey(p)]).filter(Boolean);
        const near = closest(reference, names);
        throw new MeshworkError(
          'not-found',
          `no product "${reference}" in the mesh at ${meshRoot}; ${
            near === undefined ? '' : `did you mean "${near}"? `
          }name one by id, name or <domain>/<product> (a mesh in another folder: --mesh DIR).`,
        );
      }
      for (const m of matches) selected.add(m);
    }
  }
  if (request.changedSince === undefined) return selected;
  const changed = await changedFilesSince(meshRoot, request.changedSince);
  const affected = withDownstream(model, productsTouchedBy(model, changed));
  // Both given: the named products, as far as the change touched them.
  return new Set([...affected].filter((p) => !selected || selected.has(p)));
}

/**
 * Products built in parallel each get their own DuckDB, which by default takes every
 * core and 80 % of the memory; divided between them they do not oversubscribe the
 * machine (DuckDB spills to disk beyond its memory limit).
 */
function shareMachine(request: BuildRequest): Pick<ProductBuildOptions, 'threads' | 'memoryLimit'> {
  const parallel = Math.max(1, request.parallel);
  const threads = Math.max(1, Math.ceil(availableParallelism() / parallel));
  const megabytes = Math.max(256, Math.floor((totalmem() * 0.7) / parallel / 1024 / 1024));
  return { threads, memoryLimit: `${megabytes}MB` };
}
