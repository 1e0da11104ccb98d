import pg from 'pg';
import type {
  ColumnInfo,
  ConnectOptions,
  EngineConnection,
  RelationRequest,
  Row,
} from '../engine.ts';
import { toJsonRow } from '../json-values.ts';
import type { PgQueryable } from './bulk.ts';
import { tableColumns } from './bulk.ts';
import { postgresDialect, quoteIdentifier } from './dialect.ts';

/** The few members of a pg client used here (typed structurally, as Kysely does). */
interface PgClient extends PgQueryable {
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

/** A PostgreSQL server: `url` from the credentials, or host/port/database of the server entry. */
export async function connectPostgres(options: ConnectOptions): Promise<EngineConnection> {
  const { server, credentials } = options;
  const timeout =
    options.connectTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMillis: options.connectTimeoutMs };
  const config: pg.ClientConfig = credentials.url
    ? { connectionString: credentials.url, ...timeout }
    : {
        ...timeout,
        ...(typeof server.host === 'string' ? { host: server.host } : {}),
        ...(typeof server.port === 'number' ? { port: server.port } : {}),
        ...(typeof server.database === 'string' ? { database: server.database } : {}),
        ...(credentials.user !== undefined ? { user: credentials.user } : {}),
        ...(credentials.password !== undefined ? { password: credentials.password } : {}),
      };
  const client: PgClient = new pg.Client(config);
  await client.connect();
  const tables = new Map<string, { schema: string; table: string }>();

  const query = async (sql: string): Promise<readonly Row[]> => {
    const result = await client.query(sql);
    return result.rows.map(toJsonRow);
  };

  return {
    dialect: postgresDialect,
    relation(request: RelationRequest) {
      const schema = typeof request.server.schema === 'string' ? request.server.schema : 'public';
      const relation = `${quoteIdentifier(schema)}.${quoteIdentifier(request.physicalName)}`;
      tables.set(relation, { schema, table: request.physicalName });
      return Promise.resolve(relation);
    },
    async columns(relation: string): Promise<readonly ColumnInfo[] | undefined> {
      const table = tables.get(relation);
      if (!table) return undefined;
      const columns = await tableColumns(client, table);
      if (columns.length === 0)
        throw new Error(`table ${table.schema}.${table.table} does not exist`);
      return columns.map((column) => ({ name: column.name, type: column.type.toLowerCase() }));
    },
    readsText: () => false,
    query,
    close: () => client.end(),
  };
}
