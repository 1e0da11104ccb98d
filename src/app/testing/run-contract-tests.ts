import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type {
  CheckResult,
  ContractPlan,
  RunEvidence,
  RunTrigger,
  RunWarning,
  TestRun,
} from '../../core/quality/index.ts';
import { evaluateCheck, planContractChecks, runStatusOf } from '../../core/quality/index.ts';
import type { OdcsContract } from '../../core/standards/odcs/index.ts';
import { validateOdcsStructure } from '../../core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../core/yaml/source-document.ts';
import type { Credentials, Engine, EngineConnection, ServerEntry } from '../../engines/engine.ts';
import {
  SNAPSHOT_SERVER_TYPE,
  canRead,
  loadEngine,
  loadSqlParser,
} from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import { chooseServer } from '../servers/choose-server.ts';
import type { ServerChoice } from '../servers/choose-server.ts';
import { displayPath, runServerOf } from '../servers/server-location.ts';
import { findObjectInFile, findObjectInMesh } from './mesh-objects.ts';
import type { RunHistory } from './run-history.ts';
import { credentialPrefix } from './credentials.ts';
import { runPlan } from './run-checks.ts';
import { sqlRuleRefusal } from './sql-rule-gate.ts';
import { createSampleBudget } from './sample-budget.ts';

export interface ContractTestOptions {
  readonly meshRoot: string;
  /** The contract file, absolute or relative to the mesh root. */
  readonly contractFile: string;
  /** The `servers[].server` name to test; default: the first server an engine reads. */
  readonly server?: string;
  /** Only this schema object. */
  readonly schema?: string;
  /** Schema object name → absolute path of a Parquet file or glob, read instead of the server. */
  readonly relationOverride?: Readonly<Record<string, string>>;
  /**
   * Fields replaced in the named `server`'s entry for this run (a Trino build's scratch
   * schema, where its new snapshot tables are views named after the objects); the entry is
   * chosen and its credentials read as usual. Needs `server`.
   */
  readonly serverFields?: Readonly<Record<string, string>>;
  /**
   * The credentials the named `server` is read with instead of those set on this machine
   * (a build's tests read with the credentials the build wrote with). Needs `server`.
   */
  readonly credentials?: Credentials;
  /**
   * Where the run is recorded (the CLI passes the workspace's, `runtime/workspaceRunHistory`);
   * omitted or `null`: not recorded — this service never opens a store itself.
   */
  readonly history?: RunHistory | null;
  /** The product and output port the contract is tested for (a build's port), for the record. */
  readonly productId?: string;
  readonly port?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Who made the run, for the record: `meshwork test` (default) or a build. */
  readonly trigger?: RunTrigger;
  /** Samples of failing rows (default true); `--no-samples` turns them off. */
  readonly samples?: boolean;
  /**
   * How the files of `relationOverride` are named in the run's evidence (a build names its
   * snapshot as it will be served, not the temporary folder it is tested in).
   */
  readonly overrideLocation?: string;
}

/**
 * Tests one contract against its data: plans the checks, pushes them down to the engine of
 * the chosen server and returns (and records) the run. Unreadable data is a run with
 * status `error`, not an exception; a contract that cannot be read at all throws.
 */
export async function runContractTests(options: ContractTestOptions): Promise<TestRun> {
  const startedAt = new Date();
  const file = isAbsolute(options.contractFile)
    ? options.contractFile
    : resolve(options.meshRoot, options.contractFile);
  const contract = await readContract(file);
  if (
    options.schema !== undefined &&
    !(contract.schema ?? []).some((o) => o.name === options.schema)
  ) {
    throw new MeshworkError(
      'not-found',
      `${options.contractFile} has no schema object "${options.schema}".`,
    );
  }
  const plan = planContractChecks(contract, options.schema);
  const choice = await chooseTestServer(contract, file, plan, options);
  const server = choice.ok ? choice.server : choice.failed?.entry;
  // No usable server, or a configured one that fails, is data that cannot be read: a run
  // with status error, not a crash, so that testing a whole mesh goes on with the next
  // contract — and never a run on the next server.
  const engine = choice.ok ? await engineFor(choice.server) : undefined;
  const checks = choice.ok
    ? await runWithEngine(engine!, choice, plan, file, options)
    : [...plan.objects.flatMap((o) => o.checks), ...plan.contractChecks].map((check) =>
        evaluateCheck(check, { ok: false, message: choice.message }),
      );
  const run: TestRun = {
    status: runStatusOf(checks),
    checks,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    evidence: evidenceOf(choice, engine, plan, file, options),
    trigger: options.trigger ?? 'test',
  };
  await options.history?.append({
    contract: file,
    contractId: typeof contract.id === 'string' ? contract.id : relative(options.meshRoot, file),
    productId: options.productId ?? null,
    port: options.port ?? null,
    server: server?.server ?? null,
    run,
  });
  return run;
}

async function runWithEngine(
  engine: Engine,
  { server, credentials }: { readonly server: ServerEntry; readonly credentials: Credentials },
  plan: ContractPlan,
  file: string,
  options: ContractTestOptions,
): Promise<CheckResult[]> {
  const baseDir = dirname(file);
  let connection: EngineConnection;
  try {
    connection = await engine.connect({
      server,
      credentials,
      baseDir,
      ...(options.relationOverride ? { relationOverride: options.relationOverride } : {}),
    });
  } catch (error) {
    if (error instanceof MeshworkError) throw error;
    const message = `cannot connect to server "${server.server}" (${engine.name}): ${(error as Error).message}`;
    return [...plan.objects.flatMap((o) => o.checks), ...plan.contractChecks].map((check) =>
      evaluateCheck(check, { ok: false, message }),
    );
  }
  // The parser `meshwork validate` uses, for the same verdict on SQL rules before they run.
  // Loaded on first use, as the engines are (registry.ts). Should it fail to load, every
  // SQL rule is "not run" with that reason (sql-rule-gate.ts) and the connection still closes.
  const parser = hasSqlRules(plan) ? await loadSqlParser().catch(() => undefined) : undefined;
  try {
    return await runPlan(plan, {
      connection,
      refuseSqlRule: (query, names, at) => sqlRuleRefusal(parser, query, names, at),
      samples: createSampleBudget({ enabled: options.samples ?? true }),
      relationOf: (object) =>
        connection.relation({
          schema: object.schema,
          physicalName: object.physicalName,
          columns: object.columns.map((c) => c.column),
          baseDir,
          server,
        }),
      resolveTarget: async (name, contractFile) => {
        const own =
          contractFile === undefined ? plan.objects.find((o) => o.schema === name) : undefined;
        const found =
          contractFile !== undefined
            ? await findObjectInFile(baseDir, contractFile, name, engine.serverTypes)
            : own
              ? {
                  physicalName: own.physicalName,
                  columns: own.columns.map((c) => c.column),
                  columnByProperty: Object.fromEntries(
                    own.columns.map((c) => [c.property, c.column]),
                  ),
                  baseDir,
                  server,
                }
              : await findObjectInMesh(options.meshRoot, name, file, engine.serverTypes);
        if (!found) return undefined;
        const { columnByProperty, ...request } = found;
        return {
          relation: await connection.relation({ schema: name, ...request }),
          columnOf: (property: string) => columnByProperty[property] ?? property,
        };
      },
    });
  } finally {
    parser?.close();
    await connection.close();
  }
}

function hasSqlRules(plan: ContractPlan): boolean {
  return plan.objects.some((object) => object.checks.some((check) => check.measure.type === 'sql'));
}

/** What the run read (or failed to) and what it passed over, without secrets. */
function evidenceOf(
  choice: ServerChoice,
  engine: Engine | undefined,
  plan: ContractPlan,
  file: string,
  options: ContractTestOptions,
): RunEvidence {
  if (!choice.ok) return { server: choice.failed?.evidence ?? null, passedOver: choice.passedOver };
  const warnings = runWarnings(choice.server, choice.credentials, plan);
  return warnings.length === 0
    ? readEvidence(choice, engine, plan, file, options)
    : { ...readEvidence(choice, engine, plan, file, options), warnings };
}

/**
 * Trino has no read-only transaction for this client: without a rules user a contract's
 * SQL rule runs as the service user, who may read every catalog it can (and
 * `system.runtime.queries`, other users' SQL). Not refused — said, with the fix.
 */
function runWarnings(
  server: ServerEntry,
  credentials: Credentials,
  plan: ContractPlan,
): RunWarning[] {
  if (server.type !== 'trino' || (credentials.ruleUser ?? '') !== '') return [];
  const rules = [...plan.objects.flatMap((o) => o.checks), ...plan.contractChecks].filter(
    (c) => c.measure.type === 'sql',
  );
  if (rules.length === 0) return [];
  const variable = `${credentialPrefix(server.server)}RULE_USER`;
  return [
    {
      code: 'trino-rules-as-service-user',
      message: `SQL rules on Trino server "${server.server}" ran as the service user${credentials.user ? ` "${credentials.user}"` : ''}, not a separate rules user: they may read whatever it may (every catalog it can, system.runtime.queries). Set ${variable} to a user the access rules let only read the contract's schema (docs/testing.md "A least-privilege role for meshwork test").`,
    },
  ];
}

function readEvidence(
  choice: Extract<ServerChoice, { ok: true }>,
  engine: Engine | undefined,
  plan: ContractPlan,
  file: string,
  options: ContractTestOptions,
): RunEvidence {
  const read = runServerOf(
    choice.server,
    {
      meshRoot: options.meshRoot,
      baseDir: dirname(file),
      objects: plan.objects.map((o) => o.physicalName),
      credentials: choice.credentials,
    },
    engine,
  );
  if (options.relationOverride) {
    const files = Object.values(options.relationOverride).map((path) =>
      displayPath(path, options.meshRoot),
    );
    return {
      server: { ...read, location: options.overrideLocation ?? files.join(', ') },
      passedOver: choice.passedOver,
    };
  }
  if (options.serverFields && options.overrideLocation !== undefined)
    return {
      server: { ...read, location: options.overrideLocation },
      passedOver: choice.passedOver,
    };
  return { server: read, passedOver: choice.passedOver };
}

async function readContract(file: string): Promise<OdcsContract> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new MeshworkError('not-found', `contract ${file} cannot be read.`);
  }
  const source = parseSourceDocument(file, text);
  const data = source.data as { apiVersion?: unknown; schema?: unknown } | undefined;
  if (source.syntaxFindings.length > 0 || data === null || typeof data !== 'object') {
    throw new MeshworkError(
      'invalid-input',
      `${file} is not a YAML data contract; run \`meshwork validate\`.`,
    );
  }
  // The planner reads the contract through the ODCS types: only a structurally valid one.
  const problems = source.place(validateOdcsStructure(data)).filter((f) => f.severity === 'error');
  const first = problems[0];
  if (first) {
    throw new MeshworkError(
      'invalid-input',
      `${file} is not a valid ODCS contract (${problems.length} problem${problems.length > 1 ? 's' : ''}; ` +
        `line ${first.line}: ${first.message}); run \`meshwork validate\` for all of them.`,
    );
  }
  return data as OdcsContract;
}

/**
 * The server a run reads: the rule `meshwork build` uses too (`app/servers/`). A build's
 * fresh Parquet files (`relationOverride`) are read whatever the contract's servers are;
 * then the server only names the run.
 */
async function chooseTestServer(
  contract: OdcsContract,
  file: string,
  plan: ContractPlan,
  options: ContractTestOptions,
): Promise<ServerChoice> {
  const declared = (contract.servers ?? []) as readonly ServerEntry[];
  const fields = options.serverFields;
  if (fields !== undefined && !declared.some((s) => s.server === options.server))
    throw new MeshworkError(
      'not-found',
      `no server "${options.server ?? ''}" in the contract to read the new snapshot through.`,
    );
  const servers =
    fields === undefined
      ? declared
      : declared.map((s) => (s.server === options.server ? { ...s, ...fields } : s));
  if (options.relationOverride) {
    const named =
      options.server === undefined
        ? servers.find((s) => canRead(s.type))
        : servers.find((s) => s.server === options.server);
    if (options.server !== undefined && !named) {
      throw new MeshworkError('not-found', `no server "${options.server}" in the contract.`);
    }
    const name = named?.server ?? 'build';
    // The named server stands for the files when its data are a file per object too.
    const same = named && (await loadEngine(named.type))?.files?.filePerObject(named);
    return {
      ok: true,
      server:
        named && same
          ? named
          : { server: name, type: SNAPSHOT_SERVER_TYPE, path: '', format: 'parquet' },
      credentials: {},
      passedOver: [],
    };
  }
  if (options.server === undefined && !servers.some((s) => canRead(s.type))) {
    throw new MeshworkError(
      'invalid-input',
      `the contract has no server Meshwork can read (local, duckdb, postgresql, mysql); add one to "servers".`,
    );
  }
  return chooseServer({
    meshRoot: options.meshRoot,
    contractFile: file,
    servers,
    objects: plan.objects.map((o) => o.physicalName),
    reads: canRead,
    env: options.env ?? process.env,
    ...(options.server === undefined ? {} : { named: options.server }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}

async function engineFor(server: ServerEntry): Promise<Engine> {
  const engine = await loadEngine(server.type);
  if (!engine) {
    throw new MeshworkError(
      'invalid-input',
      `server "${server.server}" has type ${server.type}, which Meshwork cannot read.`,
    );
  }
  return engine;
}
