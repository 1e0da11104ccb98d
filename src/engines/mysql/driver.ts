import mysql from 'mysql2/promise';
import type {
  ColumnInfo,
  ConnectOptions,
  EngineConnection,
  RelationRequest,
  Row,
} from '../engine.ts';
import { toJsonRow } from '../json-values.ts';
import { mysqlDialect, quoteIdentifier } from './dialect.ts';

/** MySQL or MariaDB: `url` from the credentials, or host/port/database of the server entry. */
export async function connectMysql(options: ConnectOptions): Promise<EngineConnection> {
  const { server, credentials } = options;
  const common = {
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeout: options.connectTimeoutMs }),
  } as const;
  const connection = credentials.url
    ? await mysql.createConnection({ uri: credentials.url, ...common })
    : await mysql.createConnection({
        ...common,
        ...(typeof server.host === 'string' ? { host: server.host } : {}),
        ...(typeof server.port === 'number' ? { port: server.port } : {}),
        ...(typeof server.database === 'string' ? { database: server.database } : {}),
        ...(credentials.user !== undefined ? { user: credentials.user } : {}),
        ...(credentials.password !== undefined ? { password: credentials.password } : {}),
      });
  const tables = new Map<string, { schema: string | undefined; table: string }>();

  const query = async (sql: string): Promise<readonly Row[]> => {
    const [rows] = await connection.query(sql);
    if (!Array.isArray(rows)) return [];
    return (rows as Record<string, unknown>[]).map(toJsonRow);
  };

  return {
    dialect: mysqlDialect,
    relation(request: RelationRequest) {
      const schema =
        typeof request.server.database === 'string' ? request.server.database : undefined;
      const relation = schema
        ? `${quoteIdentifier(schema)}.${quoteIdentifier(request.physicalName)}`
        : quoteIdentifier(request.physicalName);
      tables.set(relation, { schema, table: request.physicalName });
      return Promise.resolve(relation);
    },
    async columns(relation: string): Promise<readonly ColumnInfo[] | undefined> {
      const table = tables.get(relation);
      if (!table) return undefined;
      const [rows] = await connection.query(
        'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position',
        [table.schema ?? null, table.table],
      );
      const list = rows as { name: unknown; type: unknown }[];
      if (list.length === 0) throw new Error(`table ${table.table} does not exist`);
      return list.map((row) => ({ name: String(row.name), type: String(row.type).toLowerCase() }));
    },
    readsText: () => false,
    query,
    close: () => connection.end(),
  };
}
