import { DuckDBInstance } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import type {
  DuckDBConnection,
  DuckDBPreparedStatement,
  DuckDBResultReader,
} from '@duckdb/node-api';
import type { SqlParseResult, SqlParser } from '../../core/semantic/sql-parser.ts';
import { DEFAULT_RULE_TIMEOUT_MS } from '../engine.ts';
import type {
  ColumnInfo,
  ConnectOptions,
  EngineConnection,
  RelationRequest,
  Row,
} from '../engine.ts';
import { exactInteger, isoTimestamp, toJsonValue } from '../json-values.ts';
import { standardLiteral } from '../sql/literals.ts';
import {
  SERIALIZE_SQL,
  duckDbDialect,
  interpretSerializedSql,
  quoteIdentifier,
} from './dialect.ts';
import { fileFormat, fileScan, localPath } from './relation.ts';
import type { FileAccess } from './sandbox.ts';
import { SANDBOX_INSTANCE_OPTIONS, lockDownSql } from './sandbox.ts';

export interface DuckDbSqlParser extends SqlParser {
  /** Releases the in-memory database; parse() fails afterwards. */
  close(): void;
}

/**
 * A SqlParser backed by one in-memory DuckDB instance, reused for every query. The SQL
 * to parse is bound as a parameter of a prepared statement, never spliced into SQL.
 * Calls are queued: a prepared statement is bound and run by one caller at a time.
 */
export async function createDuckDbSqlParser(): Promise<DuckDbSqlParser> {
  // Parsing reads no files and no network; the instance is not allowed to either.
  const instance = await DuckDBInstance.create(':memory:', {
    enable_external_access: 'false',
    threads: '1',
  });
  let connection: DuckDBConnection | undefined;
  let statement: DuckDBPreparedStatement | undefined;
  try {
    connection = await instance.connect();
    statement = await connection.prepare(SERIALIZE_SQL);
  } catch (error) {
    connection?.closeSync();
    instance.closeSync();
    throw error;
  }
  const prepared = statement;
  const open = connection;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const parseNow = async (sql: string): Promise<SqlParseResult> => {
    if (closed) throw new Error('The DuckDB SQL parser is closed.');
    prepared.bindVarchar(1, sql);
    const reader = await prepared.runAndReadAll();
    const value = reader.getRows()[0]?.[0];
    if (typeof value !== 'string') throw new Error('DuckDB json_serialize_sql returned no text.');
    return interpretSerializedSql(value);
  };

  return {
    quoteIdentifier,
    parse(sql: string): Promise<SqlParseResult> {
      const next = queue.then(() => parseNow(sql));
      queue = next.catch(() => undefined);
      return next;
    },
    close(): void {
      if (closed) return;
      closed = true;
      prepared.destroySync();
      open.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB's JSON rows give timestamps and 64-bit integers as text; these are refined. */
function valueKind(type: string): 'timestamp' | 'integer' | 'other' {
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT'].includes(type)) return 'integer';
  return 'other';
}

/** Rows of a result as JSON values (see json-values.ts). */
function jsonRows(reader: DuckDBResultReader): readonly Row[] {
  const names = reader.columnNames();
  const kinds = reader.columnTypes().map((type) => valueKind(type.toString()));
  return reader.getRowObjectsJson().map((row) => {
    const out: Record<string, ReturnType<typeof toJsonValue>> = {};
    names.forEach((name, i) => {
      const value = toJsonValue(row[name]);
      const kind = kinds[i];
      out[name] =
        typeof value !== 'string'
          ? value
          : kind === 'timestamp'
            ? isoTimestamp(value)
            : kind === 'integer'
              ? exactInteger(value)
              : value;
    });
    return out;
  });
}

/**
 * An in-memory DuckDB that reads a `local` server's files (or a `duckdb` database file).
 * Data never enters JavaScript except the aggregates and samples the queries return.
 * Meshwork's own checks run on this instance; a contract's SQL rule runs in a sandbox of
 * its own (`queryRule`), locked to the files this connection reads.
 */
export async function connectDuckDb(options: ConnectOptions): Promise<EngineConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const { server } = options;
  let database: string | undefined;
  if (server.type === 'duckdb' && typeof server.database === 'string') {
    database = localPath({ ...server, path: server.database }, '', options.baseDir);
    await connection.run(attachSourceSql(database));
  }
  /** Every file, glob or URL a relation of this connection reads. */
  const reads = new Set<string>();

  const query = async (sql: string): Promise<readonly Row[]> =>
    jsonRows(await connection.runAndReadAll(sql));

  const describe = async (relation: string): Promise<readonly ColumnInfo[]> => {
    const rows = await query(`DESCRIBE SELECT * FROM ${relation}`);
    return rows.map((row) => ({
      name: String(row.column_name),
      type: String(row.column_type).toLowerCase(),
    }));
  };

  const textScans = new Set<string>();
  const relation = async (request: RelationRequest): Promise<string> => {
    const override = options.relationOverride?.[request.schema];
    if (override !== undefined) {
      reads.add(override);
      return `read_parquet(${standardLiteral(override)})`;
    }
    const target = request.server;
    if (target.type === 'duckdb') {
      const schema = typeof target.schema === 'string' ? `${quoteIdentifier(target.schema)}.` : '';
      return `${schema}${quoteIdentifier(request.physicalName)}`;
    }
    const path = localPath(target, request.physicalName, request.baseDir);
    reads.add(path);
    const format = fileFormat(target, path);
    if (format === undefined) {
      throw new Error(`cannot tell the file format of ${path}: set "format" (csv, parquet, json)`);
    }
    if (format === 'parquet') return fileScan(format, path, target);
    let scan: string;
    if (format === 'csv') scan = fileScan(format, path, target);
    else {
      const sampled = await describe(`read_json_auto(${standardLiteral(path)})`);
      const present = new Set(sampled.map((column) => column.name));
      scan = fileScan(format, path, target, { columns: request.columns, present });
    }
    textScans.add(scan);
    return scan;
  };

  return {
    dialect: duckDbDialect,
    relation,
    readsText: (scan) => textScans.has(scan),
    columns: describe,
    query,
    queryRule: (sql, scope) =>
      runRuleInSandbox(sql, {
        database,
        names: scope.names,
        access: { read: [...reads] },
        timeoutMs: options.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS,
      }),
    close() {
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}

/** A `duckdb` server's database file, read-only, as the default catalog. */
function attachSourceSql(path: string): string {
  return `ATTACH ${standardLiteral(path)} AS source (READ_ONLY); USE source`;
}

interface RuleSandbox {
  /** The `duckdb` server's database file, attached read-only before the lock. */
  readonly database: string | undefined;
  readonly names: Readonly<Record<string, string>>;
  readonly access: FileAccess;
  readonly timeoutMs: number;
}

/**
 * Runs a contract's SQL rule in an in-memory DuckDB of its own: the database file attached
 * read-only and the rule's names made views while access is open, then locked to the files
 * the connection reads (sandbox.ts), then exactly one SELECT (a prepared statement holds
 * one) in a read-only transaction, interrupted after the time limit. A fresh instance per
 * rule: nothing one rule leaves behind is seen by the next, and Meshwork's own instance is
 * never locked.
 */
async function runRuleInSandbox(sql: string, sandbox: RuleSandbox): Promise<readonly Row[]> {
  const instance = await DuckDBInstance.create(':memory:', { ...SANDBOX_INSTANCE_OPTIONS });
  let connection: DuckDBConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    connection = await instance.connect();
    if (sandbox.database !== undefined) await connection.run(attachSourceSql(sandbox.database));
    for (const [name, relation] of Object.entries(sandbox.names)) {
      // A table of a database file already answers to its own name.
      if (relation === quoteIdentifier(name)) continue;
      await connection.run(
        `CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(name)} AS SELECT * FROM ${relation}`,
      );
    }
    for (const statement of lockDownSql(sandbox.access)) await connection.run(statement);
    await connection.run('BEGIN TRANSACTION READ ONLY');
    const prepared = await connection.prepare(sql);
    if (prepared.statementType !== StatementType.SELECT) {
      throw new Error('a SQL quality rule must be one SELECT statement');
    }
    const open = connection;
    timer = setTimeout(() => {
      timedOut = true;
      open.interrupt();
    }, sandbox.timeoutMs);
    return jsonRows(await prepared.runAndReadAll());
  } catch (error) {
    if (!timedOut) throw error;
    throw new Error(`the SQL rule was stopped after ${sandbox.timeoutMs / 1000} s`, {
      cause: error,
    });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    connection?.closeSync();
    instance.closeSync();
  }
}
