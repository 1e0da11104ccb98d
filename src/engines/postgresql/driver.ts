import pg from 'pg';
import { DEFAULT_RULE_TIMEOUT_MS } from '../engine.ts';
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
import { describePostgres } from './describe.ts';
import { planSample, runSamplePlan } from '../sql/scan-sample-sql.ts';
import { postgresDialect, quoteIdentifier } from './dialect.ts';
import { readStatementStatistics } from './statement-statistics.ts';
import { requireStandardStrings } from './standard-strings.ts';

/** The few members of a pg client used here (typed structurally, as Kysely does). */
interface PgClient extends PgQueryable {
  /** `queryMode: 'extended'`: Parse/Bind/Execute, which takes exactly one statement. */
  query(config: {
    readonly text: string;
    readonly queryMode: 'extended';
  }): Promise<{ rows: Record<string, unknown>[] }>;
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  connect(): Promise<unknown>;
  end(): Promise<void>;
}

/** A PostgreSQL server: `url` from the credentials, or host/port/database of the server entry. */
export function postgresClientConfig(options: ConnectOptions): pg.ClientConfig {
  const { server, credentials } = options;
  const timeout =
    options.connectTimeoutMs === undefined
      ? {}
      : { connectionTimeoutMillis: options.connectTimeoutMs };
  return credentials.url
    ? { connectionString: credentials.url, ...timeout }
    : {
        ...timeout,
        ...(typeof server.host === 'string' ? { host: server.host } : {}),
        ...(typeof server.port === 'number' ? { port: server.port } : {}),
        ...(typeof server.database === 'string' ? { database: server.database } : {}),
        ...(credentials.user !== undefined ? { user: credentials.user } : {}),
        ...(credentials.password !== undefined ? { password: credentials.password } : {}),
      };
}

export async function connectPostgres(options: ConnectOptions): Promise<EngineConnection> {
  const { server } = options;
  const client: PgClient = new pg.Client(postgresClientConfig(options));
  await client.connect();
  // Literals stay literals (standard-strings.ts): a planted identifier followed by
  // `meshwork dsr` would otherwise be SQL.
  try {
    await requireStandardStrings(client);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const tables = new Map<string, { schema: string; table: string }>();

  const query = async (sql: string): Promise<readonly Row[]> => {
    const result = await client.query(sql);
    return result.rows.map(toJsonRow);
  };

  const ruleTimeout = Math.max(1, Math.round(options.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS));
  const ruleSchema = typeof server.schema === 'string' ? server.schema : undefined;

  /**
   * A contract's SQL rule: READ ONLY refuses every write to a table, sequence or large
   * object (and SELECT INTO, CREATE TABLE AS, nextval) for the whole transaction, and a
   * rule cannot switch it back (read-write must be set before the first query); the
   * extended protocol refuses a second statement; ROLLBACK leaves nothing behind either
   * way. The server's schema comes first in the search path, so that a rule may name its
   * table as the contract does.
   */
  const queryRule = (sql: string): Promise<readonly Row[]> => readOnly(sql, ruleTimeout);
  const readOnly = async (sql: string, timeoutMs: number): Promise<readonly Row[]> => {
    await client.query('BEGIN TRANSACTION READ ONLY');
    try {
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
      if (ruleSchema !== undefined) {
        await client.query(`SET LOCAL search_path TO ${quoteIdentifier(ruleSchema)}, public`);
      }
      const result = await client.query({ text: sql, queryMode: 'extended' });
      return result.rows.map(toJsonRow);
    } finally {
      // A broken connection has no transaction left to end; the rule's own error is the news.
      await client.query('ROLLBACK').catch(() => undefined);
    }
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
    queryRule,
    queryWithin: readOnly,
    async sample({ relation, columns, rows, timeoutMs }) {
      const table = tables.get(relation);
      const estimate = table ? await estimateRows(client, table) : undefined;
      const plan = planSample(estimate, rows);
      // Through the rule path: a read-only transaction with the statement time limit, so a
      // scan of a production database can neither write nor run unbounded.
      return runSamplePlan(plan, estimate, columns.length, (p) =>
        readOnly(postgresDialect.sampleQuery(relation, columns, p), timeoutMs ?? ruleTimeout),
      );
    },
    async tables() {
      const schema = typeof server.schema === 'string' ? server.schema : 'public';
      // Partitions are read through their parent, so they are not listed twice; an
      // extension's own relations (pg_stat_statements' views created in public) are not data.
      const result = await client.query(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype = 'e')
          ORDER BY c.relname`,
        [schema],
      );
      return result.rows.map((row) => String(row.name));
    },
    statementStatistics: (limit) => readStatementStatistics(client, limit),
    describe(only?: readonly string[]) {
      const schema = typeof server.schema === 'string' ? server.schema : 'public';
      return describePostgres(client, schema, only);
    },
    close: () => client.end(),
  };
}

/**
 * Rows of a table or materialised view now, as PostgreSQL's planner estimates them: the
 * density of the last ANALYZE times the pages the table has now (a table that grew since
 * is not mistaken for a small one); without statistics a conservative 60 rows a page.
 * Undefined for views and partitioned tables, which TABLESAMPLE does not size.
 */
async function estimateRows(
  client: PgQueryable,
  table: { schema: string; table: string },
): Promise<number | undefined> {
  const result = await client.query(
    `SELECT c.relkind::text AS kind, c.reltuples::float8 AS tuples, c.relpages::float8 AS pages,
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::float8 AS now_pages
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [table.schema, table.table],
  );
  const row = result.rows[0];
  if (!row || (row.kind !== 'r' && row.kind !== 'm')) return undefined;
  const tuples = Number(row.tuples);
  const pages = Number(row.pages);
  const nowPages = Number(row.now_pages);
  return tuples > 0 && pages > 0 ? (tuples / pages) * nowPages : nowPages * 60;
}
