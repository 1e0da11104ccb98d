import { resolve } from 'node:path';
import type { CheckResult, TestRun } from '../../core/quality/index.ts';
import { exitCodeOf } from '../../core/quality/index.ts';
import { findMeshRoot, teeRunHistory, testTarget } from '../../app/testing/index.ts';
import type { TargetRun } from '../../app/testing/index.ts';
import { workspaceRunHistory } from '../../runtime/index.ts';
import type { CliIO, Style } from '../output.ts';
import { describeServer, paint, writeJson } from '../output.ts';
import { flushRuns, serverReport, splitServerValues } from '../server-report.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const testHelp = `Usage: meshwork test CONTRACT|PRODUCT|MESH [--server NAME] [--server URL] [--schema NAME] [--no-samples] [--format text|json]

Tests data against its ODCS data contract: presence, types (also on CSV and JSON),
required, unique, primary keys, logicalTypeOptions, enum, relationships, quality rules
(library metrics and SQL) and SLA latency/retention. The checks run inside the engine of
the contract's server (DuckDB for local files, PostgreSQL, MySQL/MariaDB), one pass per
table. Credentials: MESHWORK_<SERVER>_URL / _USER / _PASSWORD or .meshwork.secrets.yaml.
Every run names the server it read and those it passed over, and is recorded in the
workspace's store (.meshwork/store/, or PostgreSQL with MESHWORK_DATABASE_URL).

Arguments:
  CONTRACT   an .odcs.yaml file
  PRODUCT    a product folder (or its product.odps.yaml): every contract in it
  MESH       the mesh root: every contract of the mesh (default: the current folder)

Options:
  --server NAME        the contract's servers[].server to test; it alone is tried (default:
                       the first, in the contract's order, that is configured here: its
                       file exists, or its credentials are set — a configured server that
                       does not answer is an error, never skipped)
  --server URL         also report the runs to a Meshwork server (http(s)://…; API token
                       in MESHWORK_TOKEN); may be given together with --server NAME
  --schema NAME        only this schema object
  --no-samples         fetch no failing-row samples (by default up to 5 rows per check
                       that did not pass; personal data shows only the row's key)
  --format text|json   text (default), or the run as JSON
  -h, --help           show this help

Exit status: 0 passed (warnings allowed), 1 a check failed, 2 data unreadable or usage error.
`;

const STATUS_STYLE: Record<CheckResult['status'], Style> = {
  passed: 'green',
  failed: 'red',
  warning: 'yellow',
  error: 'red',
};

export async function runTest(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('test', args, {
    server: { type: 'string', multiple: true },
    schema: { type: 'string' },
    'no-samples': { type: 'boolean' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(testHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const { contractServer, reportUrl } = splitServerValues(values.server);
  const report = serverReport(reportUrl, io);
  const target = resolve(io.cwd, positionals[0] ?? '.');
  const meshRoot = await findMeshRoot(target);
  const local = workspaceRunHistory({ meshRoot, env: io.env, reportedBy: 'cli' });
  const result = await testTarget(meshRoot, target, {
    ...(contractServer !== undefined ? { server: contractServer } : {}),
    ...(values.schema !== undefined ? { schema: values.schema } : {}),
    env: io.env,
    history: report ? teeRunHistory(local, report.runs) : local,
    ...(values['no-samples'] ? { samples: false } : {}),
  });
  if (format === 'json') {
    const single =
      result.runs.length === 1 && target.match(/\.odcs\.ya?ml$/)
        ? jsonRun(result.runs[0]!.run)
        : {
            status: result.status,
            runs: result.runs.map(({ contract, run }) => ({ contract, run: jsonRun(run) })),
          };
    writeJson(io, single);
  } else {
    io.stdout(formatRunText(result, io));
  }
  return flushRuns(report, 'test', exitCodeOf(result.status), io);
}

/**
 * A run as `--format json` prints it: the stored run's fields, with what it read as the
 * top-level `server` and `passedOver` (added beside the fields scripts already read).
 */
function jsonRun(run: TestRun): Record<string, unknown> {
  const { evidence, trigger: _trigger, ...rest } = run;
  return {
    ...rest,
    server: evidence?.server ?? null,
    passedOver: evidence?.passedOver ?? [],
    warnings: evidence?.warnings ?? [],
  };
}

/** `"files" (local) data/orders.parquet` */
function formatRunText(result: TargetRun, io: CliIO): string {
  const lines: string[] = [];
  const totals = { passed: 0, failed: 0, warning: 0, error: 0 };
  for (const { contract, run } of result.runs) {
    lines.push(paint(io, 'bold', `${contract}  (${run.durationMs} ms)`));
    const read = run.evidence?.server;
    if (read) lines.push(`  ${paint(io, 'dim', 'server ')} ${describeServer(read)}`);
    for (const skipped of run.evidence?.passedOver ?? [])
      lines.push(`  ${paint(io, 'dim', 'skipped')} ${describeServer(skipped)}: ${skipped.reason}`);
    for (const warning of run.evidence?.warnings ?? [])
      lines.push(
        `  ${paint(io, 'yellow', 'warning')} ${warning.message}  ${paint(io, 'dim', warning.code)}`,
      );
    // One unreachable server errs every check with the same message: say it once.
    const errors = new Map<string, number>();
    for (const check of run.checks) {
      if (check.status === 'error') errors.set(check.message, (errors.get(check.message) ?? 0) + 1);
    }
    for (const [message, count] of errors) {
      if (count > 1)
        lines.push(
          `  ${paint(io, 'red', 'error  ')} ${message}  ${paint(io, 'dim', `(${count} checks)`)}`,
        );
    }
    for (const check of run.checks) {
      totals[check.status]++;
      if (check.status === 'passed') continue;
      if (check.status === 'error' && (errors.get(check.message) ?? 0) > 1) continue;
      lines.push(
        `  ${paint(io, STATUS_STYLE[check.status], check.status.padEnd(7))} ${check.message}  ${paint(io, 'dim', check.id)}`,
      );
      for (const sample of check.samples)
        lines.push(`    ${paint(io, 'dim', JSON.stringify(sample))}`);
    }
  }
  const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.warning} warnings, ${totals.error} errors`;
  lines.push(
    '',
    `${paint(io, STATUS_STYLE[result.status], result.status.toUpperCase())}: ${summary}`,
  );
  return `${lines.join('\n')}\n`;
}
