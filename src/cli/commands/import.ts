import { MeshworkError } from '../../app/errors.ts';
import { importSourceOf } from '../../app/import/import-source.ts';
import type { ImportReport } from '../../app/import/run-import.ts';
import { runImport } from '../../app/import/run-import.ts';
import { maskSecrets } from '../../app/mask-secrets.ts';
import { formatDiffText } from '../diff-output.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const importHelp = `Usage: meshwork import SOURCE [--system NAME] [--schema S] [--tables a,b] [--domain D] [--mesh DIR] [--write] [--format text|json]

Writes one ODCS source contract per table of an existing system into
sources/<system>/<table>.odcs.yaml of the mesh: logical and physical types, required
from NOT NULL, primary keys with positions, unique constraints, foreign keys as
relationships, table and column comments as descriptions, and the server entry —
never a user name or password (they come from MESHWORK_<SYSTEM>_URL, _USER, _PASSWORD).
Importing again shows the drift of the existing contracts, classified as
\`meshwork diff\` does, and replaces them only with --write, keeping what was written
by hand (descriptions, quality rules, tags, custom properties; docs/import.md).

Arguments:
  SOURCE   postgresql://… or mysql://… (MariaDB too): the database's catalog, read-only
           (quote the URL in the shell); a file or glob (CSV, Parquet, JSON/NDJSON), an
           Excel .xlsx, a dbt manifest.json, a datacontract.yaml (Data Contract
           Specification) or a .sql DDL file

Options:
  --system NAME         the source system (default: the database's or file's name)
  --schema S            the database schema (PostgreSQL default public; MySQL: the database)
  --tables a,b          only these tables
  --domain D            write domain: D into the contracts
  --mesh DIR            the mesh to write into (default: the one holding this folder)
  --write               replace existing contracts that drifted (new ones are always written)
  --profile             add suggestions from the data, marked as suggestions: row counts,
                        null shares, ranges, values of low-cardinality columns, patterns,
                        personal data (the verdict of \`meshwork scan\`; no values of such columns)
  --format text|json    text (default) or the report as JSON
  -h, --help            show this help

Exit status: 0 imported (drift without breaking changes included), 1 breaking drift
without a new major version (as \`meshwork diff\`), 2 usage or environment error.
`;

/** `--tables a,b`: at most this many names, each of a sane length. */
const MAX_TABLE_NAMES = 1000;
const MAX_NAME_LENGTH = 256;

export async function runImportCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, {
    system: { type: 'string' },
    schema: { type: 'string' },
    tables: { type: 'string' },
    domain: { type: 'string' },
    mesh: { type: 'string' },
    write: { type: 'boolean' },
    profile: { type: 'boolean' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(importHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  if (positionals.length !== 1)
    throw new MeshworkError(
      'usage',
      `takes one SOURCE, got ${positionals.length}. See \`meshwork import --help\`.`,
    );
  const text = positionals[0]!;
  const source = importSourceOf(text, io.cwd);
  let report: ImportReport;
  try {
    report = await runImport(source, {
      cwd: io.cwd,
      env: io.env,
      write: values.write === true,
      ...(values.system === undefined ? {} : { system: values.system }),
      ...(values.schema === undefined ? {} : { schema: values.schema }),
      ...(values.tables === undefined ? {} : { tables: tablesOf(values.tables) }),
      ...(values.domain === undefined ? {} : { domain: domainOf(values.domain) }),
      ...(values.mesh === undefined ? {} : { mesh: values.mesh }),
      ...(values.profile === true
        ? {
            profile:
              io.isTTY && format === 'text'
                ? {
                    onTable: (table: string, index: number, count: number) =>
                      io.stderr(`profiling ${index + 1}/${count}: ${table}\n`),
                  }
                : {},
          }
        : {}),
    });
  } catch (error) {
    // Whatever failed, the URL's password is not repeated (drivers echo what they were given).
    // A file's path is no secret: masking it would hide which file could not be read.
    if (error instanceof Error && /^[a-z][a-z0-9+.-]*:\/\//i.test(text))
      error.message = maskSecrets(error.message, { url: text });
    throw error;
  }
  if (format === 'json') {
    const { imported: _imported, ...rest } = report;
    writeJson(io, rest);
  } else io.stdout(formatImportText(report, io));
  return report.drift === null || report.drift.ok ? 0 : 1;
}

function tablesOf(text: string): readonly string[] {
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (
    names.length === 0 ||
    names.length > MAX_TABLE_NAMES ||
    names.some((n) => n.length > MAX_NAME_LENGTH)
  )
    throw new MeshworkError(
      'usage',
      `--tables takes 1 to ${MAX_TABLE_NAMES} comma-separated table names.`,
    );
  return names;
}

function domainOf(text: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(text))
    throw new MeshworkError(
      'usage',
      '--domain takes a domain name in kebab-case (sales, finance-reporting).',
    );
  return text;
}

export function formatImportText(report: ImportReport, io: Pick<CliIO, 'color'>): string {
  const lines: string[] = [];
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    `${paint(io, 'bold', `Imported ${report.system}`)} from ${report.source} (${report.kind}): ${count(report.files.length, 'table')}`,
  );
  const mark = {
    created: paint(io, 'green', '✔ wrote    '),
    updated: paint(io, 'green', '✔ updated  '),
    drift: paint(io, 'yellow', '⚠ drift    '),
    unchanged: paint(io, 'dim', '· unchanged'),
    skipped: paint(io, 'yellow', '⚠ skipped  '),
    gone: paint(io, 'red', '✖ gone     '),
  } as const;
  for (const file of report.files) lines.push(`  ${mark[file.action]} ${file.file}`);
  if (report.gaps.length > 0) {
    lines.push('', paint(io, 'bold', `Not imported (${report.gaps.length})`));
    for (const gap of report.gaps)
      lines.push(`  ${paint(io, 'yellow', '⚠')} ${gap.table ?? '(the source)'}: ${gap.reason}`);
  }
  if (report.notes.length > 0) {
    lines.push('', paint(io, 'bold', `Not written into the contracts (${report.notes.length})`));
    for (const note of report.notes)
      lines.push(`  ${paint(io, 'yellow', '⚠')} ${note.table}: ${note.note}`);
  }
  if (report.profile !== null) {
    lines.push(
      '',
      `${paint(io, 'bold', 'Profiled')} ${count(report.profile.tables, 'table')}: suggestions are in customProperties (meshworkProfile, meshworkSuggestedQuality, meshworkSuggestedPersonalData), not checked until accepted.`,
    );
    for (const gap of report.profile.gaps)
      lines.push(
        `  ${paint(io, 'yellow', '⚠')} not profiled ${gap.table ?? '(the source)'}: ${gap.reason}`,
      );
  }
  if (report.drift !== null) {
    lines.push('', paint(io, 'bold', 'Drift against the existing contracts'), '');
    lines.push(formatDiffText(report.drift, io).trimEnd());
    if (report.files.some((f) => f.action === 'gone'))
      lines.push(
        '',
        'A table marked gone is no longer in the source; its contract was left as it is: delete it by hand when nothing reads it.',
      );
    if (report.files.some((f) => f.action === 'drift'))
      lines.push(
        '',
        'Nothing of the drift was written: run again with --write to update the contracts.',
      );
  }
  lines.push('');
  if (report.credentials !== null) {
    const [url, user, password] = report.credentials;
    lines.push(
      `Credentials are not in the contracts: for \`meshwork test\` set ${url} (a URL with user and password), or ${user} and ${password}.`,
    );
  }
  lines.push('Next: meshwork validate, then meshwork test ' + report.folder);
  return `${lines.join('\n')}\n`;
}
