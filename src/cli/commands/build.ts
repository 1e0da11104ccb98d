import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { BuildEvent, BuildReport, ProductOutcome } from '../../app/build/build-mesh.ts';
import { buildMesh } from '../../app/build/build-mesh.ts';
import type { LineageReport } from '../../app/openlineage/build-lineage.ts';
import { pauseAfterFiles } from '../../app/build/pause-hook.ts';
import { recordForcedBuild } from '../../app/build/forced-build.ts';
import { createContractTester } from '../../app/build/tester.ts';
import { MeshworkError } from '../../app/errors.ts';
import { createBuildSuppression } from '../../app/privacy/build-suppression.ts';
import { teeRunHistory } from '../../app/testing/index.ts';
import { loadSqlParser } from '../../engines/registry.ts';
import {
  lineageFromEnv,
  withStore,
  workspaceRunHistory,
  workspaceStore,
  workspaceSubjectKey,
} from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { describeServer, formatFindingsText, paint, writeJson } from '../output.ts';
import { flushRuns, serverReport } from '../server-report.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const buildHelp = `Usage: meshwork build [PRODUCT...] [options]

Builds data products: reads each product's input ports (source systems, or the upstream
products' current snapshots), runs its transform SQL in DuckDB, writes every output port
as a Parquet snapshot under .meshwork/warehouse/, tests the output contracts on the new
files and publishes the snapshots only when no check failed with severity error. The
whole mesh by default, in dependency order; independent products in parallel. The test
runs are recorded in the workspace's store (.meshwork/store/, or MESHWORK_DATABASE_URL).

Options:
  --mesh DIR             the mesh repository (default: the current folder)
  --changed-since REF    only products whose files changed since the git REF, and everything downstream
  --parallel N           products built at the same time (default: ${defaultParallel()})
  --keep N               snapshots kept per port, the served one included (default: 3, or MESHWORK_KEEP_SNAPSHOTS)
  --server URL           also report the test runs to a Meshwork server (API token in MESHWORK_TOKEN)
  --no-samples           fetch no failing-row samples in the output contracts' tests
  --force                publish products with error-level policy findings anyway (recorded
                         in the report and the audit log as build.forced)
  --format text|json     text (default) or the build report as JSON
  -h, --help             show this help

PRODUCT is a product's id, name or <domain>/<product>.
OpenLineage: with MESHWORK_OPENLINEAGE_URL and/or MESHWORK_OPENLINEAGE_FILE set, each product
build sends START and COMPLETE/FAIL run events (docs/openlineage.md); an event that cannot be
delivered is reported, and does not change the exit status.
Exit status: 0 every product published, 1 tests failed or products skipped (the previous
snapshots stay served), 2 a product could not be built, or a usage error.
`;

function defaultParallel(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new MeshworkError(
      'usage',
      `--${name} must be a whole number of at least 1, not "${value}".`,
    );
  return n;
}

export async function runBuild(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('build', args, {
    mesh: { type: 'string' },
    'changed-since': { type: 'string' },
    parallel: { type: 'string' },
    keep: { type: 'string' },
    server: { type: 'string' },
    'no-samples': { type: 'boolean' },
    force: { type: 'boolean' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(buildHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const keepFromEnv = io.env.MESHWORK_KEEP_SNAPSHOTS;
  const keep = positiveInteger(values.keep ?? keepFromEnv, 'keep', 3);
  const parallel = positiveInteger(values.parallel, 'parallel', defaultParallel());
  const progress = format === 'text' && io.isTTY ? createProgress(io) : undefined;
  const serverRuns = serverReport(values.server, io);
  const meshRoot = resolve(io.cwd, values.mesh ?? '.');
  const local = workspaceRunHistory({ meshRoot, env: io.env, reportedBy: 'build' });
  const history = serverRuns ? teeRunHistory(local, serverRuns.runs) : local;
  // Before anything is built: a malformed lineage setting is a usage error, not silence.
  const lineage = lineageFromEnv(io.env, io.cwd);
  const sqlParser = await loadSqlParser();
  try {
    const afterFileWritten = pauseAfterFiles(io.env);
    const report = await buildMesh({
      meshRoot,
      products: positionals,
      ...(values['changed-since'] === undefined ? {} : { changedSince: values['changed-since'] }),
      parallel,
      keep,
      env: io.env,
      test: createContractTester(io.env, history, values['no-samples'] ? { samples: false } : {}),
      sqlParser,
      force: values.force === true,
      ...lineage,
      // Erased people (meshwork dsr erase) stay out of every port while sources still hold them.
      suppression: createBuildSuppression({
        store: workspaceStore({ meshRoot, env: io.env }),
        key: () => workspaceSubjectKey({ meshRoot, env: io.env }),
      }),
      ...(afterFileWritten ? { afterFileWritten } : {}),
      ...(progress ? { onEvent: progress } : {}),
    });
    if (report.policy.forced.length > 0)
      await withStore({ meshRoot, env: io.env }, (store) =>
        recordForcedBuild(store, report, io.env.MESHWORK_USER ?? io.env.USER ?? 'cli', new Date()),
      );
    if (format === 'json') writeJson(io, report);
    else io.stdout(formatReport(report, io));
    const code = report.status === 'passed' ? 0 : report.status === 'failed' ? 1 : 2;
    return await flushRuns(serverRuns, 'build', code, io);
  } finally {
    sqlParser.close();
  }
}

/** One line per product as it starts and finishes; only on a terminal. */
function createProgress(io: CliIO): (event: BuildEvent) => void {
  let total = 0;
  let done = 0;
  return (event) => {
    if (event.kind === 'planned') {
      total = event.products.length;
      io.stderr(paint(io, 'dim', `building ${total} product${total === 1 ? '' : 's'}\n`));
    } else if (event.kind === 'started') {
      io.stderr(paint(io, 'dim', `  … ${event.product}\n`));
    } else {
      done++;
      io.stderr(`  [${done}/${total}] ${statusMark(event.result, io)} ${event.result.product}\n`);
    }
  };
}

function statusMark(outcome: ProductOutcome, io: CliIO): string {
  switch (outcome.status) {
    case 'published':
      return paint(io, 'green', '✔');
    case 'failed':
      return paint(io, 'red', '✖');
    case 'error':
      return paint(io, 'red', '✖');
    case 'skipped':
      return paint(io, 'yellow', '-');
  }
}

export function formatReport(report: BuildReport, io: CliIO): string {
  if (report.findings.length > 0) {
    return `${formatFindingsText(report.findings, io)}The mesh has errors; fix them before building.\n`;
  }
  const lines: string[] = [];
  if (report.policy.blocked.length > 0)
    lines.push(
      formatFindingsText(report.policy.errors, io) +
        `Not published for error-level policy findings: ${report.policy.blocked.join(', ')} (meshwork build --force publishes anyway).`,
    );
  for (const p of report.products) {
    lines.push(
      `${statusMark(p, io)} ${paint(io, 'bold', p.product)}  ${p.status}${'durationMs' in p ? paint(io, 'dim', ` ${(p.durationMs / 1000).toFixed(1)}s`) : ''}`,
    );
    if (p.status !== 'skipped') {
      if (p.builtIn !== undefined)
        lines.push(
          paint(io, 'dim', `    built in ${p.builtIn} (snapshot tables, the port's view switched)`),
        );
      for (const input of p.inputs) {
        lines.push(paint(io, 'dim', `    ← ${input.port}: ${input.from}`));
        for (const skipped of input.passedOver)
          lines.push(
            paint(io, 'dim', `      skipped ${describeServer(skipped)}: ${skipped.reason}`),
          );
      }
      for (const port of p.ports) {
        const tests = port.tests ? testSummary(port.tests.checks) : 'no contract';
        lines.push(
          `    → ${port.port}: ${port.rows} rows, snapshot ${port.snapshot}, tests ${port.tests?.status ?? '-'} (${tests})`,
        );
        if (port.suppressed && port.suppressed.deleted + port.suppressed.pseudonymised > 0)
          lines.push(
            `      erased people kept out: ${port.suppressed.deleted} rows dropped, ${port.suppressed.pseudonymised} pseudonymised (suppressions of meshwork dsr erase)`,
          );
        for (const check of port.tests?.checks ?? []) {
          if (check.status === 'passed') continue;
          const style = check.status === 'warning' ? 'yellow' : 'red';
          // The message names the object and property itself where it has one.
          const where = [check.schema, check.property].filter((x) => x).join('.') || 'contract';
          const text = check.message?.startsWith(where)
            ? check.message
            : `${where}: ${check.message ?? ''}`;
          lines.push(
            `        ${paint(io, style, check.status.padEnd(7))} ${check.kind ?? 'check'} · ${text}`,
          );
        }
        for (const served of port.servedTo) {
          lines.push(
            `    ⇒ ${served.server} ${served.table}: ${served.status}${served.reason ? ` (${served.reason})` : ''}`,
          );
        }
      }
    }
    if (p.message)
      lines.push(`    ${paint(io, p.status === 'published' ? 'dim' : 'red', p.message)}`);
  }
  if (report.policy.forced.length > 0)
    lines.push(
      paint(
        io,
        'yellow',
        `forced: published despite error-level policy findings: ${report.policy.forced.join(', ')} (recorded as build.forced)`,
      ),
    );
  if (report.lineage) lines.push(...lineageLines(report.lineage, io));
  const count = (s: ProductOutcome['status']): number =>
    report.products.filter((p) => p.status === s).length;
  const total = report.products.length;
  const mark = report.status === 'passed' ? paint(io, 'green', '✔') : paint(io, 'red', '✖');
  lines.push(
    '',
    `${mark} ${count('published')} of ${total} product${total === 1 ? '' : 's'} published` +
      `, ${count('failed')} failed tests, ${count('error')} errors, ${count('skipped')} skipped in ${(report.durationMs / 1000).toFixed(1)}s`,
  );
  return lines.join('\n') + '\n';
}

/** Lineage that did not arrive is said, in red; the build's status does not change for it. */
function lineageLines(lineage: LineageReport, io: CliIO): string[] {
  const to = lineage.destinations.join(', ');
  if (lineage.failures.length === 0)
    return [paint(io, 'dim', `lineage: ${lineage.delivered} OpenLineage events sent to ${to}`)];
  return [
    paint(
      io,
      'red',
      `lineage: ${lineage.failures.length} OpenLineage event deliver${lineage.failures.length === 1 ? 'y' : 'ies'} failed (the build itself is not affected; ${lineage.delivered} events sent in full):`,
    ),
    ...lineage.failures.map(
      (f) => `    ${f.product} ${f.eventType} → ${f.destination}: ${f.error}`,
    ),
  ];
}

function testSummary(checks: readonly { status: string }[]): string {
  const by = (s: string): number => checks.filter((c) => c.status === s).length;
  return `${checks.length} checks: ${by('passed')} passed, ${by('warning')} warnings, ${by('failed')} failed, ${by('error')} errors`;
}
