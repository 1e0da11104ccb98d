import { join } from 'node:path';
import { postgresTypeForDuckDb } from '../../core/build/column-types.ts';
import type { ContractEntry } from '../../core/mesh/mesh-model.ts';
import type { DuckDbSession } from '../../engines/duckdb/session.ts';
import { copyParquetToCsv, describeParquet } from '../../engines/duckdb/build-sql.ts';
import { replaceTableFromCsv, withPgClient } from '../../engines/postgresql/bulk.ts';
import {
  contractObjects,
  contractServers,
  credentialVariable,
  field,
  isPostgresServer,
  postgresUrl,
} from './servers.ts';

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
  readonly session: DuckDbSession;
}

/**
 * Serves a port into each PostgreSQL server its contract names: the table
 * `<server schema>.<physicalName>` is replaced in one transaction. A server whose
 * credentials are not set on this machine is skipped and reported as such (a laptop
 * builds the embedded warehouse only); one that is configured but fails fails the build.
 */
export async function servePostgres(request: ServeRequest): Promise<ServedTable[]> {
  const results: ServedTable[] = [];
  const servers = contractServers(request.contract).filter(isPostgresServer);
  if (servers.length === 0) return results;
  const objects = contractObjects(request.contract);
  const connection = await request.session.connect();
  try {
    for (const server of servers) {
      const schema = field(server, 'schema') ?? 'public';
      const url = await postgresUrl(request.meshRoot, server, request.env);
      for (const object of objects) {
        const table = `${schema}.${object.physicalName}`;
        if (url === undefined) {
          results.push({
            server: server.name,
            table,
            status: 'skipped',
            reason: `${credentialVariable(server)} is not set`,
          });
          continue;
        }
        const parquet = join(request.snapshotDir, `${object.name}.parquet`);
        const described = await connection.rows(describeParquet(parquet));
        const columns = described.map((row) => ({
          name: String(row.column_name),
          type: postgresTypeForDuckDb(String(row.column_type)),
        }));
        const csv = join(request.scratchDir, `${server.name}.${object.name}.csv`);
        await connection.run(copyParquetToCsv(parquet, csv));
        await withPgClient(url, (client) =>
          replaceTableFromCsv(client, { schema, table: object.physicalName }, columns, csv),
        );
        results.push({ server: server.name, table, status: 'served' });
      }
    }
  } finally {
    connection.close();
  }
  return results;
}
