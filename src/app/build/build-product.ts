import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { displayPath } from '../servers/server-location.ts';
import type { PlannedOutput, PlannedProduct } from '../../core/build/plan.ts';
import { parseTransform } from '../../core/build/transform.ts';
import type { ParsedTransform } from '../../core/build/transform.ts';
import { StatementRefusedError } from '../../engines/build-engine.ts';
import type { BuildConnection, BuildSession, StatementKind } from '../../engines/build-engine.ts';
import { loadBuildEngine, loadEngine } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import { assertNotStopped, isStopped } from './build-signal.ts';
import type { BuildTestRun } from './contract-tests.ts';
import { allowsPublish, countChecks } from './contract-tests.ts';
import { attachInputs } from './inputs.ts';
import type { PortSuppressed } from './port-suppression.ts';
import { servePort } from './serve-port.ts';
import { buildInEngine, tableBuildEngineOf } from './table-build.ts';
import type { ServerSpec } from './servers.ts';
import { contractFile, contractObjects, contractServers, serverEntry } from './servers.ts';
import {
  assertWarehouseNames,
  currentSnapshot,
  discardSnapshot,
  lockProduct,
  newSnapshotId,
  portFileName,
  productDir,
  publishSnapshot,
  pruneSnapshots,
  removeStaleTemps,
  resolvePortDir,
  sealSnapshot,
  startSnapshot,
} from './warehouse.ts';

export type { PortResult, ProductBuildOptions, ProductBuildResult } from './build-types.ts';
import type { PortResult, ProductBuildOptions, ProductBuildResult } from './build-types.ts';

export const DEFAULT_TRANSFORM = 'transform.sql';

export async function buildProduct(
  planned: PlannedProduct,
  options: ProductBuildOptions,
): Promise<ProductBuildResult> {
  const started = Date.now();
  const base = { product: planned.key, id: planned.product.id };
  const dir = productDir(
    options.meshRoot,
    planned.product.domainFolder,
    planned.product.productFolder,
  );
  let unlock: (() => Promise<void>) | undefined;
  try {
    // A port named `../../other/…` would make this build write another product's snapshots.
    assertWarehouseNames(
      planned.product.domainFolder,
      planned.product.productFolder,
      planned.outputs.map((o) => o.port.name),
    );
    const transform = await readTransform(options.meshRoot, planned);
    assertNotStopped(options.signal, 'it began');
    // Resolved before the lock: a product naming an unknown engine is an error, not a DuckDB build.
    const engine = await tableBuildEngineOf(planned);
    unlock = await lockProduct(dir);
    const outcome = engine
      ? await buildInEngine(engine, planned, transform, options)
      : await runLocked(planned, transform, dir, options);
    return { ...base, ...outcome, durationMs: Date.now() - started };
  } catch (error) {
    // One product's failure (bad SQL, an unreachable server) must not stop the others.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      status: 'error',
      message,
      inputs: [],
      ports: [],
      durationMs: Date.now() - started,
    };
  } finally {
    await unlock?.();
  }
}

async function readTransform(meshRoot: string, planned: PlannedProduct): Promise<ParsedTransform> {
  const name = transformFileName(planned.product.doc.source.data);
  const path = `domains/${planned.key}/${name}`;
  let text: string;
  try {
    text = await readFile(join(meshRoot, path), 'utf8');
  } catch {
    throw new MeshworkError(
      'not-found',
      `${path} does not exist; every product with output ports needs its transform SQL.`,
    );
  }
  const parsed = parseTransform(text);
  const ports = new Set(planned.outputs.map((o) => o.port.name));
  const problems = [...parsed.problems];
  for (const section of parsed.sections) {
    if (!ports.has(section.port))
      problems.push(`line ${section.line}: "${section.port}" is not an output port of the product`);
  }
  for (const port of ports) {
    if (!parsed.sections.some((s) => s.port === port))
      problems.push(`no "-- port: ${port}" section for output port "${port}"`);
  }
  if (problems.length > 0)
    throw new MeshworkError('invalid-input', `${path}: ${problems.join('; ')}.`);
  return parsed;
}

/** `customProperties` `meshworkTransform`, else transform.sql. */
function transformFileName(data: unknown): string {
  const props =
    data !== null && typeof data === 'object' && 'customProperties' in data
      ? data.customProperties
      : undefined;
  if (Array.isArray(props)) {
    for (const p of props as unknown[]) {
      if (p === null || typeof p !== 'object') continue;
      const entry = p as { property?: unknown; value?: unknown };
      if (entry.property === 'meshworkTransform' && typeof entry.value === 'string')
        return entry.value;
    }
  }
  return DEFAULT_TRANSFORM;
}

interface Written {
  readonly output: PlannedOutput;
  readonly portDir: string;
  /**
   * Every Parquet file of this build, the product's other ports included (object →
   * file): a relationship between two ports (order_lines → orders) is tested against the
   * data just written, not against the snapshot being replaced.
   */
  readonly files: Record<string, string>;
  readonly rows: number;
  readonly suppressed: PortSuppressed | undefined;
}

async function runLocked(
  planned: PlannedProduct,
  transform: ParsedTransform,
  dir: string,
  options: ProductBuildOptions,
): Promise<Omit<ProductBuildResult, 'product' | 'id' | 'durationMs'>> {
  // Holding the lock, anything temporary here was left by a build that was killed.
  await removeStaleTemps(dir);
  // Each port's folder is checked to be the product folder's own child (no planted link).
  const portDirs = new Map<PlannedOutput, string>();
  for (const output of planned.outputs) {
    const portDir = await resolvePortDir(
      options.meshRoot,
      planned.product.domainFolder,
      planned.product.productFolder,
      output.port.name,
    );
    portDirs.set(output, portDir);
    await removeStaleTemps(portDir);
  }
  const snapshot = newSnapshotId();
  const scratchDir = join(dir, `.tmp-inputs-${snapshot}`);
  const spillDir = join(scratchDir, 'spill');
  await mkdir(scratchDir, { recursive: true });
  const engineOptions = {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
    tempDirectory: spillDir,
  };
  // The transform's DuckDB is locked down before the transform runs, for good: serving
  // (which writes CSV for PostgreSQL) gets an instance of its own.
  const buildEngine = await loadBuildEngine();
  const session = await buildEngine.openSession(engineOptions);
  let serving: BuildSession | undefined;
  const written: Written[] = [];
  const freshFiles: Record<string, string> = {};
  const started: string[] = [];
  try {
    const connection = await session.connect();
    const attached = await attachInputs(
      connection,
      { meshRoot: options.meshRoot, env: options.env, scratchDir },
      planned.inputs,
    );
    const inputs = attached.reports;
    const temps: string[] = [];
    for (const output of planned.outputs) {
      const portDir = portDirs.get(output)!;
      started.push(portDir);
      temps.push(await startSnapshot(portDir, snapshot));
    }
    // transform.sql is untrusted text (DESIGN.md "Contracts are untrusted input"): from
    // here on DuckDB reads only the inputs' files and writes only this build's temp folders.
    await connection.lockDown({ read: attached.files, write: [...temps, spillDir] });
    if (transform.preamble) await runPreamble(connection, transform.preamble);
    for (const [index, output] of planned.outputs.entries()) {
      const portDir = started[index]!;
      const port = await writePort(connection, transform, output, temps[index]!, options);
      // Before the tests: what is tested and published never held an erased person.
      const suppressed =
        output.contract && options.suppression
          ? await options.suppression.apply({
              contract: output.contract,
              files: port.files,
              scratchDir,
            })
          : undefined;
      const rows = port.rows - (suppressed?.deleted ?? 0);
      Object.assign(freshFiles, port.files);
      written.push({ output, portDir, files: freshFiles, rows, suppressed });
    }
    connection.close();
    assertNotStopped(options.signal, 'its tests ran');
    const ports: PortResult[] = [];
    let publish = true;
    for (const w of written) {
      const tests = w.output.contract
        ? await testPort(w, options, planned.product.id, snapshot)
        : undefined;
      if (tests && !allowsPublish(tests)) publish = false;
      ports.push({
        port: w.output.port.name,
        snapshot,
        rows: w.rows,
        ...(w.suppressed ? { suppressed: w.suppressed } : {}),
        tests,
        servedTo: [],
      });
    }
    if (!publish) {
      for (const w of written) await discardSnapshot(w.portDir, snapshot);
      return { status: 'failed', message: failureMessage(ports), inputs, ports };
    }
    const served: PortResult[] = [];
    serving = await buildEngine.openSession(engineOptions);
    for (const [index, w] of written.entries()) {
      assertNotStopped(options.signal, `port "${w.output.port.name}" was served`);
      const final = await sealSnapshot(w.portDir, snapshot);
      const servedTo = w.output.contract
        ? await servePort({
            meshRoot: options.meshRoot,
            env: options.env,
            contract: w.output.contract,
            snapshotDir: final,
            scratchDir,
            session: serving,
          })
        : [];
      served.push({ ...ports[index]!, servedTo });
    }
    for (const w of written) {
      assertNotStopped(options.signal, `port "${w.output.port.name}"'s snapshot was made current`);
      await publishSnapshot(w.portDir, snapshot);
      // A stopped build keeps the older snapshots; the next build prunes them.
      if (!isStopped(options.signal)) await pruneSnapshots(w.portDir, options.keep);
    }
    return { status: 'published', inputs, ports: served };
  } catch (error) {
    for (const portDir of started) await withdrawSnapshot(portDir, snapshot);
    throw error;
  } finally {
    session.close();
    serving?.close();
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** Writes one Parquet file per schema object of the port's contract (the port's name without one). */
async function writePort(
  connection: BuildConnection,
  transform: ParsedTransform,
  output: PlannedOutput,
  temp: string,
  options: ProductBuildOptions,
): Promise<{ files: Record<string, string>; rows: number }> {
  const section = transform.sections.find((s) => s.port === output.port.name)!;
  const objects = output.contract ? contractObjects(output.contract) : [];
  if (objects.length > 1) {
    throw new MeshworkError(
      'invalid-input',
      `output port "${output.port.name}": its contract has ${objects.length} schema objects; a port's section builds one, so give each object its own port.`,
    );
  }
  const object = objects[0]?.name ?? output.port.name;
  const file = join(temp, portFileName(output.port.name, objects[0]?.name));
  // One SELECT, so that wrapping it in COPY (…) TO yields one statement and nothing else.
  try {
    await connection.assertOneSelect(section.sql);
  } catch (error) {
    const where = `the transform's section for port "${output.port.name}" (line ${section.line})`;
    if (!(error instanceof StatementRefusedError)) {
      throw new MeshworkError('invalid-input', `${where}: ${(error as Error).message}`);
    }
    throw new MeshworkError(
      'invalid-input',
      `${where} must be one query: it holds ${error.message}.`,
    );
  }
  const rows = await connection.writeParquet(section.sql, file);
  await options.afterFileWritten?.(file);
  return { files: { [object]: file }, rows };
}

/**
 * What the preamble may do: define macros, views and in-memory tables and query them. COPY,
 * EXPORT, ATTACH, INSTALL/LOAD, PRAGMA, CALL, SET and transactions are refused before they
 * run; the lock (sandbox.ts) refuses file access beyond the inputs whatever the statement.
 */
const PREAMBLE_KINDS: ReadonlySet<StatementKind> = new Set<StatementKind>([
  'SELECT',
  'CREATE',
  'CREATE_FUNC',
  'DROP',
  'ALTER',
  'INSERT',
  'UPDATE',
  'DELETE',
  'VARIABLE_SET',
]);

async function runPreamble(connection: BuildConnection, preamble: string): Promise<void> {
  try {
    await connection.runOnly(preamble, PREAMBLE_KINDS);
  } catch (error) {
    if (!(error instanceof StatementRefusedError)) throw error;
    throw new MeshworkError(
      'invalid-input',
      `the transform's preamble (before the first "-- port:" line): ${error.message}; it may define macros, views and tables only.`,
    );
  }
}

async function testPort(
  written: Written,
  options: ProductBuildOptions,
  productId: string | undefined,
  snapshot: string,
): Promise<BuildTestRun & { contract: string }> {
  const contract = written.output.contract!;
  // The warehouse server: the one the new files stand in for, a file per object (a
  // PostgreSQL serving server would be tested against its table, which is not written yet).
  const local = await warehouseServer(contract);
  // The files as they are named once served: the test reads them in the .tmp- folder.
  const served = displayPath(join(written.portDir, snapshot), options.meshRoot);
  const own = Object.keys(written.files).filter((object) =>
    contractObjects(contract).some((o) => o.name === object),
  );
  const run = await options.test({
    location: own.map((object) => `${served}/${object}.parquet`).join(', ') || served,
    meshRoot: options.meshRoot,
    contractFile: contractFile(options.meshRoot, contract),
    relationOverride: written.files,
    port: written.output.port.name,
    ...(productId === undefined ? {} : { productId }),
    ...(local ? { server: local.name } : {}),
  });
  return { ...run, contract: contract.doc.path };
}

/** The first of the contract's servers whose data are a file per object, as a snapshot's are. */
async function warehouseServer(
  contract: NonNullable<PlannedOutput['contract']>,
): Promise<ServerSpec | undefined> {
  for (const server of contractServers(contract)) {
    const engine = await loadEngine(server.type);
    if (engine?.files?.filePerObject(serverEntry(server))) return server;
  }
  return undefined;
}

function failureMessage(ports: readonly PortResult[]): string {
  const parts = ports.flatMap((p) => {
    if (!p.tests || allowsPublish(p.tests)) return [];
    const counts = countChecks(p.tests);
    return [
      `port "${p.port}": tests ${p.tests.status} (${counts.failed} failed, ${counts.error} errors)`,
    ];
  });
  return `not published, the previous snapshot stays served: ${parts.join('; ')}`;
}

/** Removes a snapshot of this build that is not served (temp or sealed). */
async function withdrawSnapshot(portDir: string, snapshot: string): Promise<void> {
  await discardSnapshot(portDir, snapshot);
  if ((await currentSnapshot(portDir)) !== snapshot)
    await rm(join(portDir, snapshot), { recursive: true, force: true });
}
