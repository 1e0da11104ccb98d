import pg from 'pg';
import type {
  ColumnInfo,
  ConnectOptions,
  EngineConnection,
  RelationRequest,
  Row,
} from '../engine.ts';
import { toJsonRow } from '../json-values.ts';
import { postgresDialect, quoteIdentifier } from './dialect.ts';

/** The few members of a pg client used here (typed structurally, as Kysely does). */
interface PgClient {
  connect(): Promise<unknown>;
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
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
      // format_type keeps the modifiers information_schema's data_type drops
      // (`character varying(12)`, `numeric(12,2)`): a declared physicalType is compared with them.
      const result = await client.query(
        `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type
           FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum`,
        [table.schema, table.table],
      );
      if (result.rows.length === 0)
        throw new Error(`table ${table.schema}.${table.table} does not exist`);
      return result.rows.map((row) => ({
        name: String(row.column_name),
        type: String(row.data_type).toLowerCase(),
      }));
    },
    readsText: () => false,
    query,
    close: () => client.end(),
  };
}
