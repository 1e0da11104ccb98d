import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import { createExecutorRegistry } from '../../app/jobs/executor-registry.ts';
import type { WorkerLogLine } from '../../app/jobs/worker.ts';
import {
  DEFAULT_LEASE_MS,
  DEFAULT_POLL_MS,
  newWorkerId,
  runWorker,
} from '../../app/jobs/worker.ts';
import { nearPathHint } from '../../app/near-path.ts';
import type { JobKind } from '../../core/jobs/job-model.ts';
import {
  jobExecutors,
  lineageFromEnv,
  openStore,
  workspacePublisher,
} from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { parseCommandArgs, singlePath } from '../usage.ts';

export const workerHelp = `Usage: meshwork worker [MESH] [--concurrency N] [--kinds a,b]

Runs the jobs of a mesh (scheduled builds and tests, "run now", and whatever else is
queued) until stopped: claims a due job from the store with a lease, runs it, records
how it ended, and again. Several workers — on this machine or, with PostgreSQL, on others
— share the work; a job whose worker died is taken over by another after its lease
(docs/operations.md, "Jobs and workers"). The store is the workspace's: embedded in
MESH/.meshwork/store/ (workers on this machine only), or PostgreSQL when
MESHWORK_DATABASE_URL is set.

Prints one line per job it ran (id, kind, target, attempt, how it ended).

Options:
  --concurrency N  jobs run at once by this process (default 1, at most 32)
  --kinds a,b      claim only these kinds (default: every kind this Meshwork runs:
                   build-product, test-contract, …)
  -h, --help       show this help

Environment:
  MESHWORK_JOB_LEASE_SECONDS  how long a claim holds a job without a renew (default 60;
                              renewed every third of it; a dead worker's job waits this long)
  MESHWORK_JOB_POLL_SECONDS   how long to wait when nothing is due (default 2)

Stops on SIGTERM or Ctrl-C (SIGINT): running jobs are told to stop, and each either
finishes or is given back to the queue for another worker. Exit status: 0 stopped,
2 usage or environment error.
`;

const MAX_CONCURRENCY = 32;

export async function runWorkerCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('worker', args, {
    concurrency: { type: 'string' },
    kinds: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(workerHelp);
    return 0;
  }
  const path = singlePath(positionals, 'worker');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot))
    throw new MeshworkError('not-found', `${path}: no such folder.${nearPathHint(path, io.cwd)}`);
  const registry = createExecutorRegistry(jobExecutors());
  const kinds = kindsOf(values.kinds, registry.kinds);
  const concurrency = wholeNumber(values.concurrency, '--concurrency', 1, MAX_CONCURRENCY, 1);
  const leaseMs =
    secondsOf(io.env.MESHWORK_JOB_LEASE_SECONDS, 'MESHWORK_JOB_LEASE_SECONDS', 1, 3600) ??
    DEFAULT_LEASE_MS;
  const pollMs =
    secondsOf(io.env.MESHWORK_JOB_POLL_SECONDS, 'MESHWORK_JOB_POLL_SECONDS', 0.05, 60) ??
    DEFAULT_POLL_MS;
  // A malformed OpenLineage setting stops the worker here, not every build job it runs.
  lineageFromEnv(io.env, meshRoot);

  const store = await openStore({ meshRoot, env: io.env });
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const where =
      io.env.MESHWORK_DATABASE_URL !== undefined && io.env.MESHWORK_DATABASE_URL !== ''
        ? 'the PostgreSQL store (MESHWORK_DATABASE_URL)'
        : `the embedded store of ${meshRoot}`;
    io.stdout(
      `meshwork worker: ${concurrency} at once on ${where}, kinds ${kinds.join(', ')}, lease ${leaseMs / 1000} s. Stop with Ctrl-C.\n`,
    );
    // A job's events (check.failed, job.failed) are stored and delivered by notify-deliver jobs.
    const events = workspacePublisher(store, meshRoot);
    await Promise.all(
      Array.from({ length: concurrency }, () =>
        runWorker({
          store,
          executors: registry,
          meshRoot,
          env: io.env,
          now: () => new Date(),
          events,
          leaseMs,
          pollMs,
          kinds,
          signal: stop.signal,
          worker: newWorkerId(),
          log: (line) => io.stdout(formatLine(line)),
          warn: (message) => io.stderr(`meshwork worker: ${clean(message)}\n`),
        }),
      ),
    );
    io.stdout('meshwork worker: stopped.\n');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}

function formatLine(line: WorkerLogLine): string {
  const head = `${new Date().toISOString()} job ${clean(line.jobId)} ${line.kind} ${clean(line.target)} attempt ${line.attempt} (${line.worker}):`;
  const took = `${(line.ms / 1000).toFixed(1)} s`;
  const why = line.error ? ` — ${line.error.code}: ${clean(line.error.message)}` : '';
  switch (line.outcome) {
    case 'succeeded':
      // A build whose checks failed is a result, not a crash: said, so the line never reads as a pass.
      return line.resultStatus === 'failed'
        ? `${head} succeeded in ${took} — result failed (checks did not pass)\n`
        : `${head} succeeded in ${took}\n`;
    case 'failed':
      return `${head} failed for good after ${took}${why}\n`;
    case 'retry':
      return `${head} failed after ${took}, retried at ${line.retryAt ?? '?'}${why}\n`;
    case 'released':
      return `${head} given back on stop after ${took}\n`;
    case 'lost':
      return `${head} lease lost after ${took} (taken over, cancelled, or the store unreachable past its end): nothing recorded\n`;
  }
}

/** One line of text: a job id or message cannot add lines or terminal escapes to the log. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 600);
}

function kindsOf(value: string | undefined, known: readonly JobKind[]): JobKind[] {
  if (value === undefined) return [...known];
  const asked = value
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (asked.length === 0) throw new MeshworkError('usage', '--kinds needs at least one kind.');
  for (const kind of asked)
    if (!(known as readonly string[]).includes(kind))
      throw new MeshworkError(
        'usage',
        `--kinds: "${clean(kind).slice(0, 60)}" is not a kind this Meshwork runs (${known.join(', ')}).`,
      );
  return asked as JobKind[];
}

function wholeNumber(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new MeshworkError('usage', `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

/** Milliseconds from an environment variable in seconds; undefined when not set. */
function secondsOf(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max)
    throw new MeshworkError('usage', `${name} must be a number of seconds from ${min} to ${max}.`);
  return Math.round(n * 1000);
}
