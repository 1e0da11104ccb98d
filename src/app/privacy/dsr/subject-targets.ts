import { realpath } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ContractEntry, MeshModel, ProductEntry } from '../../../core/mesh/mesh-model.ts';
import { asList, asObject } from '../../../core/json/loose.ts';
import { subjectKeysOf } from '../../../core/privacy/subject-keys.ts';
import type { Credentials, EngineConnection, ServerEntry } from '../../../engines/engine.ts';
import { canRead, loadEngine, SNAPSHOT_SERVER_TYPE } from '../../../engines/registry.ts';
import { contractObjects, contractServers, serverEntry } from '../../build/servers.ts';
import { CURRENT, currentSnapshot, portFileName, productDir } from '../../build/warehouse.ts';
import { maskSecrets } from '../../mask-secrets.ts';
import { chooseServer } from '../../servers/choose-server.ts';
import { credentialPrefix, resolveCredentials } from '../../testing/credentials.ts';
import type { SubjectKeyRef } from './subject-sql.ts';

/**
 * Where a data subject can be: every object of the mesh with a subject-key column
 * (`meshworkSubjectKey`) — each product output port's served Parquet snapshot, the tables
 * it is served into (servers whose engine can serve), and each source contract's objects
 * on the server `chooseServer` picks. What cannot be opened is a reason, never a gap.
 */

/** How one searched object is read, for the answer and for `meshwork dsr erase`. */
export type SubjectRead =
  | {
      readonly kind: 'snapshot';
      /** The snapshot id that was read (`current` at the time). */
      readonly snapshot: string;
      /** The snapshot file, relative to the mesh root. */
      readonly file: string;
    }
  | {
      readonly kind: 'server';
      readonly server: string;
      readonly type: string;
      /** `schema.table` for serving tables, else the object's physical name. */
      readonly table: string;
    };

/** An object that holds subject-key columns. */
export interface TargetBase {
  /** The product's id (its folder path when it has none); null for a source. */
  readonly product: string | null;
  readonly port: string | null;
  /** The contract's id (its path when it has none). */
  readonly contract: string;
  /** The contract file relative to the mesh root. */
  readonly contractPath: string;
  /** `sources/<system>/` of a source contract; null for a product's. */
  readonly source: string | null;
  /** The schema object's name in the contract. */
  readonly object: string;
  readonly keys: readonly SubjectKeyRef[];
}

/** An opened target: a FROM item on a connection shared by the targets of one group. */
export interface OpenTarget {
  readonly connection: EngineConnection;
  readonly relation: string;
  readonly read: SubjectRead;
}

export interface SubjectTarget extends TargetBase {
  /** How the target is described when it cannot be opened (no secrets). */
  readonly where: string;
  /** Opens it (once; later calls share the promise), or says why it cannot be read here. */
  readonly open: () => Promise<OpenTarget | { readonly reason: string }>;
}

export interface TargetOptions {
  readonly meshRoot: string;
  readonly model: MeshModel;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Closes every connection the targets opened. */
export type CloseTargets = () => Promise<void>;

export async function subjectTargets(options: TargetOptions): Promise<{
  readonly targets: SubjectTarget[];
  readonly close: CloseTargets;
}> {
  const connections: Promise<unknown>[] = [];
  const track = <T>(promise: Promise<T>): Promise<T> => {
    connections.push(promise);
    return promise;
  };
  const targets: SubjectTarget[] = [];
  for (const product of options.model.products)
    targets.push(...(await productTargets(options, product, track)));
  for (const contract of options.model.contracts)
    if (contract.owner.kind === 'source') targets.push(...sourceTargets(options, contract, track));
  const close = async (): Promise<void> => {
    for (const opened of connections) {
      const value = await opened.catch(() => undefined);
      if (value !== null && typeof value === 'object' && 'close' in value)
        await (value as EngineConnection).close().catch(() => undefined);
    }
  };
  return { targets, close };
}

type Track = <T>(promise: Promise<T>) => Promise<T>;

/** The objects of a contract that have subject-key columns, with the keys by physical column. */
function keyedObjects(contract: ContractEntry): KeyedObject[] {
  const data = contract.doc.source.data;
  const keys = subjectKeysOf(data);
  return contractObjects(contract).flatMap((object) => {
    const own = keys
      .filter((key) => key.object === object.name)
      .map((key) => ({ column: key.physicalColumn, kind: key.kind }));
    return own.length === 0
      ? []
      : [{ ...object, keys: own, columns: declaredColumns(data, object.name) }];
  });
}

interface KeyedObject {
  readonly name: string;
  readonly physicalName: string;
  readonly keys: readonly SubjectKeyRef[];
  /** Every declared column (schemaless files read only these). */
  readonly columns: readonly string[];
}

function declaredColumns(contract: unknown, objectName: string): string[] {
  const object = asList(asObject(contract)?.schema)
    .map(asObject)
    .find((o) => o?.name === objectName);
  return asList(object?.properties).flatMap((raw) => {
    const property = asObject(raw);
    const name = property?.physicalName ?? property?.name;
    return typeof name === 'string' && name.trim() !== '' ? [name.trim()] : [];
  });
}

function contractIdOf(contract: ContractEntry): string {
  return contract.id ?? contract.doc.path;
}

/** The output contract of a port: the one the product owns, else any of that id. */
export function outputContract(
  model: MeshModel,
  product: ProductEntry,
  contractId: string,
): ContractEntry | undefined {
  const candidates = model.contractsById.get(contractId) ?? [];
  return (
    candidates.find(
      (c) =>
        c.owner.kind === 'product' &&
        c.owner.domain === product.domainFolder &&
        c.owner.product === product.productFolder,
    ) ?? candidates[0]
  );
}

async function productTargets(
  options: TargetOptions,
  product: ProductEntry,
  track: Track,
): Promise<SubjectTarget[]> {
  const targets: SubjectTarget[] = [];
  const productName = product.id ?? `${product.domainFolder}/${product.productFolder}`;
  for (const port of product.outputPorts) {
    if (port.contractId === undefined) continue;
    const contract = outputContract(options.model, product, port.contractId);
    if (!contract) continue;
    const objects = keyedObjects(contract);
    const first = contractObjects(contract)[0];
    const base = {
      product: productName,
      port: port.name,
      contract: contractIdOf(contract),
      contractPath: contract.doc.path,
      source: null,
    };
    const portDir = join(
      productDir(options.meshRoot, product.domainFolder, product.productFolder),
      port.name,
    );
    // A port's snapshot holds its contract's one object (build-product.ts refuses more).
    const snapshotObject = objects.find((o) => o.name === first?.name);
    if (snapshotObject) {
      let opened: Promise<OpenTarget | { reason: string }> | undefined;
      targets.push({
        ...base,
        object: snapshotObject.name,
        keys: snapshotObject.keys,
        where: `the warehouse snapshot of port "${port.name}"`,
        open: () =>
          (opened ??= openSnapshot(
            options.meshRoot,
            portDir,
            port.name,
            snapshotObject.name,
            track,
          )),
      });
    }
    for (const server of contractServers(contract)) {
      if (!(await servingEngine(server.type))) continue;
      const entry = serverEntry(server);
      let opened: Promise<{ connection: EngineConnection } | { reason: string }> | undefined;
      const connect = () => (opened ??= openServing(options, contract, entry, track));
      for (const object of objects) {
        const schema = typeof entry.schema === 'string' ? entry.schema : 'public';
        targets.push({
          ...base,
          object: object.name,
          keys: object.keys,
          where: `server "${server.name}" (${server.type}), table ${schema}.${object.physicalName}`,
          open: async () => {
            const connected = await connect();
            if ('reason' in connected) return connected;
            return relationOf(connected.connection, contract, entry, object, options.meshRoot, {
              kind: 'server',
              server: server.name,
              type: server.type,
              table: `${schema}.${object.physicalName}`,
            });
          },
        });
      }
    }
  }
  return targets;
}

/** Only serving targets are a product's servers to search: the rest name the snapshot. */
async function servingEngine(type: string): Promise<boolean> {
  const engine = await loadEngine(type);
  return engine?.dialect.capabilities.canServe === true && engine.serve !== undefined;
}

async function relationOf(
  connection: EngineConnection,
  contract: ContractEntry,
  server: ServerEntry,
  object: KeyedObject,
  meshRoot: string,
  read: SubjectRead,
): Promise<OpenTarget | { reason: string }> {
  try {
    const relation = await connection.relation({
      schema: object.name,
      physicalName: object.physicalName,
      columns: object.columns,
      baseDir: dirname(join(meshRoot, contract.doc.path)),
      server,
    });
    return { connection, relation, read };
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] ?? 'cannot be read' };
  }
}

async function openServing(
  options: TargetOptions,
  contract: ContractEntry,
  server: ServerEntry,
  track: Track,
): Promise<{ connection: EngineConnection } | { reason: string }> {
  const engine = await loadEngine(server.type);
  if (!engine) return { reason: `type ${server.type} is not read here` };
  const credentials = await resolveCredentials(options.meshRoot, server.server, options.env);
  if (!isConfigured(server, credentials)) {
    const prefix = credentialPrefix(server.server);
    return { reason: `not configured here (set ${prefix}URL)` };
  }
  try {
    const connection = await track(
      engine.connect({
        server,
        credentials,
        baseDir: dirname(join(options.meshRoot, contract.doc.path)),
        connectTimeoutMs: 5000,
      }),
    );
    return { connection };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    return { reason: `cannot connect (${maskSecrets(message, credentials)})` };
  }
}

function isConfigured(server: ServerEntry, credentials: Credentials): boolean {
  return (
    credentials.url !== undefined ||
    (credentials.user !== undefined &&
      typeof server.host === 'string' &&
      typeof server.database === 'string')
  );
}

async function openSnapshot(
  meshRoot: string,
  portDir: string,
  port: string,
  object: string,
  track: Track,
): Promise<OpenTarget | { reason: string }> {
  // A port's name comes from the mesh: one that is not a plain folder name could point the
  // search at a folder outside the warehouse.
  if (!isPlainName(port) || !isPlainName(object))
    return { reason: 'the port or object name cannot name a warehouse folder (refused)' };
  const snapshot = await currentSnapshot(portDir);
  if (snapshot === undefined) return { reason: 'not built here (the port has no snapshot)' };
  const file = await snapshotFile(portDir, portFileName(port, object));
  if (typeof file !== 'string') return file;
  const engine = await loadEngine(SNAPSHOT_SERVER_TYPE);
  if (!engine) return { reason: 'DuckDB cannot be loaded' };
  const server: ServerEntry = {
    server: 'warehouse',
    type: SNAPSHOT_SERVER_TYPE,
    path: '',
    format: 'parquet',
  };
  let connection: EngineConnection;
  try {
    connection = await track(
      engine.connect({
        server,
        credentials: {},
        baseDir: portDir,
        relationOverride: { [object]: file },
      }),
    );
  } catch (error) {
    return { reason: `DuckDB cannot be opened (${(error as Error).message.split('\n')[0] ?? ''})` };
  }
  const relation = await connection.relation({
    schema: object,
    physicalName: object,
    columns: [],
    baseDir: portDir,
    server,
  });
  return {
    connection,
    relation,
    read: {
      kind: 'snapshot',
      snapshot,
      file: relative(meshRoot, join(portDir, snapshot, portFileName(port, object)))
        .split(sep)
        .join('/'),
    },
  };
}

function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/**
 * The current snapshot's file with every link resolved, refused unless it lies in the
 * port's own folder: a planted link must not make the search read another file.
 */
async function snapshotFile(
  portDir: string,
  fileName: string,
): Promise<string | { reason: string }> {
  let real: string;
  let realPort: string;
  try {
    realPort = await realpath(portDir);
    real = await realpath(join(portDir, CURRENT, fileName));
  } catch {
    return { reason: `the current snapshot has no file ${fileName}` };
  }
  const inside = relative(realPort, real);
  if (inside.startsWith('..') || inside.split(sep).length !== 2)
    return { reason: 'the snapshot file lies outside the port folder (refused)' };
  return real;
}

function sourceTargets(
  options: TargetOptions,
  contract: ContractEntry,
  track: Track,
): SubjectTarget[] {
  const objects = keyedObjects(contract);
  if (objects.length === 0) return [];
  const system = contract.owner.kind === 'source' ? contract.owner.system : null;
  const file = join(options.meshRoot, contract.doc.path);
  let chosen:
    Promise<{ connection: EngineConnection; entry: ServerEntry } | { reason: string }> | undefined;
  const connect = () =>
    (chosen ??= (async () => {
      const servers = contractServers(contract).map(serverEntry);
      let choice;
      try {
        choice = await chooseServer({
          meshRoot: options.meshRoot,
          contractFile: file,
          servers,
          objects: contractObjects(contract).map((o) => o.physicalName),
          reads: canRead,
          env: options.env,
        });
      } catch (error) {
        return { reason: (error as Error).message };
      }
      if (!choice.ok) return { reason: choice.message };
      const engine = (await loadEngine(choice.server.type))!;
      try {
        const connection = await track(
          engine.connect({
            server: choice.server,
            credentials: choice.credentials,
            baseDir: dirname(file),
          }),
        );
        return { connection, entry: choice.server };
      } catch (error) {
        const message = (error as Error).message.split('\n')[0] ?? '';
        return {
          reason: `server "${choice.server.server}" cannot be read: ${maskSecrets(message, choice.credentials)}`,
        };
      }
    })());
  return objects.map((object) => ({
    product: null,
    port: null,
    contract: contractIdOf(contract),
    contractPath: contract.doc.path,
    source: system,
    object: object.name,
    keys: object.keys,
    where: `source object "${object.name}"`,
    open: async () => {
      const connected = await connect();
      if ('reason' in connected) return connected;
      return relationOf(connected.connection, contract, connected.entry, object, options.meshRoot, {
        kind: 'server',
        server: connected.entry.server,
        type: connected.entry.type,
        table: object.physicalName,
      });
    },
  }));
}
