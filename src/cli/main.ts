import { isMeshworkError } from '../app/errors.ts';
import { buildHelp, runBuild } from './commands/build.ts';
import { checkHelp, runCheck } from './commands/check.ts';
import { diffHelp, runDiff } from './commands/diff.ts';
import { initHelp, runInit } from './commands/init.ts';
import { lintHelp, runLint } from './commands/lint.ts';
import { runScorecard, scorecardHelp } from './commands/scorecard.ts';
import { runTest, testHelp } from './commands/test.ts';
import { runValidate, validateHelp } from './commands/validate.ts';
import type { CliIO } from './output.ts';

interface Command {
  readonly summary: string;
  readonly help: string;
  readonly run: (args: readonly string[], io: CliIO) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check a mesh repository or single contract/product files',
    help: validateHelp,
    run: runValidate,
  },
  lint: { summary: 'evaluate the governance policies over a mesh', help: lintHelp, run: runLint },
  check: { summary: 'validate + lint: what CI should call', help: checkHelp, run: runCheck },
  scorecard: {
    summary: 'share of policies passed per domain and product, recorded per run',
    help: scorecardHelp,
    run: runScorecard,
  },
  diff: {
    summary: 'classify the changes between two contract versions; breaking needs a major',
    help: diffHelp,
    run: runDiff,
  },
  init: { summary: 'scaffold a new mesh repository', help: initHelp, run: runInit },
  test: {
    summary: 'test data against its contracts (files, PostgreSQL, MySQL/MariaDB)',
    help: testHelp,
    run: runTest,
  },
  build: {
    summary: 'build data products: transform, write snapshots, test, publish',
    help: buildHelp,
    run: runBuild,
  },
};

const VERSION = '0.1.0';

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const list = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `Meshwork — data products as code (ODPS v1, ODCS v3), federated governance, GDPR built in.

Usage: meshwork <command> [options]

Commands:
${list}

Options:
  -h, --help     show help (also: meshwork <command> --help)
  -v, --version  print the version

Exit status: 0 ok, 1 findings (invalid, check failed), 2 usage or environment error.
`;
}

/** Runs the CLI and returns its exit status; never throws for a user's mistake. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    io.stdout(topic ? topic.help : mainHelp());
    return 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(
      `meshwork: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. See \`meshwork --help\`.\n`,
    );
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isMeshworkError(error)) {
      io.stderr(`meshwork ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`meshwork ${name}: internal error: ${message}\n`);
    if (io.env.MESHWORK_DEBUG && error instanceof Error && error.stack)
      io.stderr(`${error.stack}\n`);
    else io.stderr('Set MESHWORK_DEBUG=1 for details, and please report it.\n');
    return 2;
  }
}

export function processIO(): CliIO {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
    isTTY,
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Entry point: exits only after stdout has drained, so piped JSON is never cut short. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), processIO());
  process.exitCode = code;
}
