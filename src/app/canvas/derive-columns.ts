import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedInput } from '../../core/build/plan.ts';
import { asList, asObject } from '../../core/json/loose.ts';
import type { BuildColumn, BuildConnection } from '../../engines/build-engine.ts';
import { loadBuildEngine } from '../../engines/registry.ts';
import { duckDbTypeName } from '../../engines/sql/physical-types.ts';
import { attachInputs } from '../build/inputs.ts';
import { contractObjects } from '../build/servers.ts';
import type { PlannedCanvasInput } from './canvas-plan.ts';

export interface DerivedColumns {
  readonly columns: readonly BuildColumn[];
  /** `data`: read from the inputs as the build reads them; `declared`: from the contracts' types. */
  readonly from: 'data' | 'declared';
  /** Why the data could not be read (with `declared`). */
  readonly reason?: string;
}

/**
 * The output's columns and types as the build engine gives them: the inputs are attached
 * as a build attaches them (`attachInputs`: the source's server, an upstream's published
 * snapshot) but columns only — a database table's rows are not copied for it — the
 * session is locked to their files, and the query is described: bound, never run. When the data cannot be read (no snapshot yet, no credentials here), each
 * input becomes an empty table of its contract's declared types instead, and the result
 * says so: the draft still stands, its types are the contract's word.
 */
export async function deriveColumns(
  meshRoot: string,
  inputs: readonly PlannedCanvasInput[],
  query: string,
  env: NodeJS.ProcessEnv,
): Promise<DerivedColumns> {
  const scratch = await mkdtemp(join(tmpdir(), 'meshwork-canvas-'));
  try {
    try {
      const columns = await withConnection(async (connection) => {
        const attached = await attachInputs(
          connection,
          { meshRoot, env, scratchDir: scratch, columnsOnly: true },
          inputs.map(plannedInput),
        );
        await connection.lockDown({ read: attached.files });
        return connection.describeQuery(query);
      });
      return { columns, from: 'data' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const columns = await withConnection(async (connection) => {
        await attachDeclared(connection, inputs, scratch);
        await connection.lockDown({ read: [] });
        return connection.describeQuery(query);
      });
      return { columns, from: 'declared', reason };
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function withConnection<T>(work: (connection: BuildConnection) => Promise<T>): Promise<T> {
  const session = await (await loadBuildEngine()).openSession({ threads: 1 });
  try {
    const connection = await session.connect();
    try {
      return await work(connection);
    } finally {
      connection.close();
    }
  } finally {
    session.close();
  }
}

function plannedInput(input: PlannedCanvasInput, index: number): PlannedInput {
  const port = { kind: 'input' as const, name: input.port, contractId: input.contractId, index };
  return input.upstream
    ? { kind: 'product', port, contract: input.contract, upstream: input.upstream }
    : { kind: 'source', port, contract: input.contract };
}

/** Each input object as an empty table of the declared types (a header-only CSV). */
async function attachDeclared(
  connection: BuildConnection,
  inputs: readonly PlannedCanvasInput[],
  scratch: string,
): Promise<void> {
  let n = 0;
  for (const input of inputs) {
    const objects = contractObjects(input.contract);
    if (input.multiObject) await connection.createSchema(input.port);
    for (const object of objects) {
      const columns = declaredColumns(input, object.name);
      const path = join(scratch, `declared-${++n}.csv`);
      await writeFile(path, `${columns.map((c) => csvCell(c.name)).join(',')}\n`);
      await connection.attach(
        input.multiObject
          ? { schema: input.port, name: object.name }
          : { schema: null, name: input.port },
        { kind: 'csv', path, columns },
      );
    }
  }
}

function csvCell(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

const LOGICAL_TO_DUCKDB: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP WITH TIME ZONE',
  time: 'TIME',
};

/** A property's type: its physicalType when DuckDB knows the name, else by its logicalType. */
function declaredColumns(input: PlannedCanvasInput, objectName: string): BuildColumn[] {
  const object = asList(asObject(input.contract.doc.source.data)?.schema)
    .map(asObject)
    .find((o) => o?.name === objectName);
  return asList(object?.properties).flatMap((raw): BuildColumn[] => {
    const property = asObject(raw);
    if (typeof property?.name !== 'string') return [];
    const physical =
      typeof property.physicalType === 'string' ? duckDbTypeName(property.physicalType) : undefined;
    const logical =
      typeof property.logicalType === 'string'
        ? LOGICAL_TO_DUCKDB[property.logicalType]
        : undefined;
    return [{ name: property.name, type: physical?.toUpperCase() ?? logical ?? 'VARCHAR' }];
  });
}
