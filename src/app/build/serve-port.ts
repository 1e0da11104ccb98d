import { join } from 'node:path';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import type { BuildSession, CsvSnapshot } from '../../engines/build-engine.ts';
import type { Engine } from '../../engines/engine.ts';
import { loadEngine } from '../../engines/registry.ts';
import { resolveCredentials } from '../testing/credentials.ts';
import type { ServerSpec } from './servers.ts';
import { contractObjects, contractServers, credentialVariable, serverEntry } from './servers.ts';

export interface ServedTable {
  readonly server: string;
  /** `schema.table` */
  readonly table: string;
  readonly status: 'served' | 'skipped';
  readonly reason?: string;
}

export interface ServeRequest {
  readonly meshRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly contract: ContractEntry;
  /** The sealed snapshot folder: `<object>.parquet` per schema object. */
  readonly snapshotDir: string;
  readonly scratchDir: string;
  /** The build engine's session that turns the snapshot into what a serving engine loads. */
  readonly session: BuildSession;
}

/**
 * Serves a port into each server of its contract whose engine can serve
 * (`capabilities.canServe`, today PostgreSQL): each object's table is replaced in one
 * transaction. A server whose credentials are not set on this machine is skipped and
 * reported as such (a laptop builds the embedded warehouse only); one that is configured
 * but fails fails the build.
 */
export async function servePort(request: ServeRequest): Promise<ServedTable[]> {
  const results: ServedTable[] = [];
  const targets: { server: ServerSpec; serve: NonNullable<Engine['serve']> }[] = [];
  for (const server of contractServers(request.contract)) {
    const engine = await loadEngine(server.type);
    if (engine?.dialect.capabilities.canServe && engine.serve)
      targets.push({ server, serve: engine.serve.bind(engine) });
  }
  if (targets.length === 0) return results;
  const objects = contractObjects(request.contract);
  const connection = await request.session.connect();
  try {
    for (const { server, serve } of targets) {
      const credentials = await resolveCredentials(request.meshRoot, server.name, request.env);
      for (const object of objects) {
        const parquet = join(request.snapshotDir, `${object.name}.parquet`);
        const csv = join(request.scratchDir, `${server.name}.${object.name}.csv`);
        let written: Promise<CsvSnapshot> | undefined;
        const outcome = await serve({
          server: serverEntry(server),
          credentials,
          table: object.physicalName,
          csv: () => (written ??= connection.parquetToCsv(parquet, csv)),
        });
        results.push(
          outcome.served
            ? { server: server.name, table: outcome.table, status: 'served' }
            : {
                server: server.name,
                table: outcome.table,
                status: 'skipped',
                reason: `${credentialVariable(server)} is not set`,
              },
        );
      }
    }
  } finally {
    connection.close();
  }
  return results;
}
