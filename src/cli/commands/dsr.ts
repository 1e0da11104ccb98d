import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import { auditSubjectSearch } from '../../app/privacy/dsr/dsr-audit.ts';
import { writeSubjectExport } from '../../app/privacy/dsr/export-subject.ts';
import type { SubjectSearch } from '../../app/privacy/dsr/find-subject.ts';
import { searchSubject } from '../../app/privacy/dsr/find-subject.ts';
import type { SubjectMatch } from '../../app/privacy/dsr/locate-subject.ts';
import type { SubjectIdentifier } from '../../core/privacy/subject-keys.ts';
import { parseSubject } from '../../core/privacy/subject-keys.ts';
import { activeGrantsOf, withStore, workspaceSubjectKey } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson, cliActor } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const dsrHelp = `Usage: meshwork dsr find --subject KIND=VALUE [MESH] [--format text|json]
       meshwork dsr export --subject KIND=VALUE --out DIR [MESH] [--max-rows N]
       meshwork dsr erase --subject KIND=VALUE --mode delete|pseudonymise [MESH]

Data subject requests (GDPR Art. 15, 17). Contracts declare which columns identify a
person with the custom property meshworkSubjectKey (a kind: email, customer-id, …).

find     searches every product output port (its served snapshot, and the PostgreSQL
         tables it is served into where configured here) and every source contract with
         a column of that kind, each by its own engine: one count per object, nothing
         matched in JavaScript. A row found by one identifier yields the person's other
         identifiers in it (their customer id, customer number), and the search repeats
         for those — so an order table keyed by customer id is found by e-mail.
         Values are compared lower-case, with leading and trailing spaces removed.
export   writes what was found (Art. 15) into DIR (a new folder, 0700): subject.json
         with every object's rows, the product's purpose and its recipients (teams with
         active grants: purpose, until), and one CSV per object (formula-safe cells).
erase    removes (or pseudonymises) the person from every output port's snapshot and
         serving tables, makes tasks for the owners of sources, suppresses them in later
         builds — see \`meshwork dsr erase --help\`.

Both name what they could not search (a server not configured here, a port never built,
a malformed declaration) — the answer is then incomplete. Both write an audit entry
(dsr.find, dsr.export) with a keyed hash of the person, never the value.

Options:
  --subject KIND=VALUE  the identifier, e.g. email=anna@example.com; KIND=- reads the
                        value from standard input (out of the process list and history)
  --format F            (find) text (default) or json
  --out DIR             (export) the folder to create; must not exist or be empty
  --max-rows N          (export) rows per object at most (default 10000, max 100000)
  -h, --help            show this help

Exit status: 0 searched everything, 1 something could not be searched (listed),
2 usage or environment error.
`;

const DEFAULT_MAX_ROWS = 10_000;
const MAX_ROWS = 100_000;

export async function runDsr(args: readonly string[], io: CliIO): Promise<number> {
  // erase has options of its own (--mode): its file parses them (dsr-erase.ts).
  if (args[0] === 'erase')
    return (await import('./dsr-erase.ts')).runDsrErase(args.slice(1), io, (v) => subjectOption(v));
  const { values, positionals } = parseCommandArgs('dsr', args, {
    subject: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'max-rows': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout(dsrHelp);
    return values.help ? 0 : 2;
  }
  if (action !== 'find' && action !== 'export')
    throw new MeshworkError(
      'usage',
      `unknown dsr action "${action.slice(0, 40)}" (there are: find, export, erase). See \`meshwork dsr --help\`.`,
    );
  const subject = await subjectOption(values.subject);
  const path = singlePath(rest, 'dsr');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot)) throw new MeshworkError('not-found', `${path}: no such folder.`);
  if (action === 'find') {
    if (values.out !== undefined || values['max-rows'] !== undefined)
      throw new MeshworkError('usage', '--out and --max-rows belong to `meshwork dsr export`.');
    const format = formatOption(values.format, ['text', 'json'], 'format');
    return find(io, meshRoot, subject, format);
  }
  if (values.format !== undefined)
    throw new MeshworkError('usage', '--format belongs to `meshwork dsr find`.');
  if (values.out === undefined)
    throw new MeshworkError('usage', '`meshwork dsr export` needs --out DIR.');
  return exportSubject(
    io,
    meshRoot,
    subject,
    resolve(io.cwd, values.out),
    maxRows(values['max-rows']),
  );
}

/**
 * `--subject KIND=VALUE`; `KIND=-` reads the value from the first line of standard input,
 * so that it stays out of the process list and the shell's history.
 */
export async function subjectOption(
  value: string | undefined,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<SubjectIdentifier> {
  if (value === undefined)
    throw new MeshworkError(
      'usage',
      'name the person with --subject KIND=VALUE, e.g. --subject email=anna@example.com.',
    );
  const given = value.endsWith('=-') ? `${value.slice(0, -1)}${await firstLine(stdin)}` : value;
  const parsed = parseSubject(given);
  if ('error' in parsed) throw new MeshworkError('usage', `--subject: ${parsed.error}.`);
  return parsed.subject;
}

const MAX_STDIN_BYTES = 1024;

/** The first line of the stream, read until a line break or MAX_STDIN_BYTES (then refused). */
async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const end = text.search(/\r?\n/);
    if (end >= 0) return text.slice(0, end);
    if (text.length > MAX_STDIN_BYTES) break;
  }
  if (text.length > MAX_STDIN_BYTES)
    throw new MeshworkError(
      'usage',
      `--subject KIND=-: standard input holds more than ${MAX_STDIN_BYTES} bytes before a line break.`,
    );
  return text;
}

function maxRows(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ROWS;
  const n = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROWS)
    throw new MeshworkError(
      'usage',
      `--max-rows must be a whole number from 1 to ${MAX_ROWS}, not "${value.slice(0, 20)}".`,
    );
  return n;
}

/** Who ran it: a CLI has no Meshwork account, so the entry is the system's, with the OS user. */
function cliDetails(): Record<string, string> {
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // no user entry for this uid (a container): the entry still names the channel
  }
  return { channel: 'cli', osUser };
}

async function find(
  io: CliIO,
  meshRoot: string,
  subject: SubjectIdentifier,
  format: string,
): Promise<number> {
  // First: a shared store without MESHWORK_SUBJECT_KEY is refused before anything is searched.
  const key = await workspaceSubjectKey({ meshRoot, env: io.env });
  const search = await searchSubject({ meshRoot, subject, env: io.env });
  // The request is audited before anything is shown: an answer without its entry is not given.
  const hash = await withStore({ meshRoot, env: io.env }, (store) =>
    auditSubjectSearch(store, {
      action: 'dsr.find',
      actor: cliActor(io.env),
      key,
      value: subject.value,
      location: search.location,
      details: { ...cliDetails(), declarationProblems: search.declarationFindings.length },
    }),
  );
  if (format === 'json') writeJson(io, findJson(search, hash));
  else io.stdout(findText(search, hash, io));
  return search.complete ? 0 : 1;
}

async function exportSubject(
  io: CliIO,
  meshRoot: string,
  subject: SubjectIdentifier,
  outDir: string,
  rows: number,
): Promise<number> {
  const key = await workspaceSubjectKey({ meshRoot, env: io.env });
  const search = await searchSubject({ meshRoot, subject, env: io.env, collectRows: rows });
  const grants = await activeGrantsOf(meshRoot, io.env);
  // The export is audited once its files are complete and before they are put in place: an
  // export without its entry is not published.
  const written = await writeSubjectExport({
    outDir,
    model: search.model,
    location: search.location,
    grants,
    beforePublish: (files) =>
      withStore({ meshRoot, env: io.env }, async (store) => {
        await auditSubjectSearch(store, {
          action: 'dsr.export',
          actor: cliActor(io.env),
          key,
          value: subject.value,
          location: search.location,
          details: { ...cliDetails(), files: files.files.length, exportedRows: files.rows },
        });
      }),
  });
  io.stdout(
    `Exported ${written.rows} row${written.rows === 1 ? '' : 's'} of ${written.objects} object${written.objects === 1 ? '' : 's'} to ${outDir} (${written.files.join(', ')}).\n`,
  );
  io.stdout(incompleteText(search, io));
  return search.complete ? 0 : 1;
}

function matchJson(match: SubjectMatch) {
  return {
    product: match.product,
    port: match.port,
    contract: match.contract,
    object: match.object,
    rows: match.rows,
    source: match.source,
    via: match.via,
    contractPath: match.contractPath,
    read: match.read,
  };
}

function findJson(search: SubjectSearch, hash: string) {
  const { location } = search;
  return {
    kind: location.kind,
    subjectHash: hash,
    complete: search.complete,
    matches: location.matches.map(matchJson),
    searched: location.searched.map(matchJson),
    notSearched: location.notSearched,
    notAsked: location.notAsked.map(({ keys: _keys, ...rest }) => rest),
    linked: linkedCounts(search),
    linking: location.linking,
    notCovered: search.notCovered,
    rounds: location.rounds,
    warnings: location.warnings,
    declarationFindings: search.declarationFindings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      code: f.code,
      message: f.message,
    })),
  };
}

/** How many identifiers of each kind the person has, the asked one included (values never shown). */
function linkedCounts(search: SubjectSearch): { kind: string; identifiers: number }[] {
  return [...search.location.identifiers]
    .map(([kind, values]) => ({ kind, identifiers: values.size }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

function place(match: {
  product: string | null;
  port: string | null;
  source: string | null;
  contract: string;
  object: string;
}): string {
  return match.product !== null
    ? `product ${match.product}, port ${match.port ?? '?'}, object ${match.object}`
    : `source ${match.source ?? '?'}, contract ${match.contract}, object ${match.object}`;
}

function findText(search: SubjectSearch, hash: string, io: CliIO): string {
  const { location } = search;
  const lines: string[] = [];
  const total = location.matches.reduce((sum, m) => sum + m.rows, 0);
  lines.push(
    `Subject ${location.kind} (keyed hash ${hash.slice(0, 12)}…): ${
      location.matches.length === 0
        ? 'not found'
        : `${total} row${total === 1 ? '' : 's'} in ${location.matches.length} object${location.matches.length === 1 ? '' : 's'}`
    } (${location.searched.length} searched).`,
  );
  for (const match of location.matches) {
    const read =
      match.read.kind === 'snapshot'
        ? `snapshot ${match.read.snapshot}`
        : `server ${match.read.server} (${match.read.type}) ${match.read.table}`;
    lines.push(
      `  ${paint(io, 'bold', place(match))}: ${match.rows} row${match.rows === 1 ? '' : 's'} — ${read}, found by ${match.via.join(', ')}`,
    );
  }
  const linked = linkedCounts(search).filter((l) => l.kind !== location.kind || l.identifiers > 1);
  if (linked.length > 0)
    lines.push(
      `Linked identifiers followed: ${linked.map((l) => `${l.kind} (${l.identifiers})`).join(', ')}, in ${location.rounds} rounds.`,
    );
  if (location.notAsked.length > 0)
    lines.push(
      `Not asked (no identifier of their kind was found for the person): ${location.notAsked
        .map((n) => `${place(n)} (${n.kinds.join(', ')})`)
        .join('; ')}.`,
    );
  return `${lines.join('\n')}\n${incompleteText(search, io)}`;
}

function incompleteText(search: SubjectSearch, io: CliIO): string {
  const { location } = search;
  const lines: string[] = [];
  if (location.notSearched.length > 0) {
    lines.push(paint(io, 'yellow', 'Not searched — the answer is incomplete:'));
    for (const n of location.notSearched) lines.push(`  ${place(n)}: ${n.where}: ${n.reason}`);
  }
  for (const warning of location.warnings) lines.push(paint(io, 'yellow', `Warning: ${warning}.`));
  if (location.linking.extraFrom.length > 0)
    lines.push(
      `  the further ${location.kind} identifiers were read from: ${location.linking.extraFrom.map(place).join('; ')}`,
    );
  if (search.notCovered.length > 0) {
    lines.push(
      paint(io, 'yellow', 'Not covered — personal data but no subject key, so not searched:'),
    );
    for (const n of search.notCovered)
      lines.push(
        `  product ${n.product}, port ${n.port}, object ${n.object} (${n.contractPath}): ${n.personalColumns} personal column${n.personalColumns === 1 ? '' : 's'}`,
      );
  }
  if (search.declarationFindings.length > 0) {
    lines.push(
      paint(
        io,
        'yellow',
        'Malformed declarations — these columns were not searched (see `meshwork validate`):',
      ),
    );
    for (const f of search.declarationFindings)
      lines.push(`  ${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
