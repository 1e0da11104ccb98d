import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { duckDbTypeForPostgres } from '../../core/build/column-types.ts';
import type { BuildInput } from '../build-engine.ts';
import type { SourceExport, SourceExportRequest } from '../engine.ts';
import { copyTableToCsv, tableColumns, withPgClient } from './bulk.ts';
import { entrySchema, postgresUrl } from './connection-url.ts';

/**
 * A PostgreSQL source for a build: each object's table copied out as CSV (`COPY … TO
 * STDOUT`) into the build's scratch folder, with its columns' types, so that the build
 * engine reads exactly them instead of guessing from the text.
 */
export async function exportPostgresTables(request: SourceExportRequest): Promise<SourceExport> {
  const { server } = request;
  const url = postgresUrl(server, request.credentials);
  if (url === undefined) {
    // chooseServer reads only a configured server; this is the guard should a caller not.
    throw new Error(
      `server "${server.server}" is not configured (no connection URL and no user with host and database).`,
    );
  }
  const schema = entrySchema(server);
  const objects = new Map<string, BuildInput>();
  await withPgClient(url, async (client) => {
    for (const object of request.objects) {
      const ref = { schema, table: object.physicalName };
      const columns = await tableColumns(client, ref);
      if (columns.length === 0)
        throw new Error(`server "${server.server}" has no table ${schema}.${object.physicalName}.`);
      const path = join(request.scratchDir, `${request.filePrefix}.${object.name}.csv`);
      if (request.columnsOnly === true) {
        // The header line alone: the build engine reads it with the types below, zero rows.
        await writeFile(path, `${columns.map((c) => csvHeaderCell(c.name)).join(',')}\n`);
      } else {
        await copyTableToCsv(client, ref, path);
      }
      objects.set(object.name, {
        kind: 'csv',
        path,
        columns: columns.map((c) => ({ name: c.name, type: duckDbTypeForPostgres(c.type) })),
      });
    }
  });
  return { from: `server "${server.server}" (postgresql)`, objects };
}

function csvHeaderCell(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
