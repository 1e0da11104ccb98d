import type { CliIO } from '../../src/cli/output.ts';
import { runCli } from '../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, as a non-terminal (empty environment unless given), and captures what it writes. */
export async function cli(
  args: readonly string[],
  cwd: string,
  options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    color: false,
    isTTY: options.isTTY ?? false,
    cwd,
    env: options.env ?? {},
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
