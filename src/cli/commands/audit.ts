import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { AuditExportFormat, AuditSink, AuditVerification } from '../../app/audit/index.ts';
import {
  AUDIT_EXPORT_FORMATS,
  exportAudit,
  isIntact,
  verifyAudit,
  writableSink,
} from '../../app/audit/index.ts';
import { MeshworkError } from '../../app/errors.ts';
import { shownId } from '../../core/audit/index.ts';
import { withStore } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const auditHelp = `Usage: meshwork audit verify [MESH] [--anchor HASH]... [--format text|json]
       meshwork audit export [MESH] [--format jsonl|csv] [--out FILE] [--after-seq N]

The audit trail is a hash chain: every entry (sign-ins, account and token changes,
access requests, decisions, grants, revocations, expiries, policy adaptations) carries
the hash of the one before.

verify   checks every entry against its hash and its link to the one before, and names
         the first broken entry: edited, deleted, inserted or reordered. Prints the head
         hash: note it outside the store (a ticket, a signed mail, another system) and
         pass it later with --anchor; the chain alone cannot show that its newest
         entries were cut off or that the whole log was rewritten with new hashes.
export   writes the trail oldest first: jsonl (each entry as stored, hashes included, so
         the file can be verified again) or csv (for spreadsheets; a cell starting with
         = + - @ gets a leading apostrophe so that it is never run as a formula).

Works on the store \`meshwork serve\` uses for MESH (default: the current folder):
MESH/.meshwork/store/, or PostgreSQL when MESHWORK_DATABASE_URL is set.

Options:
  --anchor HASH     (verify) a head hash noted earlier that must still be in the chain;
                    may be given more than once
  --format F        verify: text (default) or json; export: jsonl (default) or csv
  --out FILE        (export) write to FILE (created 0600, replaced only when complete)
                    instead of standard output
  --after-seq N     (export) only the entries after seq N, to continue an earlier export
  -h, --help        show this help

Exit status: 0 intact (verify) or exported, 1 the trail is broken or an anchor is
missing (verify), 2 usage or environment error.
`;

const HASH = /^[0-9a-f]{64}$/;

export async function runAudit(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, {
    anchor: { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string' },
    'after-seq': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout(auditHelp);
    return values.help ? 0 : 2;
  }
  if (action !== 'verify' && action !== 'export')
    throw new MeshworkError(
      'usage',
      `unknown audit action "${action}" (there are: verify, export). See \`meshwork audit --help\`.`,
    );
  const onlyFor = (option: string, owner: string): void => {
    throw new MeshworkError('usage', `--${option} belongs to \`meshwork audit ${owner}\`.`);
  };
  if (action === 'verify' && values.out !== undefined) onlyFor('out', 'export');
  if (action === 'verify' && values['after-seq'] !== undefined) onlyFor('after-seq', 'export');
  if (action === 'export' && values.anchor !== undefined) onlyFor('anchor', 'verify');
  const path = singlePath(rest, 'audit');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot)) throw new MeshworkError('not-found', `${path}: no such folder.`);
  const store = { meshRoot, env: io.env };

  if (action === 'verify') {
    const format = formatOption(values.format, ['text', 'json'], 'format');
    const anchors = (values.anchor ?? []).map((a) => a.trim().toLowerCase());
    const bad = anchors.find((a) => !HASH.test(a));
    if (bad !== undefined)
      throw new MeshworkError(
        'usage',
        `--anchor must be a head hash as \`meshwork audit verify\` prints it (64 hex digits), not "${bad.slice(0, 80)}".`,
      );
    const verification = await withStore(store, (s) => verifyAudit(s, { anchors }));
    if (format === 'json') writeJson(io, verificationJson(verification));
    else io.stdout(verificationText(verification, io));
    return isIntact(verification) ? 0 : 1;
  }

  const format = formatOption(values.format, AUDIT_EXPORT_FORMATS, 'format') as AuditExportFormat;
  const afterSeq = afterSeqOption(values['after-seq']);
  const options = { format, ...(afterSeq !== undefined ? { afterSeq } : {}) };
  if (values.out === undefined) {
    const sink: AuditSink = (chunk) => io.stdout(chunk);
    await withStore(store, (s) => exportAudit(s, options, sink));
    return 0;
  }
  const out = resolve(io.cwd, values.out);
  const { count } = await withStore(store, (s) => exportToFile(s, options, out));
  io.stdout(
    `Exported ${count} audit ${count === 1 ? 'entry' : 'entries'} (${format}) to ${values.out}.\n`,
  );
  return 0;
}

function afterSeqOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value))
    throw new MeshworkError(
      'usage',
      `--after-seq must be a whole number ≥ 0, not "${value.slice(0, 40)}".`,
    );
  return Number(value);
}

/**
 * Writes to a file beside FILE and renames it over FILE once complete: a failed export
 * leaves no file that looks like a whole trail. 0600: the trail names people.
 */
async function exportToFile(
  store: Parameters<typeof exportAudit>[0],
  options: Parameters<typeof exportAudit>[1],
  out: string,
): Promise<{ count: number }> {
  // Random and created exclusively: a link planted at a predictable name would receive the trail.
  const partial = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  const stream = createWriteStream(partial, { mode: 0o600, flags: 'wx' });
  try {
    const result = await exportAudit(store, options, writableSink(stream));
    stream.end();
    await finished(stream);
    await rename(partial, out);
    return result;
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    throw new MeshworkError('io', `cannot export the audit trail to ${out}: ${describe(error)}`, {
      cause: error,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function verificationJson(verification: AuditVerification) {
  const { verdict, missingAnchors } = verification;
  return verdict.ok
    ? {
        intact: missingAnchors.length === 0,
        count: verdict.count,
        headSeq: verdict.headSeq,
        headHash: verdict.headHash,
        missingAnchors,
      }
    : { intact: false, checked: verdict.count, broken: verdict.broken, missingAnchors };
}

function verificationText(verification: AuditVerification, io: CliIO): string {
  const { verdict, missingAnchors } = verification;
  const lines: string[] = [];
  if (!verdict.ok) {
    const b = verdict.broken;
    lines.push(
      `${paint(io, 'red', '✖')} audit trail broken at entry ${b.position} (seq ${b.seq ?? 'none'}, id ${shownId(b.id)}): ${paint(io, 'bold', b.kind)}`,
      `  ${b.message}`,
      `  (${verdict.count} ${verdict.count === 1 ? 'entry' : 'entries'} read; nothing after the first break is trusted)`,
    );
  } else {
    const mark = missingAnchors.length === 0 ? paint(io, 'green', '✔') : paint(io, 'red', '✖');
    lines.push(
      `${mark} audit chain intact: ${verdict.count} ${verdict.count === 1 ? 'entry' : 'entries'}, head seq ${verdict.headSeq}`,
      `  head hash ${verdict.headHash}`,
    );
    for (const anchor of missingAnchors)
      lines.push(
        `  anchor ${anchor} is not in the chain: the trail was cut off or rewritten since it was noted`,
      );
    if (missingAnchors.length === 0)
      lines.push(
        '  Note the head hash outside this store; `meshwork audit verify --anchor HASH` later shows the trail still holds it.',
      );
  }
  return `${lines.join('\n')}\n`;
}
