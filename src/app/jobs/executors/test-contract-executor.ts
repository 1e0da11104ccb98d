import type { Job, JobOutcome } from '../../../core/jobs/job-model.ts';
import { buildMeshModel } from '../../../core/mesh/mesh-model.ts';
import { lookupContract } from '../../../core/mesh/product-lookup.ts';
import type { TestRun } from '../../../core/quality/index.ts';
import { isMeshworkError } from '../../errors.ts';
import { runContractTests } from '../../testing/index.ts';
import { readMeshFiles } from '../../workspace/read-mesh.ts';
import type { JobContext, JobExecutor } from '../job-executor.ts';
import type { EventScope } from './job-events.ts';
import { checkFailedEvents, failJob, publishAll, stoppedJob, withEvents } from './job-events.ts';
import { jobRunHistory } from './job-run-history.ts';

/**
 * `test-contract`: tests a source system's contract against its data like `meshwork test
 * <file>` and records the run (`reportedBy: 'job'`, its id made from the job's). As for
 * builds, failed checks are the job's result (`status: 'failed'`, `check.failed`
 * published), not a failed job; data that could not be read (run status `error`: the
 * server down, credentials missing) fails the job, so it is retried with backoff.
 */
export const testContractExecutor: JobExecutor = {
  kind: 'test-contract',
  run: runTest,
};

async function runTest(job: Job, context: JobContext): Promise<JobOutcome> {
  const scope: EventScope = { productId: null, domain: null, teams: [] };
  const files = await readMeshFiles(context.meshRoot);
  const lookup = lookupContract(buildMeshModel(files.documents), job.target);
  if (lookup.kind !== 'unique')
    return failJob(
      job,
      context,
      {
        code: lookup.kind === 'missing' ? 'unknown-contract' : 'ambiguous-contract',
        message:
          lookup.kind === 'missing'
            ? `The mesh has no contract "${job.target}" (any more): nothing was tested.`
            : `Several contracts declare the id "${job.target}": give each its own id.`,
      },
      scope,
      { permanent: true },
    );
  if (context.signal.aborted) return stoppedJob(context);
  const history = jobRunHistory(context.store, job.id, context.signal);
  let run: TestRun;
  try {
    run = await runContractTests({
      meshRoot: context.meshRoot,
      contractFile: lookup.entry.doc.path,
      env: context.env,
      trigger: 'test',
      history,
    });
  } catch (error) {
    if (context.signal.aborted) return stoppedJob(context);
    if (!isMeshworkError(error)) throw error;
    return failJob(job, context, { code: `test-${error.code}`, message: error.message }, scope);
  }
  if (context.signal.aborted) return stoppedJob(context);
  const runIds = history.recorded.map((r) => r.id).join(',');
  if (run.status === 'error') {
    const reason =
      run.checks.find((c) => c.status === 'error')?.message ?? 'the data could not be read';
    return failJob(
      job,
      context,
      {
        code: 'test-error',
        message: `The test of ${job.target} could not read its data (run ${runIds}): ${reason}`,
      },
      scope,
    );
  }
  const events = await publishAll(
    context,
    checkFailedEvents(job, history.recorded, scope, context.now()),
  );
  return {
    state: 'succeeded',
    result: withEvents(
      {
        status: run.status,
        contract: job.target,
        runIds,
        runs: history.recorded.length,
        failedChecks: run.checks.filter((c) => c.status === 'failed').length,
        durationMs: run.durationMs,
      },
      events,
    ),
  };
}
