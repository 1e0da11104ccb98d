import { existsSync } from 'node:fs';
import { nearPathHint } from '../../app/near-path.ts';
import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import { MAX_SERVER_WORKERS } from '../../server/background-jobs.ts';
import { DEFAULT_PORT, startServer } from '../../server/start-server.ts';
import type { RunningServer } from '../../server/start-server.ts';
import type { CliIO } from '../output.ts';
import { paint } from '../output.ts';
import type { PortalPlace } from '../portal.ts';
import { buildPortal, canBuildPortal, isPortalBuilt, packagePortal } from '../portal.ts';
import { parseCommandArgs, singlePath } from '../usage.ts';

export const serveHelp = `Usage: meshwork serve [MESH] [--port N] [--host H] [--workers N] [--commit-proposals]

Serves the portal and the HTTP API (docs/api.md) for a mesh repository (default: the
current folder): loads the mesh into the catalog, re-indexes it when a file changes,
and keeps runs, scorecards, users and tokens in the store — embedded in
MESH/.meshwork/store/, or PostgreSQL when MESHWORK_DATABASE_URL is set. A folder without
meshwork.yaml serves the mesh last pushed with \`meshwork publish\`.

In a clone of Meshwork, the first start builds the portal (web/dist) when it is missing.
On the first start the account "admin" is created with the password from
MESHWORK_ADMIN_PASSWORD, or a generated one that is printed once.

Options:
  --port N     port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H     address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --workers N  job workers in this process (default 1; 0: only \`meshwork worker\`
               processes run the jobs). The server also schedules: every 15 s it queues
               the products' and source contracts' due meshworkSchedule runs (cron, in
               the mesh's defaults.timezone, UTC when none); MESHWORK_SCHEDULER=off
               turns that off (README, "Running a server with workers")
  --commit-proposals
               the portal's "New data product" form may commit a proposal into MESH's
               git repository, authored by the signed-in user (docs/canvas.md); also
               MESHWORK_COMMIT_PROPOSALS=1. Without it the form offers a zip download
  -h, --help   show this help

Stops on Ctrl-C (SIGINT) or SIGTERM. Exit status: 0 stopped, 2 usage or environment error.
`;

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new MeshworkError('usage', `--port must be a number from 0 to 65535, not "${value}".`);
  return port;
}

export async function runServe(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'commit-proposals': { type: 'boolean' },
    workers: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(serveHelp);
    return 0;
  }
  const path = singlePath(positionals, 'serve');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot))
    throw new MeshworkError('not-found', `${path}: no such folder.${nearPathHint(path, io.cwd)}`);
  const portal = packagePortal();
  const portalMissing = await ensurePortal(portal, io);
  const server = await startServer({
    meshRoot,
    env: io.env,
    port: portOf(values.port),
    ...(values.host === undefined ? {} : { host: values.host }),
    commitProposals: values['commit-proposals'] === true,
    workers: workersOf(values.workers),
    webRoot: portal.webRoot,
    // The server's log (stderr) says when re-indexing fails, once, with the reason.
    log: io.stderr,
  });
  const what = server.servesFolder
    ? `${meshRoot} (${server.sync.products} products, watching for changes)`
    : `the published mesh (${server.sync.products} products; push one with meshwork publish)`;
  io.stdout(`Meshwork serves ${what}\n`);
  if (server.generatedPassword !== undefined)
    io.stdout(
      `Created the account admin with the password ${paint(io, 'bold', server.generatedPassword)}\n` +
        'It is shown only this once: note it, or set MESHWORK_ADMIN_PASSWORD before the first start.\n',
    );
  else if (server.adminCreated)
    io.stdout('Created the account admin with the password from MESHWORK_ADMIN_PASSWORD.\n');
  if (portalMissing === undefined)
    io.stdout(`Portal and API: ${paint(io, 'bold', server.url)}  (API under ${server.url}/api)\n`);
  else
    io.stdout(
      `API: ${paint(io, 'bold', `${server.url}/api`)}\n` +
        `The portal is not built (${portalMissing}), so ${server.url} shows how to build it.\n`,
    );
  io.stdout(jobsLine(server.jobs, server.servesFolder));
  io.stdout('Stop with Ctrl-C.\n');
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

function workersOf(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > MAX_SERVER_WORKERS)
    throw new MeshworkError(
      'usage',
      `--workers must be a whole number from 0 to ${MAX_SERVER_WORKERS}, not "${value.slice(0, 40)}".`,
    );
  return n;
}

function jobsLine(jobs: RunningServer['jobs'], servesFolder: boolean): string {
  const scheduler = jobs.scheduler ? 'scheduler on' : 'scheduler off (MESHWORK_SCHEDULER=off)';
  const workers =
    jobs.workers > 0
      ? `${jobs.workers} job worker${jobs.workers === 1 ? '' : 's'} in this process`
      : servesFolder
        ? 'no job worker in this process: jobs wait for `meshwork worker`'
        : 'no job worker here (a published mesh has no workspace to build in): jobs wait for `meshwork worker` on a checkout';
  return `Jobs: ${scheduler}, ${workers}.\n`;
}

/**
 * Builds the portal in a clone where it was never built, so the first `meshwork serve` after
 * `npm ci` serves it; resolves to why it is still missing, undefined when it is there.
 */
async function ensurePortal(portal: PortalPlace, io: CliIO): Promise<string | undefined> {
  if (isPortalBuilt(portal)) return undefined;
  if (!canBuildPortal(portal))
    return `${portal.webRoot} is missing; build it with \`npm run build:web\` in the Meshwork folder`;
  io.stderr(`Building the portal into ${portal.webRoot} (once, the first start only)…\n`);
  const failure = await buildPortal(portal);
  if (failure === undefined) return undefined;
  io.stderr(`meshwork serve: building the portal failed:\n${failure}\n`);
  return `building it failed; try \`npm run build:web\` in the Meshwork folder`;
}
