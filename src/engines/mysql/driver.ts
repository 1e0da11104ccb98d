import mysql from 'mysql2/promise';
import { DEFAULT_RULE_TIMEOUT_MS } from '../engine.ts';
import type {
  ColumnInfo,
  ConnectOptions,
  EngineConnection,
  RelationRequest,
  Row,
} from '../engine.ts';
import { toJsonRow } from '../json-values.ts';
import { planSample, runSamplePlan } from '../sql/scan-sample-sql.ts';
import { describeMysql } from './describe.ts';
import { mysqlDialect, quoteIdentifier, ruleAsDerivedTable } from './dialect.ts';

/** MySQL or MariaDB: `url` from the credentials, or host/port/database of the server entry. */
export async function connectMysql(options: ConnectOptions): Promise<EngineConnection> {
  const { server, credentials } = options;
  const common = {
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    // Said explicitly because a contract's SQL rule must be one statement: without the
    // client flag the server refuses `SELECT 1; DROP TABLE t` as a syntax error.
    multipleStatements: false,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeout: options.connectTimeoutMs }),
  } as const;
  const connection = credentials.url
    ? await mysql.createConnection({ uri: withoutMultipleStatements(credentials.url), ...common })
    : await mysql.createConnection({
        ...common,
        ...(typeof server.host === 'string' ? { host: server.host } : {}),
        ...(typeof server.port === 'number' ? { port: server.port } : {}),
        ...(typeof server.database === 'string' ? { database: server.database } : {}),
        ...(credentials.user !== undefined ? { user: credentials.user } : {}),
        ...(credentials.password !== undefined ? { password: credentials.password } : {}),
      });
  const tables = new Map<string, { schema: string | undefined; table: string }>();

  const query = async (sql: string | mysql.QueryOptions): Promise<readonly Row[]> => {
    const [rows] = await (typeof sql === 'string' ? connection.query(sql) : connection.query(sql));
    if (!Array.isArray(rows)) return [];
    return (rows as Record<string, unknown>[]).map(toJsonRow);
  };

  const ruleTimeoutMs = Math.max(1, Math.round(options.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS));
  let ruleLimitAsked: Promise<TimeLimit | undefined> | undefined;

  /**
   * A contract's SQL rule: a READ ONLY transaction refuses writes to tables (error 1792 on
   * MySQL and MariaDB); it does not refuse SELECT … INTO OUTFILE, which the derived table
   * does (ruleAsDerivedTable); one statement per call (see multipleStatements); a
   * server-side time limit for the session while the rule runs; ROLLBACK afterwards.
   */
  const queryRule = (sql: string): Promise<readonly Row[]> => readOnly(sql, ruleTimeoutMs);
  const readOnly = async (sql: string, timeoutMs: number): Promise<readonly Row[]> => {
    const limitMs = Math.max(1, Math.round(timeoutMs));
    ruleLimitAsked ??= statementTimeLimit(connection);
    const ruleLimit = await ruleLimitAsked;
    if (ruleLimit) await connection.query(ruleLimit.set(limitMs));
    try {
      await connection.query('START TRANSACTION READ ONLY');
      try {
        // Without a server-side limit, mysql2's own timeout ends the query (and the
        // connection) on the client: a rule never runs unbounded.
        const text = ruleAsDerivedTable(sql);
        return await query(ruleLimit ? text : { sql: text, timeout: limitMs });
      } finally {
        // A broken connection has no transaction left to end; the rule's own error is the news.
        await connection.query('ROLLBACK').catch(() => undefined);
      }
    } finally {
      if (ruleLimit) await connection.query(ruleLimit.reset).catch(() => undefined);
    }
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
    queryRule,
    queryWithin: readOnly,
    async sample({ relation, columns, rows, timeoutMs }) {
      const table = tables.get(relation);
      // InnoDB's TABLE_ROWS is an estimate, which is all the sampling fraction needs; a
      // view has none, so its first rows are read.
      const [found] = table
        ? await connection.query(
            "SELECT TABLE_ROWS AS n FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND TABLE_TYPE = 'BASE TABLE'",
            [table.schema ?? null, table.table],
          )
        : [[]];
      const n = (found as { n: unknown }[])[0]?.n;
      const estimate = n === null || n === undefined ? undefined : Number(n);
      const plan = planSample(estimate, rows);
      // Through the rule path: read-only, with the statement time limit (the Bernoulli
      // filter reads the whole table, so a huge one must not run unbounded).
      return runSamplePlan(plan, estimate, columns.length, (p) =>
        readOnly(mysqlDialect.sampleQuery(relation, columns, p), timeoutMs ?? ruleTimeoutMs),
      );
    },
    async tables() {
      const schema = typeof server.database === 'string' ? server.database : null;
      const [rows] = await connection.query(
        'SELECT TABLE_NAME AS name FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY TABLE_NAME',
        [schema],
      );
      return (rows as { name: unknown }[]).map((row) => String(row.name));
    },
    describe(only?: readonly string[]) {
      const database = typeof server.database === 'string' ? server.database : undefined;
      return describeMysql(connection, database, only);
    },
    close: () => connection.end(),
  };
}

/**
 * How this server limits a statement's time: MariaDB's `max_statement_time` (seconds),
 * MySQL's `max_execution_time` (milliseconds, SELECT only — which is all a rule may be).
 * Undefined when the server has neither; then the client's timeout bounds the rule.
 */
interface TimeLimit {
  readonly set: (timeoutMs: number) => string;
  readonly reset: string;
}

async function statementTimeLimit(connection: mysql.Connection): Promise<TimeLimit | undefined> {
  const [rows] = await connection.query(
    "SHOW SESSION VARIABLES WHERE Variable_name IN ('max_statement_time', 'max_execution_time')",
  );
  const names = new Set(
    (rows as { Variable_name: unknown }[]).map((row) => String(row.Variable_name).toUpperCase()),
  );
  if (names.has('MAX_STATEMENT_TIME')) {
    return {
      set: (timeoutMs) => `SET SESSION max_statement_time = ${timeoutMs / 1000}`,
      reset: 'SET SESSION max_statement_time = DEFAULT',
    };
  }
  if (names.has('MAX_EXECUTION_TIME')) {
    return {
      set: (timeoutMs) => `SET SESSION max_execution_time = ${timeoutMs}`,
      reset: 'SET SESSION max_execution_time = DEFAULT',
    };
  }
  return undefined;
}

/** mysql2 lets a URL's `?multipleStatements=true` win over the option set to false. */
function withoutMultipleStatements(uri: string): string {
  const url = new URL(uri);
  if (!url.searchParams.has('multipleStatements')) return uri;
  url.searchParams.delete('multipleStatements');
  return url.toString();
}
