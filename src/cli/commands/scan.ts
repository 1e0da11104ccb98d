import { classifyColumn } from '../../core/privacy/scan/classify.ts';
import type { ScanColumnResult } from '../../core/privacy/scan/model.ts';
import { MeshworkError } from '../../app/errors.ts';
import {
  DEFAULT_MIN_CONFIDENCE,
  DEFAULT_SAMPLE_ROWS,
  MAX_SAMPLE_ROWS,
  applySuggestions,
  sampleRowsOf,
  scanTarget,
  scanTargetOf,
} from '../../app/privacy/scan/index.ts';
import type { ApplyOutcome, ScanReport } from '../../app/privacy/scan/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const scanHelp = `Usage: meshwork scan TARGET [--server NAME] [--schema NAME] [--sample N] [--format text|json] [--apply] [--min-confidence X]

Finds personal data: samples each table in its engine and judges every column by its
name (German and English) and its content (e-mail, phone, IBAN, card number, Steuer-ID,
IP address, date of birth, person name, street address; checksums where there are any).
Sampled values stay in the engine and in memory for the judgement only: they are never
printed, stored or logged.

Arguments:
  TARGET   a data contract (.odcs.yaml): its declared columns, read from its server
           a file or glob (CSV, Parquet, JSON; a glob is read as one table), or a
           DuckDB database file (.duckdb): every table of --schema (default main)
           a database URL (postgresql://…, mysql://…): every table of --schema
           (PostgreSQL default public, MySQL the URL's database); quote it in the shell

Options:
  --server NAME          the contract's server to read (default: the first configured
                         here, as \`meshwork test\` chooses)
  --schema NAME          the database schema; for a contract, only this schema object
  --sample N             rows sampled per table (default ${DEFAULT_SAMPLE_ROWS}, at most ${MAX_SAMPLE_ROWS})
  --format text|json     text (default), or { "columns": [...] } with what was sampled
                         and what could not be scanned
  --apply                write the suggestions into the contract (contract targets only):
                         tags += pii, classification: restricted where none is set, and
                         the customProperty meshworkPersonalDataCategory; comments and
                         layout of the file are kept
  --min-confidence X     --apply writes suggestions at least this confident (default ${DEFAULT_MIN_CONFIDENCE})
  -h, --help             show this help

Exit status: 0 scanned, 1 something could not be scanned (listed), 2 usage or environment error.
`;

export async function runScan(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', args, {
    server: { type: 'string' },
    schema: { type: 'string' },
    sample: { type: 'string' },
    format: { type: 'string' },
    apply: { type: 'boolean' },
    'min-confidence': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(scanHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  if (positionals.length !== 1) {
    throw new MeshworkError(
      'usage',
      `takes one TARGET, got ${positionals.length}. See \`meshwork scan --help\`.`,
    );
  }
  const target = scanTargetOf(positionals[0]!, io.cwd);
  if (values.apply && target.kind !== 'contract')
    throw new MeshworkError('usage', '--apply writes into a contract: the target is not one.');
  const minConfidence = confidenceOf(values['min-confidence']);
  const rows = sampleRowsOf(values.sample);
  const progress = io.isTTY && format === 'text';
  const report = await scanTarget({
    target,
    cwd: io.cwd,
    rows,
    env: io.env,
    classify: (input) => classifyColumn(input),
    ...(values.server === undefined ? {} : { server: values.server }),
    ...(values.schema === undefined ? {} : { schema: values.schema }),
    ...(progress
      ? {
          onObject: (object: string, index: number, count: number) =>
            io.stderr(`\r\u001b[Kscanning ${printable(object)} (${index + 1}/${count})`),
        }
      : {}),
  });
  if (progress) io.stderr('\r\u001b[K');
  const applied =
    values.apply && target.kind === 'contract'
      ? {
          ...(await applySuggestions(target.file, report.columns, minConfidence)),
          file: report.target,
        }
      : undefined;
  if (format === 'json') writeJson(io, applied ? { ...report, applied } : report);
  else io.stdout(formatScanText(report, applied, io));
  return report.notScanned.length > 0 ? 1 : 0;
}

function confidenceOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MIN_CONFIDENCE;
  const n = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (Number.isNaN(n))
    throw new MeshworkError(
      'usage',
      `--min-confidence must be a number from 0 to 1, not "${value.slice(0, 20)}".`,
    );
  return n;
}

/**
 * Names come from files and databases anyone may have made: control characters (a
 * terminal's escape sequences among them) are shown as `?`.
 */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function columnName(column: { object: string; property: string }): string {
  return printable(`${column.object}.${column.property}`);
}

export function formatScanText(
  report: ScanReport,
  applied: ApplyOutcome | undefined,
  io: Pick<CliIO, 'color'>,
): string {
  const lines: string[] = [];
  lines.push(
    paint(io, 'bold', `Scanned ${printable(report.target)}`) +
      (report.server ? ` — server ${printable(report.server)}` : ''),
  );
  for (const s of report.sampled)
    lines.push(paint(io, 'dim', `  ${printable(s.object)}: ${s.rows} rows sampled — ${s.method}`));
  const found = report.columns.filter((c) => c.category !== null);
  const none = report.columns.filter((c) => c.category === null);
  if (found.length > 0) lines.push('');
  const width = Math.min(48, Math.max(0, ...found.map((c) => columnName(c).length)));
  const undeclared = new Set(
    (report.undeclared ?? []).map((c) => `${c.object}\u0000${c.property}`),
  );
  const isUndeclared = (c: ScanColumnResult) => undeclared.has(`${c.object}\u0000${c.property}`);
  for (const column of found) {
    lines.push(
      `${paint(io, 'bold', columnName(column).padEnd(width))}  ${paint(io, confidenceStyle(column), `${column.category} (${column.confidence.toFixed(2)})`)}` +
        (isUndeclared(column) ? paint(io, 'yellow', '  not declared in the contract') : ''),
    );
    for (const reason of column.reasons) lines.push(`    ${printable(reason)}`);
  }
  if (none.length > 0) {
    lines.push(
      '',
      paint(
        io,
        'dim',
        `No personal data recognised in ${none.length} column${none.length === 1 ? '' : 's'}:`,
      ),
    );
    for (const column of none) {
      const why = column.reasons.length > 0 ? ` — ${column.reasons.map(printable).join('; ')}` : '';
      lines.push(paint(io, 'dim', `  ${columnName(column)}${why}`));
    }
  }
  if (report.notScanned.length > 0) {
    lines.push('', paint(io, 'yellow', 'Not scanned:'));
    for (const gap of report.notScanned) {
      const what = gap.property === null ? gap.object : `${gap.object}.${gap.property}`;
      lines.push(`  ${printable(what)}: ${printable(gap.reason)}`);
    }
  }
  if (applied) lines.push('', ...appliedLines(applied, io));
  const counts = new Map<string, number>();
  for (const column of found) counts.set(column.category!, (counts.get(column.category!) ?? 0) + 1);
  const byCategory = [...counts].map(([category, n]) => `${category} ${n}`).join(', ');
  lines.push(
    '',
    `${found.length} of ${report.columns.length} columns look like personal data${byCategory ? ` (${byCategory})` : ''}` +
      (report.notScanned.length > 0 ? `; ${report.notScanned.length} not scanned` : '') +
      '.',
  );
  return `${lines.join('\n')}\n`;
}

function confidenceStyle(column: ScanColumnResult): 'green' | 'yellow' {
  return column.confidence >= DEFAULT_MIN_CONFIDENCE ? 'green' : 'yellow';
}

function appliedLines(outcome: ApplyOutcome, io: Pick<CliIO, 'color'>): string[] {
  const lines: string[] = [];
  lines.push(
    paint(
      io,
      'bold',
      outcome.written
        ? `Written into ${printable(outcome.file)}:`
        : `Nothing new to write into ${printable(outcome.file)}.`,
    ),
  );
  for (const a of outcome.applied) lines.push(`  ${columnName(a)}: ${a.changes.join(', ')}`);
  for (const k of outcome.kept)
    lines.push(
      paint(io, 'dim', `  not written ${columnName(k)} (${k.category}): ${printable(k.reason)}`),
    );
  return lines;
}
