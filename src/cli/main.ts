import { isMeshworkError } from '../app/errors.ts';
import type { CliIO } from './output.ts';

interface LoadedCommand {
  readonly help: string;
  readonly run: (args: readonly string[], io: CliIO) => Promise<number>;
}

/**
 * Commands are loaded on first use, so `--help`, `--version` and light commands do not
 * pay for loading DuckDB, the database drivers and the CEL runtime.
 */
interface Command {
  readonly summary: string;
  readonly load: () => Promise<LoadedCommand>;
}

const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check a mesh repository or single contract/product files',
    load: async () => {
      const m = await import('./commands/validate.ts');
      return { help: m.validateHelp, run: m.runValidate };
    },
  },
  lint: {
    summary: 'evaluate the governance policies over a mesh',
    load: async () => {
      const m = await import('./commands/lint.ts');
      return { help: m.lintHelp, run: m.runLint };
    },
  },
  check: {
    summary: 'validate + lint: what CI should call',
    load: async () => {
      const m = await import('./commands/check.ts');
      return { help: m.checkHelp, run: m.runCheck };
    },
  },
  scorecard: {
    summary: 'share of policies passed per domain and product, recorded per run',
    load: async () => {
      const m = await import('./commands/scorecard.ts');
      return { help: m.scorecardHelp, run: m.runScorecard };
    },
  },
  diff: {
    summary: 'classify the changes between two contract versions; breaking needs a major',
    load: async () => {
      const m = await import('./commands/diff.ts');
      return { help: m.diffHelp, run: m.runDiff };
    },
  },
  export: {
    summary: 'write a contract as JSON Schema, SQL DDL, Markdown, HTML, Mermaid, dbt or DCS',
    load: async () => {
      const m = await import('./commands/export.ts');
      return { help: m.exportHelp, run: m.runExport };
    },
  },
  init: {
    summary: 'scaffold a new mesh repository',
    load: async () => {
      const m = await import('./commands/init.ts');
      return { help: m.initHelp, run: m.runInit };
    },
  },
  new: {
    summary: 'draft a new data product from the product canvas (asks, or takes flags)',
    load: async () => {
      const m = await import('./commands/new.ts');
      return { help: m.newHelp, run: m.runNew };
    },
  },
  test: {
    summary: 'test data against its contracts (files, PostgreSQL, MySQL/MariaDB)',
    load: async () => {
      const m = await import('./commands/test.ts');
      return { help: m.testHelp, run: m.runTest };
    },
  },
  build: {
    summary: 'build data products: transform, write snapshots, test, publish',
    load: async () => {
      const m = await import('./commands/build.ts');
      return { help: m.buildHelp, run: m.runBuild };
    },
  },
  serve: {
    summary: 'serve the portal and the HTTP API for a mesh',
    load: async () => {
      const m = await import('./commands/serve.ts');
      return { help: m.serveHelp, run: m.runServe };
    },
  },
  worker: {
    summary: 'run queued jobs (scheduled builds and tests) with a lease, beside a server',
    load: async () => {
      const m = await import('./commands/worker.ts');
      return { help: m.workerHelp, run: m.runWorkerCommand };
    },
  },
  admin: {
    summary: 'admin reset: regain access with a new admin password (when locked out)',
    load: async () => {
      const m = await import('./commands/admin.ts');
      return { help: m.adminHelp, run: m.runAdmin };
    },
  },
  audit: {
    summary: 'verify the hash-chained audit trail, or export it (jsonl, csv)',
    load: async () => {
      const m = await import('./commands/audit.ts');
      return { help: m.auditHelp, run: m.runAudit };
    },
  },
  publish: {
    summary: 'push a mesh repository to a running Meshwork server (--server URL)',
    load: async () => {
      const m = await import('./commands/publish.ts');
      return { help: m.publishHelp, run: m.runPublish };
    },
  },
  dsr: {
    summary: 'data subject requests: find a person across the mesh, export or erase their data',
    load: async () => {
      const m = await import('./commands/dsr.ts');
      return { help: m.dsrHelp, run: m.runDsr };
    },
  },
  retention: {
    summary:
      'delete rows older than the retention periods of the output ports (dry run by default)',
    load: async () => {
      const m = await import('./commands/retention.ts');
      return { help: m.retentionHelp, run: m.runRetention };
    },
  },
  access: {
    summary: 'request, decide, list and revoke access to data products (--server URL)',
    load: async () => {
      const m = await import('./commands/access.ts');
      return { help: m.accessHelp, run: m.runAccess };
    },
  },
  privacy: {
    summary: 'the record of processing activities (GDPR Art. 30) as JSON, HTML or PDF',
    load: async () => {
      const m = await import('./commands/privacy.ts');
      return { help: m.privacyHelp, run: m.runPrivacy };
    },
  },
  import: {
    summary: 'write ODCS source contracts from a database, files or other formats; shows drift',
    load: async () => {
      const m = await import('./commands/import.ts');
      return { help: m.importHelp, run: m.runImportCommand };
    },
  },
  scan: {
    summary: "find personal data in a contract's data, files or a database; --apply declares it",
    load: async () => {
      const m = await import('./commands/scan.ts');
      return { help: m.scanHelp, run: m.runScan };
    },
  },
  discover: {
    summary: 'suggest domains from foreign keys and co-access (pg_stat_statements)',
    load: async () => {
      const m = await import('./commands/discover.ts');
      return { help: m.discoverHelp, run: m.runDiscover };
    },
  },
  trino: {
    summary: 'Trino catalog files for the sources; Parquet folders as Hive tables',
    load: async () => {
      const m = await import('./commands/trino.ts');
      return { help: m.trinoHelp, run: m.runTrino };
    },
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
    io.stdout(topic ? (await topic.load()).help : mainHelp());
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
    const { run } = await command.load();
    return await run(rest, io);
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
