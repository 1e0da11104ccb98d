import {
  discoveryMermaid,
  MAX_STATEMENTS,
  MAX_TABLES_PER_STATEMENT,
} from '../../core/discover/index.ts';
import { MeshworkError } from '../../app/errors.ts';
import { discoverDomains, discoverSourceOf } from '../../app/discover/index.ts';
import type { CoAccessEvidence, DiscoverReport } from '../../app/discover/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const discoverHelp = `Usage: meshwork discover domains SOURCE [--schema NAME] [--format text|json|mermaid] [--resolution R]

Suggests domains: groups of tables that belong together, found by community detection
(Louvain) on the graph of foreign keys and — on PostgreSQL with pg_stat_statements —
of tables that the same statements use together (weighted by their calls). Each table
comes with the reason it is where it is; tables linked to nothing are listed as
isolated. A suggestion to talk about, named after each group's hub table: cut domains
along data flows, then rename them as the business calls them.

Arguments:
  SOURCE   a database URL (postgresql://…, mysql://…; quote it in the shell): every
           table of --schema (PostgreSQL default public, MySQL the URL's database)
           a DuckDB database file (.duckdb): every table of --schema (default main)
           a mesh folder: the relationships of its source contracts (sources/…)

Options:
  --schema NAME               the database schema to read
  --format text|json|mermaid  text (default), JSON, or a Mermaid flowchart with a
                              subgraph per domain
  --resolution R              above 1: more, smaller domains; below 1: fewer, larger
                              (default 1, from 0.05 to 20)
  -h, --help                  show this help

Credentials in the URL are never printed. Nothing is written.
Exit status: 0 suggested, 1 something could not be read (listed), 2 usage or environment error.
`;

export async function runDiscover(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('discover', args, {
    schema: { type: 'string' },
    format: { type: 'string' },
    resolution: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(discoverHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json', 'mermaid'], 'format');
  if (positionals[0] !== 'domains')
    throw new MeshworkError(
      'usage',
      positionals.length === 0
        ? 'say what to discover: `meshwork discover domains SOURCE`.'
        : `cannot discover "${printable(positionals[0]!.slice(0, 40))}": only \`domains\`. See \`meshwork discover --help\`.`,
    );
  if (positionals.length !== 2)
    throw new MeshworkError(
      'usage',
      `takes one SOURCE, got ${positionals.length - 1}. See \`meshwork discover --help\`.`,
    );
  const resolution = resolutionOf(values.resolution);
  const source = await discoverSourceOf(positionals[1]!, io.cwd);
  const report = await discoverDomains(source, {
    cwd: io.cwd,
    env: io.env,
    ...(values.schema === undefined ? {} : { schema: values.schema }),
    ...(resolution === undefined ? {} : { resolution }),
  });
  if (format === 'json') writeJson(io, reportJson(report));
  else if (format === 'mermaid') io.stdout(discoveryMermaid(report.discovery, report.graph));
  else io.stdout(formatDiscoverText(report, io));
  return report.notes.length > 0 ? 1 : 0;
}

function resolutionOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,2}(\.\d{1,4})?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 0.05 && n <= 20))
    throw new MeshworkError(
      'usage',
      `--resolution must be a number from 0.05 to 20, not "${printable(value.slice(0, 20))}".`,
    );
  return n;
}

function reportJson(report: DiscoverReport): unknown {
  const { discovery, graph } = report;
  return {
    source: report.source,
    tables: report.tables,
    foreignKeys: report.foreignKeys,
    coAccess: report.coAccess,
    resolution: discovery.resolution,
    modularity: Number(discovery.modularity.toFixed(4)),
    domains: discovery.domains,
    isolated: discovery.isolated,
    edges: graph.edges.map((e) => ({ ...e, weight: Number(e.weight.toFixed(4)) })),
    notes: report.notes,
  };
}

export function formatDiscoverText(report: DiscoverReport, io: Pick<CliIO, 'color'>): string {
  const { discovery } = report;
  const lines: string[] = [
    paint(io, 'bold', `Domains suggested for ${printable(report.source)}`),
    paint(
      io,
      'dim',
      `  ${report.tables} tables, ${report.foreignKeys} foreign keys; ` +
        (report.coAccess.available
          ? `co-access: ${report.coAccess.source}, ${report.coAccess.statements} statements read, ${report.coAccess.pairs} pairs of tables used together` +
            coAccessLeftOut(report.coAccess)
          : `co-access: not available (${printable(report.coAccess.reason)})`),
    ),
  ];
  if (report.coAccess.available && report.coAccess.caveat !== undefined)
    lines.push(paint(io, 'dim', `  note: ${printable(report.coAccess.caveat)}`));
  for (const domain of discovery.domains) {
    lines.push(
      '',
      `${paint(io, 'bold', printable(domain.name))} — ${domain.tables.length} table${domain.tables.length === 1 ? '' : 's'}, hub ${printable(domain.hub)}`,
    );
    for (const table of domain.tables)
      lines.push(`  ${printable(table.table)}`, paint(io, 'dim', `    ${printable(table.reason)}`));
  }
  if (discovery.isolated.length > 0) {
    lines.push(
      '',
      paint(io, 'yellow', `Isolated — ${discovery.isolated.length} table(s) linked to no other:`),
    );
    for (const table of discovery.isolated)
      lines.push(`  ${printable(table.table)}`, paint(io, 'dim', `    ${printable(table.reason)}`));
  }
  if (report.notes.length > 0) {
    lines.push('', paint(io, 'yellow', 'Not read:'));
    for (const note of report.notes) lines.push(`  ${printable(note)}`);
  }
  lines.push(
    '',
    `${discovery.domains.length} domain${discovery.domains.length === 1 ? '' : 's'} suggested` +
      (discovery.isolated.length > 0 ? `, ${discovery.isolated.length} isolated` : '') +
      ` (modularity ${discovery.modularity.toFixed(2)}, resolution ${discovery.resolution}).` +
      ' Names come from each hub table: rename them as the business calls them.',
  );
  return `${lines.join('\n')}\n`;
}

/** Statements that co-access did not use, each kind said with its reason. */
function coAccessLeftOut(evidence: Extract<CoAccessEvidence, { available: true }>): string {
  const parts: string[] = [];
  if (evidence.unreadable > 0)
    parts.push(
      `${evidence.unreadable} statements of other users not readable (grant pg_read_all_stats)`,
    );
  if (evidence.tooWide > 0)
    parts.push(
      `${evidence.tooWide} naming more than ${MAX_TABLES_PER_STATEMENT} tables left out (reports, not flows)`,
    );
  if (evidence.truncated) parts.push(`only the ${MAX_STATEMENTS} most-called read`);
  if (evidence.tooLong > 0) parts.push(`${evidence.tooLong} too long to read left out`);
  return parts.map((p) => `, ${p}`).join('');
}

/** Names come from databases anyone may have made: control characters are shown as `?`. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
