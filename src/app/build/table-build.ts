import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { PlannedInput, PlannedOutput, PlannedProduct } from '../../core/build/plan.ts';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import type { ParsedTransform } from '../../core/build/transform.ts';
import { ENGINE_PROPERTY, productEngineName } from '../../core/build/engine-checks.ts';
import { subjectKeysOf } from '../../core/privacy/subject-keys.ts';
import { serverDataset } from '../../core/openlineage/dataset-naming.ts';
import { StatementRefusedError } from '../../engines/build-engine.ts';
import type {
  QualifiedTable,
  ServerEntry,
  TableBuildEngine,
  TableBuildSession,
} from '../../engines/engine.ts';
import { loadEngine, loadTableBuildEngine } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import { resolveCredentials } from '../testing/credentials.ts';
import { assertNotStopped, isStopped } from './build-signal.ts';
import { allowsPublish } from './contract-tests.ts';
import type { InputReport } from './inputs.ts';
import type { ServedTable } from './serve-port.ts';
import type { PortResult, ProductBuildOptions, ProductBuildResult } from './build-types.ts';
import { contractFile, contractObjects, contractServers, serverEntry } from './servers.ts';
import { newSnapshotId } from './warehouse.ts';

/** The engine a product names, or undefined for the default build (DuckDB, Parquet snapshots). */
export async function tableBuildEngineOf(
  planned: PlannedProduct,
): Promise<TableBuildEngine | undefined> {
  const name = productEngineName(planned.product.doc.source.data);
  if (name === undefined) return undefined;
  const engine = await loadTableBuildEngine(name);
  if (engine === undefined)
    throw new MeshworkError(
      'invalid-input',
      `${ENGINE_PROPERTY} "${name.slice(0, 100)}" is not an engine Meshwork builds in; run meshwork validate.`,
    );
  return engine;
}

interface Target {
  readonly output: PlannedOutput;
  readonly contract: ContractEntry;
  readonly server: ServerEntry;
  readonly table: QualifiedTable;
}

type Outcome = Omit<ProductBuildResult, 'product' | 'id' | 'durationMs'>;

/**
 * A product built inside its engine's server (docs/build.md "Building in Trino"): each
 * input port a view in a scratch schema, each output port's query a new snapshot table,
 * the output contracts' tests on those tables, and only when all pass the ports' views
 * switched to them, one port after the other; older snapshot tables beyond `keep` dropped.
 * The caller holds the product's lock.
 */
export async function buildInEngine(
  engine: TableBuildEngine,
  planned: PlannedProduct,
  transform: ParsedTransform,
  options: ProductBuildOptions,
): Promise<Outcome> {
  if (transform.preamble.trim() !== '')
    throw new MeshworkError(
      'invalid-input',
      `the transform's preamble (before the first "-- port:" line) cannot run in a ${engine.title} build, which runs each port's query as one CREATE TABLE AS; define what it holds in the queries (WITH …).`,
    );
  const targets = planned.outputs.map((output) => outputTarget(engine, output));
  // The suppression list rewrites Parquet files; a snapshot table it cannot reach must not
  // bring erased people back, so a port that declares subject keys is not built here.
  const keyed = targets.filter((t) => subjectKeysOf(t.contract.doc.source.data).length > 0);
  if (options.suppression && keyed.length > 0)
    throw new MeshworkError(
      'invalid-input',
      `output port${keyed.length > 1 ? 's' : ''} ${keyed.map((t) => `"${t.output.port.name}"`).join(', ')} declare${keyed.length > 1 ? '' : 's'} subject keys (meshworkSubjectKey), and the suppression list of meshwork dsr erase is not applied in ${engine.title} builds: nothing was built; build the product with the embedded engine (no ${ENGINE_PROPERTY}).`,
    );
  const first = targets[0];
  if (first === undefined)
    throw new MeshworkError('invalid-input', `${planned.key} has no output port to build.`);
  const snapshot = newSnapshotId();
  const session = await engine.open({
    server: first.server,
    credentials: await resolveCredentials(options.meshRoot, first.server.server, options.env),
    scratchCatalog: first.table.catalog,
    buildKey: createHash('sha256')
      .update(`${resolve(options.meshRoot)}\0${planned.key}`)
      .digest('hex')
      .slice(0, 16),
    snapshot,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const written: Target[] = [];
  try {
    // Holding the lock: tables newer than the served snapshot were left by a killed build.
    for (const target of targets) await session.prune(target.table, Number.MAX_SAFE_INTEGER);
    const inputs = await attachInputs(engine, session, planned.inputs);
    const rows = new Map<Target, number>();
    for (const target of targets) {
      const section = transform.sections.find((s) => s.port === target.output.port.name)!;
      try {
        session.assertOneQuery(section.sql);
      } catch (error) {
        if (!(error instanceof StatementRefusedError)) throw error;
        throw new MeshworkError(
          'invalid-input',
          `the transform's section for port "${target.output.port.name}" (line ${section.line}) must be one query: it holds ${error.message}.`,
        );
      }
      assertNotStopped(options.signal, `port "${target.output.port.name}" was written`);
      written.push(target);
      rows.set(target, await session.writeSnapshot(target.table, section.sql));
      await session.exposeForTest(target.table);
    }
    assertNotStopped(options.signal, 'its tests ran');
    const ports: PortResult[] = [];
    let publish = true;
    for (const target of targets) {
      const tests = await options.test({
        meshRoot: options.meshRoot,
        contractFile: contractFile(options.meshRoot, target.contract),
        server: target.server.server,
        serverFields: session.testFields,
        credentials: session.testCredentials,
        location: `${target.table.catalog}.${target.table.schema}.${target.table.name} (snapshot ${snapshot})`,
        port: target.output.port.name,
        ...(planned.product.id === undefined ? {} : { productId: planned.product.id }),
      });
      if (!allowsPublish(tests)) publish = false;
      ports.push({
        port: target.output.port.name,
        snapshot,
        rows: rows.get(target)!,
        tests: { ...tests, contract: target.contract.doc.path },
        servedTo: [],
      });
    }
    if (!publish) {
      await discardAll(session, written);
      written.length = 0;
      const failed = ports
        .filter((p) => p.tests && !allowsPublish(p.tests))
        .map((p) => `port "${p.port}": tests ${p.tests!.status}`);
      return {
        status: 'failed',
        builtIn: engine.title,
        message: `not published, the previous snapshot stays served: ${failed.join('; ')}`,
        inputs,
        ports,
      };
    }
    const served: PortResult[] = [];
    for (const [index, target] of targets.entries()) {
      assertNotStopped(options.signal, `port "${target.output.port.name}"'s view was switched`);
      await session.publish(target.table);
      written.splice(written.indexOf(target), 1);
      served.push({
        ...ports[index]!,
        servedTo: [
          {
            server: target.server.server,
            table: `${target.table.catalog}.${target.table.schema}.${target.table.name}`,
            status: 'served',
          },
          ...(await notServed(engine, target)),
        ],
      });
    }
    // A stopped build keeps the older snapshots; the next build prunes them.
    for (const target of targets)
      if (!isStopped(options.signal)) await session.prune(target.table, options.keep);
    return {
      status: 'published',
      builtIn: engine.title,
      inputs,
      ports: served,
    };
  } catch (error) {
    // Views not switched keep serving the old snapshot; this build's tables go.
    await discardAll(session, written).catch(() => undefined);
    throw error;
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** The contract's serving servers a build in an engine does not write: said, never skipped silently. */
async function notServed(engine: TableBuildEngine, target: Target): Promise<ServedTable[]> {
  const skipped: ServedTable[] = [];
  for (const spec of contractServers(target.contract)) {
    if (spec.type === engine.serverType) continue;
    if (!(await loadEngine(spec.type))?.dialect.capabilities.canServe) continue;
    skipped.push({
      server: spec.name,
      table: target.table.name,
      status: 'skipped',
      reason: `a ${engine.title} build serves the port as its ${engine.serverType} view only`,
    });
  }
  return skipped;
}

async function discardAll(session: TableBuildSession, targets: readonly Target[]): Promise<void> {
  for (const target of targets) await session.discard(target.table);
}

/** The port's contract, its server of the engine's type, and the view it is served as. */
function outputTarget(engine: TableBuildEngine, output: PlannedOutput): Target {
  const port = output.port.name;
  const contract = output.contract;
  if (contract === undefined)
    throw new MeshworkError(
      'invalid-input',
      `output port "${port}" has no contract; a ${engine.title} build writes where the contract's ${engine.serverType} server says.`,
    );
  const objects = contractObjects(contract);
  if (objects.length !== 1)
    throw new MeshworkError(
      'invalid-input',
      `output port "${port}": its contract has ${objects.length} schema objects; a port's section builds one.`,
    );
  const servers = contractServers(contract).filter((s) => s.type === engine.serverType);
  const problems: string[] = [];
  for (const spec of servers) {
    const server = serverEntry(spec);
    const problem = engine.outputProblem(server);
    if (problem !== undefined) {
      problems.push(problem);
      continue;
    }
    const table = engine.tableOf(server, objects[0]!.physicalName);
    if ('problem' in table) problems.push(table.problem);
    else return { output, contract, server, table };
  }
  throw new MeshworkError(
    'invalid-input',
    `output port "${port}" (${contract.doc.path}): ${
      problems.length > 0 ? problems.join('; ') : `no ${engine.serverType} server`
    }; run meshwork validate.`,
  );
}

/** Each input port a view named after it, on its contract's table in the engine. */
async function attachInputs(
  engine: TableBuildEngine,
  session: TableBuildSession,
  inputs: readonly PlannedInput[],
): Promise<InputReport[]> {
  const reports: InputReport[] = [];
  for (const input of inputs) {
    if (input.kind === 'unresolved')
      throw new MeshworkError(
        'invalid-input',
        `input port "${input.port.name}" names no single contract of the mesh; run meshwork validate.`,
      );
    const objects = contractObjects(input.contract);
    if (objects.length !== 1)
      throw new MeshworkError(
        'invalid-input',
        `input port "${input.port.name}": a ${engine.title} build reads contracts of one schema object; this one has ${objects.length}.`,
      );
    const table = inputTable(engine, input, objects[0]!.physicalName);
    let from = `${table.server} (${engine.serverType}) ${table.table.catalog}.${table.table.schema}.${table.table.name}`;
    if (input.kind === 'product') {
      const current = await session.currentSnapshot(table.table);
      if (current === undefined)
        throw new MeshworkError(
          'not-found',
          `input port "${input.port.name}" reads ${input.upstream.domainFolder}/${input.upstream.productFolder}, which has no published snapshot in ${engine.title} yet; build it first.`,
        );
      from = `${input.upstream.domainFolder}/${input.upstream.productFolder} view ${table.table.catalog}.${table.table.schema}.${table.table.name} (snapshot ${current})`;
    }
    await session.attachInput(input.port.name, table.table);
    reports.push({
      port: input.port.name,
      from,
      passedOver: [],
      datasets: [
        {
          object: objects[0]!.name,
          ...serverDataset({
            type: engine.serverType,
            fields: table.fields,
            files: [],
            object: table.table.name,
          }),
        },
      ],
    });
  }
  return reports;
}

function inputTable(
  engine: TableBuildEngine,
  input: Exclude<PlannedInput, { kind: 'unresolved' }>,
  physicalName: string,
): { server: string; table: QualifiedTable; fields: Readonly<Record<string, unknown>> } {
  const problems: string[] = [];
  for (const spec of contractServers(input.contract)) {
    if (spec.type !== engine.serverType) continue;
    const table = engine.tableOf(serverEntry(spec), physicalName);
    if ('problem' in table) problems.push(table.problem);
    else return { server: `server "${spec.name}"`, table, fields: spec.fields };
  }
  throw new MeshworkError(
    'invalid-input',
    `input port "${input.port.name}" (${input.contract.doc.path}): ${engine.title} cannot read it: ${
      problems.length > 0 ? problems.join('; ') : `its contract has no ${engine.serverType} server`
    }; run meshwork validate.`,
  );
}
