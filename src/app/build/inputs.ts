import { dirname, join } from 'node:path';
import type { PlannedInput } from '../../core/build/plan.ts';
import type { PassedOverServer } from '../../core/quality/index.ts';
import type { BuildConnection, BuildInput } from '../../engines/build-engine.ts';
import { buildReads, loadEngine } from '../../engines/registry.ts';
import { MeshworkError } from '../errors.ts';
import type { DatasetName } from '../../core/openlineage/dataset-naming.ts';
import { fileDataset, serverDataset } from '../../core/openlineage/dataset-naming.ts';
import { entryPath } from '../../engines/engine.ts';
import { chooseServer } from '../servers/choose-server.ts';
import { contractFile, contractObjects, contractServers, serverEntry } from './servers.ts';
import { CURRENT, currentSnapshot, productDir } from './warehouse.ts';

export interface InputContext {
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** A private folder of this build for files in transit (PostgreSQL tables as CSV). */
  readonly scratchDir: string;
  /** Attach the inputs' columns and types without their rows (a draft describes a query; it never reads data). */
  readonly columnsOnly?: boolean;
}

export interface InputReport {
  readonly port: string;
  /** Where it was read from, for the summary: `server "webshop" (postgresql)`, `snapshot …`. */
  readonly from: string;
  /** The source contract's servers passed over before it, and why (not configured here). */
  readonly passedOver: readonly PassedOverServer[];
  /**
   * Each schema object read, named after the OpenLineage conventions (where the data is,
   * not which credentials read it) and, for an upstream product, the snapshot read.
   */
  readonly datasets?: readonly InputDatasetName[];
}

export interface InputDatasetName extends DatasetName {
  /** The contract's schema object. */
  readonly object: string;
  readonly version?: string;
}

export interface AttachedInputs {
  readonly reports: readonly InputReport[];
  /**
   * The files (or globs) the views read when queried: all the transform may read once
   * the build's DuckDB is locked down. PostgreSQL tables are copied in before and need none.
   */
  readonly files: readonly string[];
}

/**
 * Makes each input port a relation of the connection, named after the port. A contract
 * with one schema object becomes the view `"<port>"`; with several, the schema `"<port>"`
 * holds a view per object (`"<port>"."<object>"`).
 */
export async function attachInputs(
  connection: BuildConnection,
  context: InputContext,
  inputs: readonly PlannedInput[],
): Promise<AttachedInputs> {
  const reports: InputReport[] = [];
  const files: string[] = [];
  for (const input of inputs) {
    if (input.kind === 'unresolved') {
      throw new MeshworkError(
        'invalid-input',
        `input port "${input.port.name}" names no single contract of the mesh; run meshwork validate.`,
      );
    }
    const objects = contractObjects(input.contract);
    if (objects.length === 0) {
      throw new MeshworkError(
        'invalid-input',
        `the contract of input port "${input.port.name}" has no schema objects.`,
      );
    }
    const sources =
      input.kind === 'product'
        ? await upstreamFiles(context, input)
        : await sourceRelations(context, input);
    const single = objects.length === 1;
    if (!single) await connection.createSchema(input.port.name);
    for (const object of objects) {
      const view = single
        ? { schema: null, name: input.port.name }
        : { schema: input.port.name, name: object.name };
      files.push(...(await connection.attach(view, sources.input(object))));
    }
    reports.push({
      port: input.port.name,
      from: sources.from,
      passedOver: sources.passedOver ?? [],
      datasets: objects.map((object) => ({ object: object.name, ...sources.dataset(object) })),
    });
  }
  return { reports, files };
}

interface Sources {
  readonly from: string;
  readonly passedOver?: readonly PassedOverServer[];
  input(object: { name: string; physicalName: string }): BuildInput;
  dataset(object: { name: string; physicalName: string }): DatasetName & { version?: string };
}

async function upstreamFiles(
  context: InputContext,
  input: Extract<PlannedInput, { kind: 'product' }>,
): Promise<Sources> {
  const upstream = input.upstream;
  const port = upstream.outputPorts.find((p) => p.contractId === input.contract.id);
  const portDir = join(
    productDir(context.meshRoot, upstream.domainFolder, upstream.productFolder),
    port?.name ?? '',
  );
  // Pinned to the snapshot current now, so a concurrent publish cannot mix two snapshots.
  const snapshot = port ? await currentSnapshot(portDir) : undefined;
  if (snapshot === undefined) {
    throw new MeshworkError(
      'not-found',
      `input port "${input.port.name}" reads ${upstream.domainFolder}/${upstream.productFolder}, which has no published snapshot yet; build it first.`,
    );
  }
  return {
    from: `${upstream.domainFolder}/${upstream.productFolder} snapshot ${snapshot}`,
    input: (object) => ({
      kind: 'parquet',
      path: join(portDir, snapshot, `${object.name}.parquet`),
    }),
    // The served name (current/…), as the upstream build's outputs name it; the snapshot is its version.
    dataset: (object) => ({
      ...fileDataset(join(portDir, CURRENT, `${object.name}.parquet`)),
      version: snapshot,
    }),
  };
}

/**
 * A source contract's data, from the server `chooseServer` picks — the rule `meshwork test`
 * uses too: the first server in the contract's order that builds read and that is usable
 * here (PostgreSQL configured and answering, a local file that exists).
 */
async function sourceRelations(
  context: InputContext,
  input: Extract<PlannedInput, { kind: 'source' }>,
): Promise<Sources> {
  const file = contractFile(context.meshRoot, input.contract);
  const objects = contractObjects(input.contract);
  const choice = await chooseServer({
    meshRoot: context.meshRoot,
    contractFile: file,
    servers: contractServers(input.contract).map(serverEntry),
    objects: objects.map((o) => o.physicalName),
    reads: buildReads,
    env: context.env,
  });
  if (!choice.ok) {
    throw new MeshworkError(
      'engine',
      `input port "${input.port.name}" (${input.contract.doc.path}): ${choice.message}.`,
    );
  }
  const engine = await loadEngine(choice.server.type);
  if (engine?.exportSource === undefined) {
    throw new MeshworkError(
      'engine',
      `input port "${input.port.name}": server "${choice.server.server}" (${choice.server.type}) cannot be read by a build.`,
    );
  }
  const exported = await engine.exportSource({
    server: choice.server,
    credentials: choice.credentials,
    baseDir: dirname(file),
    objects,
    scratchDir: context.scratchDir,
    filePrefix: input.port.name,
    ...(context.columnsOnly === true ? { columnsOnly: true } : {}),
  });
  return {
    from: exported.from,
    passedOver: choice.passedOver,
    input: (object) => exported.objects.get(object.name)!,
    dataset: (object) => {
      const server = choice.server;
      const files =
        typeof server.path === 'string'
          ? [entryPath(server, object.physicalName, dirname(file))]
          : (engine.files?.paths(server, [object.physicalName], dirname(file)) ?? []);
      return serverDataset({
        type: server.type,
        fields: server,
        files,
        object: object.physicalName,
        ...(choice.credentials.url === undefined ? {} : { url: choice.credentials.url }),
      });
    },
  };
}
