import type { Job, JobOutcome } from '../../../core/jobs/job-model.ts';
import { buildMeshModel } from '../../../core/mesh/mesh-model.ts';
import { lookupProduct, productLocation } from '../../../core/mesh/product-lookup.ts';
import { loadSqlParser } from '../../../engines/registry.ts';
import { buildMesh } from '../../build/build-mesh.ts';
import type { BuildReport } from '../../build/build-mesh.ts';
import { pauseAfterFiles } from '../../build/pause-hook.ts';
import { createContractTester } from '../../build/tester.ts';
import { isMeshworkError } from '../../errors.ts';
import { createBuildSuppression } from '../../privacy/build-suppression.ts';
import type { LineageEmitter } from '../../openlineage/lineage-emitter.ts';
import type { SubjectHashKey } from '../../privacy/subject-hash.ts';
import { heldStore } from '../../store/store-access.ts';
import { readMeshFiles } from '../../workspace/read-mesh.ts';
import type { JobContext, JobExecutor } from '../job-executor.ts';
import type { EventScope } from './job-events.ts';
import { checkFailedEvents, failJob, publishAll, stoppedJob, withEvents } from './job-events.ts';
import { jobRunHistory } from './job-run-history.ts';

export interface BuildProductExecutorOptions {
  /**
   * The workspace's subject hash key (`runtime/`'s `workspaceSubjectKey`), so erased
   * people stay out of the ports a job builds as they do out of `meshwork build`'s.
   */
  readonly subjectKey: (meshRoot: string, env: NodeJS.ProcessEnv) => Promise<SubjectHashKey>;
  /** Snapshots kept per port (default MESHWORK_KEEP_SNAPSHOTS, else 3, as `meshwork build`). */
  readonly keep?: number;
  /**
   * Where the builds' OpenLineage events go, as `meshwork build` sends them (`runtime/`'s
   * `lineageFromEnv`); none when absent. Events that did not arrive are counted in the
   * job's result (`lineageFailed`), never fail the job.
   */
  readonly lineage?: (
    meshRoot: string,
    env: NodeJS.ProcessEnv,
  ) => { readonly lineage?: LineageEmitter; readonly lineageNamespace?: string };
}

/**
 * `build-product`: builds one product like `meshwork build <id>` and records its test runs
 * (`reportedBy: 'job'`, ids made from the job's, so a rerun replaces them).
 *
 * A failed CHECK is a result, not a failure of the job: the build ran, tested and kept the
 * previous snapshots served, which is what it is for — the job succeeds with result
 * `status: 'failed'` and publishes `check.failed`, and is not retried (the data would fail
 * again). A build that could not be done (mesh invalid, source unreachable, transform
 * error, blocked by policy) is a failed job with the reason, retried by the worker with
 * backoff; its last failure publishes `job.failed`. A product that is not (or no longer)
 * in the mesh fails for good at once (`permanent`): trying again cannot help.
 */
export function createBuildProductExecutor(options: BuildProductExecutorOptions): JobExecutor {
  return {
    kind: 'build-product',
    run: (job, context) => runBuild(job, context, options),
  };
}

async function runBuild(
  job: Job,
  context: JobContext,
  options: BuildProductExecutorOptions,
): Promise<JobOutcome> {
  const noScope: EventScope = { productId: job.target, domain: null, teams: [] };
  const files = await readMeshFiles(context.meshRoot);
  const lookup = lookupProduct(buildMeshModel(files.documents), job.target);
  if (lookup.kind !== 'unique')
    return failJob(
      job,
      context,
      {
        code: lookup.kind === 'missing' ? 'unknown-product' : 'ambiguous-product',
        message:
          lookup.kind === 'missing'
            ? `The mesh has no product "${job.target}" (any more): nothing was built.`
            : `Several products declare the id "${job.target}" (${lookup.entries.map(productLocation).join(', ')}): give each its own id.`,
      },
      noScope,
      { permanent: true },
    );
  const product = lookup.entry;
  const scope: EventScope = {
    productId: job.target,
    domain: product.declaredDomain ?? product.domainFolder,
    teams: product.teamName === undefined ? [] : [`${product.domainFolder}/${product.teamName}`],
  };
  if (context.signal.aborted) return stoppedJob(context);
  const history = jobRunHistory(context.store, job.id, context.signal);
  // Before anything is built: a malformed lineage setting fails the job, it is not silence.
  const lineage = options.lineage?.(context.meshRoot, context.env) ?? {};
  const sqlParser = await loadSqlParser();
  // The build's test hook, as `meshwork build` honours it: the killed-worker test stops a
  // job's build at a known point to kill its worker there (test/jobs/killed-worker.test.ts).
  const afterFileWritten = pauseAfterFiles(context.env);
  let report: BuildReport;
  try {
    report = await buildMesh({
      meshRoot: context.meshRoot,
      products: [productLocation(product)],
      parallel: 1,
      keep: options.keep ?? keepFrom(context.env),
      env: context.env,
      test: createContractTester(context.env, history, { signal: context.signal }),
      signal: context.signal,
      sqlParser,
      ...lineage,
      suppression: createBuildSuppression({
        store: heldStore(context.store),
        key: () => options.subjectKey(context.meshRoot, context.env),
      }),
      ...(afterFileWritten ? { afterFileWritten } : {}),
    });
  } catch (error) {
    if (context.signal.aborted) return stoppedJob(context);
    if (!isMeshworkError(error)) throw error;
    return failJob(job, context, { code: `build-${error.code}`, message: error.message }, scope);
  } finally {
    sqlParser.close();
  }
  // Lost lease or stopping worker: no event, no job.failed — the build itself stopped
  // before its next effect (build-signal.ts), and this attempt is not this worker's to end.
  if (context.signal.aborted) return stoppedJob(context);
  const [first] = report.findings;
  if (report.status === 'error' && first !== undefined)
    return failJob(
      job,
      context,
      {
        code: 'mesh-invalid',
        message: `The mesh does not validate (${report.findings.length} error${report.findings.length === 1 ? '' : 's'}), nothing was built; first: ${first.file}:${first.line}:${first.column} ${first.message}`,
      },
      scope,
    );
  const outcome =
    report.products.find((p) => p.product === productLocation(product)) ?? report.products[0];
  if (outcome === undefined || outcome.status === 'error' || outcome.status === 'skipped')
    return failJob(
      job,
      context,
      {
        code: outcome?.status === 'skipped' ? 'build-skipped' : 'build-error',
        message: outcome?.message ?? 'The build planned nothing for this product.',
      },
      scope,
    );
  const events = await publishAll(
    context,
    checkFailedEvents(job, history.recorded, scope, context.now()),
  );
  return {
    state: 'succeeded',
    result: withEvents(
      {
        status: outcome.status === 'published' ? 'published' : 'failed',
        product: job.target,
        runIds: history.recorded.map((r) => r.id).join(','),
        runs: history.recorded.length,
        failedChecks: history.recorded.reduce(
          (n, r) => n + r.run.checks.filter((c) => c.status === 'failed').length,
          0,
        ),
        durationMs: outcome.durationMs,
        ...(report.lineage && report.lineage.failures.length > 0
          ? { lineageFailed: report.lineage.failures.length }
          : {}),
      },
      events,
    ),
  };
}

function keepFrom(env: NodeJS.ProcessEnv): number {
  const n = Number(env.MESHWORK_KEEP_SNAPSHOTS);
  return Number.isInteger(n) && n >= 1 ? n : 3;
}
