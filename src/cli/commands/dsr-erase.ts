import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import type { EraseResult } from '../../app/privacy/erase/erase-subject.ts';
import { eraseSubject } from '../../app/privacy/erase/erase-subject.ts';
import { readMeshFiles } from '../../app/workspace/read-mesh.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import type { ErasureMode } from '../../core/privacy/dsr-model.ts';
import type { SubjectIdentifier } from '../../core/privacy/subject-keys.ts';
import { withStore, workspaceSubjectKey } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson, cliActor } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const dsrEraseHelp = `Usage: meshwork dsr erase --subject KIND=VALUE --mode delete|pseudonymise [MESH] [options]

Erases a data subject (GDPR Art. 17) from what Meshwork writes. The person is found as
\`meshwork dsr find\` finds them (following linked identifiers, e.g. e-mail → customer id),
then:
  - every output port holding them gets a new snapshot without their rows (delete) or with
    their personal columns replaced by a keyed pseudonym (pseudonymise), switched
    atomically; the port's PostgreSQL serving tables are loaded again from it in one
    transaction; older snapshots of the port are removed (they still held the person)
  - every source holding them becomes a task for its owners (Meshwork does not write
    sources; the portal lists the tasks), with the identifier's kind and column
  - each identifier becomes a suppression: a later build drops (or pseudonymises) the
    person again while a source still holds them
Each step is in the audit trail (dsr.erase, dsr.task) with a keyed hash of the person,
never the value. Running it again is harmless: nothing found means nothing rewritten, and
open tasks and suppressions are not made twice.

Options:
  --subject KIND=VALUE   the identifier, e.g. email=anna@example.com (a subject-key kind);
                         KIND=- reads the value from standard input (first line), so it
                         stays out of the process list and the shell history
  --mode MODE            delete or pseudonymise (required)
  --accept-linked        erase although the links are ambiguous: the asked kind led to
                         more than one identifier of that kind (e.g. two customers who
                         entered the same e-mail address), or a bound of the
                         link-following was reached. Without it such an erasure is
                         refused (exit 1, nothing erased, nothing suppressed); give it
                         only after \`meshwork dsr find\` showed every row is the person's
  --format text|json     readable lines (default) or the result as JSON
  -h, --help             show this help

MESH is the mesh repository (default: the current folder). The keyed hash uses
MESHWORK_SUBJECT_KEY, else a key derived from the workspace's pseudonym key.
Exit status: 0 the person is gone from every port (tasks for sources may be open), 1 not
everything could be erased or searched (said in the output; a malformed subject-key
declaration counts), or the erasure was refused as ambiguous (see --accept-linked), 2 usage or environment error,
or a kind no contract declares (refused: erasing nobody is not a clean erasure).
`;

const MODES: readonly ErasureMode[] = ['delete', 'pseudonymise'];

/**
 * Called by `meshwork dsr` (dsr.ts), which hands in its reading of `--subject` (KIND=- from
 * standard input included), so both commands read a person the same way.
 */
export async function runDsrErase(
  args: readonly string[],
  io: CliIO,
  subjectOption: (value: string | undefined) => Promise<SubjectIdentifier>,
): Promise<number> {
  const { values, positionals } = parseCommandArgs('dsr erase', args, {
    subject: { type: 'string' },
    mode: { type: 'string' },
    format: { type: 'string' },
    'accept-linked': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(dsrEraseHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const subject = await subjectOption(values.subject);
  if (values.mode === undefined || !(MODES as readonly string[]).includes(values.mode))
    throw new MeshworkError(
      'usage',
      `dsr erase needs --mode delete or --mode pseudonymise${values.mode === undefined ? '' : `, not "${values.mode.slice(0, 40)}"`}. See \`meshwork dsr erase --help\`.`,
    );
  const mode = values.mode as ErasureMode;
  const path = singlePath(positionals, 'dsr erase');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot)) throw new MeshworkError('not-found', `${path}: no such folder.`);
  const read = await readMeshFiles(meshRoot);
  const model = buildMeshModel(read.documents);
  const key = await workspaceSubjectKey({ meshRoot, env: io.env });
  const result = await withStore({ meshRoot, env: io.env }, (store) =>
    eraseSubject({
      meshRoot,
      model,
      env: io.env,
      store,
      key,
      actor: cliActor(io.env),
      subject,
      mode,
      acceptLinked: values['accept-linked'] === true,
    }),
  );
  if (format === 'json') writeJson(io, result);
  else io.stdout(formatErase(result, io));
  return result.complete ? 0 : 1;
}

export function formatErase(result: EraseResult, io: Pick<CliIO, 'color'>): string {
  const lines: string[] = [];
  if (result.refused !== undefined)
    return `${paint(io, 'red', `✖ erasure ${result.requestId} ${result.refused}`)}\nNothing was erased, no suppression or task was stored.\n`;
  const verb = result.mode === 'delete' ? 'removed' : 'pseudonymised';
  lines.push(
    `${paint(io, 'bold', `erasure ${result.requestId}`)} (${result.mode}, ${result.kind} ${paint(io, 'dim', `#${result.subjectHash.slice(0, 12)}`)})`,
  );
  lines.push('', paint(io, 'bold', 'Output ports'));
  if (result.ports.length === 0) lines.push('  none holds the person');
  for (const port of result.ports) {
    const name = `${port.product}/${port.port}`;
    if (port.status === 'failed')
      lines.push(`  ${paint(io, 'red', '✖')} ${name}: not erased — ${port.reason ?? ''}`);
    else if (port.status === 'rewritten')
      lines.push(
        `  ${paint(io, 'green', '✔')} ${name}: ${port.rows} row${port.rows === 1 ? '' : 's'} ${verb}, snapshot ${port.snapshot ?? ''}`,
      );
    else
      lines.push(
        `  - ${name}: ${port.status === 'not-built' ? 'not built' : 'no row in its snapshot'}`,
      );
    for (const target of port.targets.filter((t) => t.kind === 'serving'))
      lines.push(
        target.status === 'skipped'
          ? `      ${paint(io, 'yellow', '!')} ${target.name}: ${target.reason ?? 'skipped'}`
          : `      ${target.name}: loaded again from the new snapshot`,
      );
  }
  lines.push('', paint(io, 'bold', 'Tasks for source owners'));
  if (result.tasks.length === 0) lines.push('  no source holds the person');
  for (const task of result.tasks)
    if (task.notMade !== undefined)
      lines.push(
        `  ${paint(io, 'red', '✖')} ${task.system}: ${task.contractPath} object ${task.object}, ${task.rows} row${task.rows === 1 ? '' : 's'}: no task made — ${task.notMade}`,
      );
    else
      lines.push(
        `  ${task.created ? '+' : '='} ${task.system}: ${task.contractPath} object ${task.object}, ${task.rows} row${task.rows === 1 ? '' : 's'} by ${task.kind} (column ${task.column}) ${paint(io, 'dim', task.created ? `task ${task.id}` : `open task ${task.id} already`)}`,
      );
  const created = result.suppressions.filter((s) => s.created).length;
  const perKind = new Map<string, number>();
  for (const s of result.suppressions) perKind.set(s.kind, (perKind.get(s.kind) ?? 0) + 1);
  const kinds = [...perKind].map(([kind, n]) => (n === 1 ? kind : `${kind} ×${n}`)).join(', ');
  lines.push(
    '',
    `${paint(io, 'bold', 'Suppressions')}: ${result.suppressions.length} identifier${result.suppressions.length === 1 ? '' : 's'} (${kinds}), ${created} new — later builds leave the person out`,
  );
  if (result.notSearched.length > 0) {
    lines.push('', paint(io, 'yellow', 'Not searched (may still hold the person)'));
    for (const n of result.notSearched)
      lines.push(
        `  ${n.product ? `${n.product}/${n.port ?? ''}` : n.contractPath} ${n.object}: ${n.reason}`,
      );
  }
  for (const warning of result.warnings) lines.push(paint(io, 'yellow', `! ${warning}`));
  if (result.declarationFindings.length > 0) {
    lines.push(
      '',
      paint(io, 'yellow', 'Malformed declarations — these columns were not searched nor erased:'),
    );
    for (const f of result.declarationFindings)
      lines.push(`  ${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`);
  }
  if (result.notCovered.length > 0) {
    lines.push(
      '',
      paint(io, 'yellow', 'Not covered — personal data but no subject key, so not erased:'),
    );
    for (const n of result.notCovered)
      lines.push(
        `  ${n.product}/${n.port} ${n.object} (${n.contractPath}): ${n.personalColumns} personal column${n.personalColumns === 1 ? '' : 's'}`,
      );
  }
  if (result.remaining.length > 0) {
    lines.push('', paint(io, 'red', 'Still found after the erasure'));
    for (const r of result.remaining)
      lines.push(
        `  ${r.product}/${r.port} ${r.object}: ${r.rows} row${r.rows === 1 ? '' : 's'} in ${r.where}`,
      );
  }
  lines.push(
    '',
    !result.complete
      ? paint(io, 'yellow', '! not everything could be erased or searched — see above')
      : result.notCovered.length === 0
        ? paint(io, 'green', '✔ the person is gone from everything Meshwork writes')
        : // Complete for every declared subject key, but a port without one may still hold
          // the person: the success line must not claim more than was searched.
          paint(
            io,
            'yellow',
            `✔ the person is gone from every port with a subject key; ${result.notCovered.length} port${result.notCovered.length === 1 ? '' : 's'} with personal data but no subject key ${result.notCovered.length === 1 ? 'was' : 'were'} not searched (above)`,
          ),
  );
  return `${lines.join('\n')}\n`;
}
