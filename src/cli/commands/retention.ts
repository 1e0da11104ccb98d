import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import type { RetentionPort, RetentionReport } from '../../app/privacy/retention.ts';
import { enforceRetention } from '../../app/privacy/retention.ts';
import { readMeshFiles } from '../../app/workspace/read-mesh.ts';
import { MESH_FILE } from '../../core/mesh/layout.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import { workspaceStore } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson, cliActor } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const retentionHelp = `Usage: meshwork retention [MESH] [--apply] [--format text|json]

Enforces the retention periods of the output ports (GDPR Art. 5(1)(e), storage
limitation). For every output port whose contract declares a retention SLA with the
date column that says how old a row is:

  slaProperties:
    - property: retention
      value: 10
      unit: y                       # d, w, mo or y (or day(s), week(s), month(s), year(s))
      element: invoices.invoice_date  # object.column, a date or timestamp

it counts the rows of the served snapshot dated before the period (a dry run, the
default) and with --apply deletes them: a new snapshot without them is made current
atomically and each PostgreSQL serving table of the port is loaded from it in one
transaction; older snapshots are removed (they still hold the rows). Each port's deletion
is an audit entry retention.apply. Rows without a readable date are kept.

Ports whose retention cannot be enforced (no element, an element that is not a date
column, an unknown unit) are listed with the reason, never left out. Ports without a
retention are not listed (the record of processing names them as a gap).

Options:
  --apply              delete the rows that are due (default: only count them)
  --format text|json   text (default) or {"apply", "now", "ports": [...]}
  -h, --help           show this help

Exit status: 0 done (or nothing due), 1 incomplete: a port's retention cannot be
enforced, or (--apply) a serving table was not reached and still holds the rows,
2 usage or environment error.
`;

export async function runRetention(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('retention', args, {
    apply: { type: 'boolean' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(retentionHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const path = singlePath(positionals, 'retention');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(join(meshRoot, MESH_FILE)))
    throw new MeshworkError('not-found', `${path}: no ${MESH_FILE} here, so not a mesh.`);
  const model = buildMeshModel((await readMeshFiles(meshRoot)).documents);
  const report = await enforceRetention({
    meshRoot,
    env: io.env,
    model,
    apply: values.apply === true,
    now: new Date(),
    store: workspaceStore({ meshRoot, env: io.env }),
    actor: cliActor(io.env),
  });
  if (format === 'json') writeJson(io, report);
  else io.stdout(formatRetention(report, io));
  return report.complete ? 0 : 1;
}

function formatRetention(report: RetentionReport, io: CliIO): string {
  if (report.ports.length === 0)
    return 'No output port declares a retention period (slaProperties: retention).\n';
  const lines = report.ports.map((port) => portLine(port, io));
  const due = report.ports.filter((p) => p.status === 'due');
  const unreached = report.ports.flatMap((p) =>
    (p.targets ?? []).filter((t) => t.status === 'skipped'),
  );
  if (unreached.length > 0)
    lines.push(
      paint(
        io,
        'red',
        `Incomplete: ${unreached.length} serving table${unreached.length === 1 ? ' was' : 's were'} not reached and still hold${unreached.length === 1 ? 's' : ''} the rows that are due (${unreached.map((t) => t.name).join(', ')}); run again where ${unreached.length === 1 ? 'it is' : 'they are'} configured.`,
      ),
    );
  if (!report.apply && due.length > 0)
    lines.push(
      paint(
        io,
        'dim',
        `Dry run: nothing was deleted. meshwork retention --apply deletes ${due.reduce((n, p) => n + p.older, 0)} rows in ${due.length} port${due.length === 1 ? '' : 's'}.`,
      ),
    );
  return `${lines.join('\n')}\n`;
}

function portLine(port: RetentionPort, io: CliIO): string {
  const name = `${paint(io, 'bold', `${port.product} → ${port.port}`)} (contract ${port.contract})`;
  const period = port.retention ? `, retention ${port.retention}` : '';
  switch (port.status) {
    case 'not-enforceable':
      return `${paint(io, 'red', '✖')} ${name}: not enforceable: ${port.reason ?? ''}`;
    case 'not-built':
      return `- ${name}${period}: not built yet, nothing to delete`;
    case 'nothing-due':
      return `${paint(io, 'green', '✔')} ${name}${period}: ${port.rows} rows, none older than ${port.cutoff ?? ''}`;
    case 'due':
      return `${paint(io, 'yellow', '•')} ${name}${period}: ${port.older} of ${port.rows} rows older than ${port.cutoff ?? ''} are due`;
    case 'deleted': {
      const targets = (port.targets ?? []).map((t) =>
        t.status === 'skipped'
          ? `      ${paint(io, 'yellow', 'not reached')} ${t.name}: ${t.reason ?? ''}`
          : `      ${t.name}: ${t.removed} rows deleted`,
      );
      return [
        `${paint(io, 'green', '✔')} ${name}${period}: deleted ${port.older} of ${port.rows} rows older than ${port.cutoff ?? ''}`,
        ...targets,
      ].join('\n');
    }
  }
}
