import { lintMesh } from '../../app/governance/lint-mesh.ts';
import { MeshworkError } from '../../app/errors.ts';
import type { Severity } from '../../core/findings/finding.ts';
import type { Scorecard, ScoreLine } from '../../core/governance/index.ts';
import { buildScorecard } from '../../core/governance/index.ts';
import { workspaceScorecardHistory } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { serverReport } from '../server-report.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const scorecardHelp = `Usage: meshwork scorecard [PATH] [--server URL] [--format text|json]

Where each domain and each data product stands: the share of the policies that apply
to it which it passes, by severity (a policy counts once per product, however many of
its ports, contracts or properties it checks). Each run is recorded in the workspace's
store (<mesh>/.meshwork/store/, or PostgreSQL with MESHWORK_DATABASE_URL) so trends can
be shown.

Options:
  --server URL         also send the scorecard to a Meshwork server (API token in MESHWORK_TOKEN)
  --format text|json   a table (default) or the scorecard as JSON
  -h, --help           show this help

Exit status: 0 (a scorecard reports; use \`meshwork check\` to fail a build), 2 usage error.
`;

export async function runScorecard(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scorecard', args, {
    format: { type: 'string' },
    server: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(scorecardHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const server = serverReport(values.server, io);
  const report = await lintMesh(singlePath(positionals, 'scorecard'), io.cwd);
  const card = buildScorecard(report.results, new Date());
  await workspaceScorecardHistory({ meshRoot: report.root, env: io.env }).append(card);
  if (format === 'json') writeJson(io, card);
  else io.stdout(formatScorecard(report.meshName, report.policies, card, io));
  if (server) {
    try {
      await server.client.postScorecard(card);
    } catch (error) {
      if (!(error instanceof MeshworkError)) throw error;
      io.stderr(`meshwork scorecard: ${error.message}\n`);
      return 2;
    }
  }
  return 0;
}

const COLUMNS: readonly Severity[] = ['error', 'warning', 'info'];

function formatScorecard(mesh: string, policies: number, card: Scorecard, io: CliIO): string {
  const rows: [string, ScoreLine][] = [[`mesh ${mesh}`, card.mesh]];
  for (const domain of card.domains) {
    rows.push([`domain ${domain.name}`, domain]);
    for (const product of card.products.filter((p) => p.domain === domain.name))
      rows.push([`  ${product.name}`, product]);
  }
  const width = Math.max(24, ...rows.map(([label]) => label.length)) + 2;
  const cell = (t: { passed: number; total: number }): string =>
    (t.total === 0 ? '–' : `${t.passed}/${t.total}`).padStart(9);
  const lines = [
    `Scorecard: ${policies} policies evaluated at ${card.at}`,
    '',
    `${''.padEnd(width)}${COLUMNS.map((c) => c.padStart(9)).join('')}   passed`,
  ];
  for (const [label, line] of rows) {
    const share = `${Math.round(line.share * 100)}%`.padStart(6);
    const style =
      line.share === 1
        ? 'green'
        : line.bySeverity.error.passed < line.bySeverity.error.total
          ? 'red'
          : 'yellow';
    lines.push(
      `${label.padEnd(width)}${COLUMNS.map((c) => cell(line.bySeverity[c])).join('')}  ${paint(io, style, share)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
