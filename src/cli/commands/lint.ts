import type { PolicyTextLanguage } from '../../app/governance/builtin/policy-texts.ts';
import { localizePolicyFindings } from '../../app/governance/builtin/policy-texts.ts';
import { lintMesh } from '../../app/governance/lint-mesh.ts';
import type { Finding } from '../../core/findings/finding.ts';
import type { CliIO } from '../output.ts';
import { formatFindingsText, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const lintHelp = `Usage: meshwork lint [PATH] [--format text|json]

Evaluates the governance policies over a mesh repository (default: the current folder):
the built-in pack (switched in meshwork.yaml under governance.builtin), the global
policies in policies/, each domain's own policies and its adaptations in
domains/<domain>/policies/. Each finding names the node it is about (file:line:column),
the policy, its effective severity and parameters, and the domain that adapted it.
See docs/governance.md.

Options:
  --format text|json   text (default) or {"valid", "findings": [...]} for machines
  -h, --help           show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
`;

export async function runLint(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', args, {
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(lintHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const report = await lintMesh(singlePath(positionals, 'lint'), io.cwd);
  if (format === 'json') writeJson(io, { valid: report.valid, findings: report.findings });
  else io.stdout(formatGovernanceText(report.findings, io, report.language));
  return report.valid ? 0 : 1;
}

/**
 * Findings as text, with the policy id (and adapting domain) where the code would be; the
 * built-in policies' title and hint in the mesh's language (`defaults.language`). JSON
 * output keeps the policy files' own texts, so machines read one stable wording.
 */
export function formatGovernanceText(
  findings: readonly Finding[],
  io: CliIO,
  language?: PolicyTextLanguage,
): string {
  return formatFindingsText(
    localizePolicyFindings(findings, language).map((f) =>
      f.policy === undefined
        ? f
        : {
            ...f,
            code: `${f.policy}${f.adaptedBy === undefined ? '' : ` (adapted by ${f.adaptedBy})`}`,
          },
    ),
    io,
  );
}
