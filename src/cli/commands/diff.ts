import { diffAgainstRef } from '../../app/diff/diff-against-ref.ts';
import { diffFiles } from '../../app/diff/diff-files.ts';
import { MeshworkError } from '../../app/errors.ts';
import { activeGrantsOf } from '../../runtime/active-grants.ts';
import { formatDiffText } from '../diff-output.ts';
import type { CliIO } from '../output.ts';
import { writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

export const diffHelp = `Usage: meshwork diff OLD NEW [--mesh PATH] [--format text|json]
       meshwork diff --base GIT_REF [PATH] [--format text|json]

Compares two versions of a data contract and classifies every change as breaking,
warning or info, with the reason (removed properties, changed types, tightened
constraints, weakened SLAs, loosened classifications, removed servers, …). Breaking
changes need a new major version. Names the products downstream of the contract and
the teams with an active access grant on it or downstream (from the workspace's store).

  OLD NEW          two .odcs.yaml files (the old and the new version of one contract)
  --base GIT_REF   compare every contract of the mesh at PATH (default: .) with the same
                   file at GIT_REF (a branch, tag or commit); added and removed contract
                   files are reported too

Options:
  --mesh PATH          the mesh that names consumers (default: the one holding NEW)
  --format text|json   text (default) or {"breaking", "changes", "consumers", ...}
  -h, --help           show this help

Exit status: 0 no breaking change without a new major version, 1 breaking changes
without a new major version, 2 usage or environment error.
`;

export async function runDiff(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', args, {
    base: { type: 'string' },
    mesh: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(diffHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const report = await (values.base !== undefined
    ? runAgainstRef(values.base, positionals, values.mesh, io)
    : runOnFiles(positionals, values.mesh, io));
  if (format === 'json') writeJson(io, report);
  else io.stdout(formatDiffText(report, io));
  return report.ok ? 0 : 1;
}

function runAgainstRef(
  base: string,
  positionals: readonly string[],
  mesh: string | undefined,
  io: CliIO,
): ReturnType<typeof diffAgainstRef> {
  if (mesh !== undefined)
    throw new MeshworkError(
      'usage',
      '--mesh is for two files; with --base the PATH is the mesh. See `meshwork diff --help`.',
    );
  if (positionals.length > 1)
    throw new MeshworkError(
      'usage',
      `--base takes one mesh PATH, not ${positionals.length}. See \`meshwork diff --help\`.`,
    );
  return diffAgainstRef(base, positionals[0] ?? '.', io.cwd, (root) =>
    activeGrantsOf(root, io.env),
  );
}

function runOnFiles(
  positionals: readonly string[],
  mesh: string | undefined,
  io: CliIO,
): ReturnType<typeof diffFiles> {
  const [oldPath, newPath] = positionals;
  if (positionals.length !== 2 || oldPath === undefined || newPath === undefined) {
    throw new MeshworkError(
      'usage',
      'diff needs two contract files (OLD NEW), or --base GIT_REF [PATH]. See `meshwork diff --help`.',
    );
  }
  const grants = (root: string): ReturnType<typeof activeGrantsOf> => activeGrantsOf(root, io.env);
  return diffFiles(oldPath, newPath, io.cwd, mesh === undefined ? { grants } : { mesh, grants });
}
