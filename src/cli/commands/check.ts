import { lintMesh } from '../../app/governance/lint-mesh.ts';
import { validatePaths } from '../../app/validate/validate-paths.ts';
import type { Finding } from '../../core/findings/finding.ts';
import { hasErrors, sortFindings } from '../../core/findings/finding.ts';
import { loadSqlParser } from '../../engines/registry.ts';
import type { CliIO } from '../output.ts';
import { writeJson } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';
import { formatGovernanceText } from './lint.ts';

export const checkHelp = `Usage: meshwork check [PATH] [--format text|json]

What CI should call: validates a mesh repository (default: the current folder) like
\`meshwork validate\` and evaluates its policies like \`meshwork lint\`, and reports
all findings of both at once.

Options:
  --format text|json   text (default) or {"valid", "findings": [...]} for machines
  -h, --help           show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
`;

export async function runCheck(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, {
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(checkHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const path = singlePath(positionals, 'check');
  const sqlParser = await loadSqlParser();
  let validated: readonly Finding[];
  try {
    validated = (await validatePaths([path], io.cwd, { sqlParser })).findings;
  } finally {
    sqlParser.close();
  }
  const linted = await lintMesh(path, io.cwd);
  const findings = sortFindings(withoutRepeats([...validated, ...linted.findings]));
  const valid = !hasErrors(findings);
  if (format === 'json') writeJson(io, { valid, findings });
  else io.stdout(formatGovernanceText(findings, io, linted.language));
  return valid ? 0 : 1;
}

/** A YAML syntax error in a policy file is reported by both validate and lint: keep one. */
function withoutRepeats(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}:${f.line}:${f.column}:${f.code}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
