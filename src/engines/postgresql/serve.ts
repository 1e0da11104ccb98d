import { postgresTypeForDuckDb } from '../../core/build/column-types.ts';
import type { ServeOutcome, ServeRequest } from '../engine.ts';
import { replaceTableFromCsv, withPgClient } from './bulk.ts';
import { entrySchema, postgresUrl } from './connection-url.ts';

/**
 * Serves one object of a snapshot as `<entry schema>.<physicalName>`: the table is
 * replaced in one transaction (bulk.ts), so readers see the old rows or the new. Without
 * credentials nothing is asked of the snapshot and nothing is served.
 */
export async function servePostgres(request: ServeRequest): Promise<ServeOutcome> {
  const schema = entrySchema(request.server);
  const table = `${schema}.${request.table}`;
  const url = postgresUrl(request.server, request.credentials);
  if (url === undefined) return { table, served: false };
  const csv = await request.csv();
  const columns = csv.columns.map((c) => ({ name: c.name, type: postgresTypeForDuckDb(c.type) }));
  await withPgClient(url, (client) =>
    replaceTableFromCsv(client, { schema, table: request.table }, columns, csv.path),
  );
  return { table, served: true };
}
