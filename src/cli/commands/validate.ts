import { validatePaths } from '../../app/validate/validate-paths.ts';
import { loadSqlParser } from '../../engines/registry.ts';
import type { CliIO } from '../output.ts';
import { formatFindingsText, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const validateHelp = `Usage: meshwork validate [PATH...] [--format text|json]

Checks a mesh repository (default: the current folder) or single .odcs.yaml / .odps.yaml
files: structure against ODCS v3 / ODPS v1, references between documents (domains, ids,
contractIds, lineage cycles, teams) and semantics (quality rules, SQL, keys,
relationships). Reports every finding at once with file:line:column and a hint.

Options:
  --format text|json   text (default) or {"valid", "findings": [...]} for machines
  -h, --help           show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
`;

export async function runValidate(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', args, {
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(validateHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const sqlParser = await loadSqlParser();
  try {
    const report = await validatePaths(positionals, io.cwd, { sqlParser });
    if (format === 'json') {
      writeJson(io, { valid: report.valid, findings: report.findings });
    } else {
      io.stdout(formatFindingsText(report.findings, io));
    }
    return report.valid ? 0 : 1;
  } finally {
    sqlParser.close();
  }
}
