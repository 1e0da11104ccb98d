import { dirname, join } from 'node:path';
import type { PlannedInput } from '../../core/build/plan.ts';
import { duckDbTypeForPostgres } from '../../core/build/column-types.ts';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import { quoteIdentifier } from '../../engines/duckdb/dialect.ts';
import { fileFormat, localPath } from '../../engines/duckdb/relation.ts';
import type { DuckDbSessionConnection } from '../../engines/duckdb/session.ts';
import {
  createSchema,
  createTableFromTypedCsv,
  createView,
  parquetScan,
  typedFileScan,
} from '../../engines/duckdb/build-sql.ts';
import type { ServerEntry } from '../../engines/engine.ts';
import { copyTableToCsv, tableColumns, withPgClient } from '../../engines/postgresql/bulk.ts';
import { MeshworkError } from '../errors.ts';
import type { PassedOverServer } from '../../core/quality/index.ts';
import { chooseServer } from '../servers/choose-server.ts';
import type { ServerSpec } from './servers.ts';
import {
  contractFile,
  contractObjects,
  contractServers,
  credentialVariable,
  field,
  postgresUrl,
} from './servers.ts';
import { currentSnapshot, productDir } from './warehouse.ts';

export interface InputContext {
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** A private folder of this build for files in transit (PostgreSQL tables as CSV). */
  readonly scratchDir: string;
}

export interface InputReport {
  readonly port: string;
  /** Where it was read from, for the summary: `server "webshop" (postgresql)`, `snapshot …`. */
  readonly from: string;
  /** The source contract's servers passed over before it, and why (not configured here). */
  readonly passedOver: readonly PassedOverServer[];
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
  connection: DuckDbSessionConnection,
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
        : await sourceRelations(connection, context, input);
    const single = objects.length === 1;
    if (!single) await connection.run(createSchema(input.port.name));
    for (const object of objects) {
      const relation = sources.relation(object);
      files.push(...sources.files(object));
      await connection.run(
        single
          ? createView(null, input.port.name, relation)
          : createView(input.port.name, object.name, relation),
      );
    }
    reports.push({
      port: input.port.name,
      from: sources.from,
      passedOver: sources.passedOver ?? [],
    });
  }
  return { reports, files };
}

interface Sources {
  readonly from: string;
  readonly passedOver?: readonly PassedOverServer[];
  relation(object: { name: string; physicalName: string }): string;
  /** The files the relation reads when queried. */
  files(object: { name: string; physicalName: string }): readonly string[];
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
    relation: (object) => parquetScan(join(portDir, snapshot, `${object.name}.parquet`)),
    files: (object) => [join(portDir, snapshot, `${object.name}.parquet`)],
  };
}

/** Reads a source server that `chooseServer` found usable. */
type SourceReader = (
  connection: DuckDbSessionConnection,
  context: InputContext,
  input: Extract<PlannedInput, { kind: 'source' }>,
  server: ServerSpec,
) => Promise<Sources>;

const readPostgres: SourceReader = async (connection, context, input, server) => {
  const url = await postgresUrl(context.meshRoot, server, context.env);
  if (url === undefined) {
    throw new MeshworkError(
      'engine',
      `server "${server.name}" is not configured (${credentialVariable(server)} is not set).`,
    );
  }
  return copyFromPostgres(connection, context, input, server, url);
};

const readLocal: SourceReader = (_connection, context, input, server) => {
  // The same path and format `chooseServer` checked and `meshwork test` reads: `{model}`
  // is the object's physicalName, the format declared or else the file's extension.
  const entry: ServerEntry = { ...server.fields, server: server.name, type: server.type };
  const baseDir = dirname(contractFile(context.meshRoot, input.contract));
  return Promise.resolve({
    from: `server "${server.name}" (local ${field(server, 'format') ?? 'file'})`,
    relation: (object) => {
      const path = localPath(entry, object.physicalName, baseDir);
      return typedFileScan(fileFormat(entry, path), path);
    },
    files: (object) => [localPath(entry, object.physicalName, baseDir)],
  });
};

/** The server types a build reads sources from. */
const SOURCE_READERS: Readonly<Record<string, SourceReader>> = {
  postgresql: readPostgres,
  postgres: readPostgres,
  local: readLocal,
};

/**
 * A source contract's data, from the server `chooseServer` picks — the rule `meshwork test`
 * uses too: the first server in the contract's order that builds read and that is usable
 * here (PostgreSQL configured and answering, a local file that exists).
 */
async function sourceRelations(
  connection: DuckDbSessionConnection,
  context: InputContext,
  input: Extract<PlannedInput, { kind: 'source' }>,
): Promise<Sources> {
  const servers = contractServers(input.contract);
  const choice = await chooseServer({
    meshRoot: context.meshRoot,
    contractFile: contractFile(context.meshRoot, input.contract),
    servers: servers.map((s): ServerEntry => ({ ...s.fields, server: s.name, type: s.type })),
    objects: contractObjects(input.contract).map((o) => o.physicalName),
    reads: (type) => Object.hasOwn(SOURCE_READERS, type),
    env: context.env,
  });
  if (!choice.ok) {
    throw new MeshworkError(
      'engine',
      `input port "${input.port.name}" (${input.contract.doc.path}): ${choice.message}.`,
    );
  }
  const server = servers.find((s) => s.name === choice.server.server)!;
  const sources = await SOURCE_READERS[server.type]!(connection, context, input, server);
  return { ...sources, passedOver: choice.passedOver };
}

async function copyFromPostgres(
  connection: DuckDbSessionConnection,
  context: InputContext,
  input: { port: { name: string }; contract: ContractEntry },
  server: ServerSpec,
  url: string,
): Promise<Sources> {
  const schema = field(server, 'schema') ?? 'public';
  const tables = new Map<string, string>();
  await withPgClient(url, async (client) => {
    for (const object of contractObjects(input.contract)) {
      const ref = { schema, table: object.physicalName };
      const columns = await tableColumns(client, ref);
      if (columns.length === 0) {
        throw new MeshworkError(
          'not-found',
          `server "${server.name}" has no table ${schema}.${object.physicalName}.`,
        );
      }
      const file = join(context.scratchDir, `${input.port.name}.${object.name}.csv`);
      await copyTableToCsv(client, ref, file);
      const types = columns.map((c) => ({ name: c.name, type: duckDbTypeForPostgres(c.type) }));
      const table = `__pg_${input.port.name}_${object.name}`;
      // Materialised, so the CSV in transit is read once.
      await connection.run(createTableFromTypedCsv(table, file, types));
      tables.set(object.name, quoteIdentifier(table));
    }
  });
  return {
    from: `server "${server.name}" (postgresql)`,
    relation: (object) => tables.get(object.name)!,
    files: () => [],
  };
}
