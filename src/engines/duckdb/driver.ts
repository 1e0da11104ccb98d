import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import type { SqlParseResult, SqlParser } from '../../core/semantic/sql-parser.ts';
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
import { fileFormat, fileScan, jsonKeysSql, jsonScan, localPath } from './relation.ts';

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

/**
 * An in-memory DuckDB that reads a `local` server's files (or a `duckdb` database file).
 * Data never enters JavaScript except the aggregates and samples the queries return.
 */
export async function connectDuckDb(options: ConnectOptions): Promise<EngineConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const { server } = options;
  if (server.type === 'duckdb' && typeof server.database === 'string') {
    const path = localPath({ ...server, path: server.database }, '', options.baseDir);
    await connection.run(`ATTACH ${standardLiteral(path)} AS source (READ_ONLY); USE source`);
  }

  const query = async (sql: string): Promise<readonly Row[]> => {
    const reader = await connection.runAndReadAll(sql);
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
  };

  /** JSON scans → the declared columns that no record has (relation.ts, `jsonScan`). */
  const absentColumns = new Map<string, ReadonlySet<string>>();
  const describe = async (relation: string): Promise<readonly ColumnInfo[]> => {
    const rows = await query(`DESCRIBE SELECT * FROM ${relation}`);
    const absent = absentColumns.get(relation);
    return rows.map((row) => {
      const name = String(row.column_name);
      const type = String(row.column_type).toLowerCase();
      return absent?.has(name) ? { name, type, absent: true } : { name, type };
    });
  };

  const textScans = new Set<string>();
  const relation = async (request: RelationRequest): Promise<string> => {
    const override = options.relationOverride?.[request.schema];
    if (override !== undefined) return `read_parquet(${standardLiteral(override)})`;
    const target = request.server;
    if (target.type === 'duckdb') {
      const schema = typeof target.schema === 'string' ? `${quoteIdentifier(target.schema)}.` : '';
      return `${schema}${quoteIdentifier(request.physicalName)}`;
    }
    const path = localPath(target, request.physicalName, request.baseDir);
    const format = fileFormat(target, path);
    if (format === undefined) {
      throw new Error(`cannot tell the file format of ${path}: set "format" (csv, parquet, json)`);
    }
    if (format === 'parquet') return fileScan(format, path, target);
    let scan: string;
    if (format === 'csv') scan = fileScan(format, path, target);
    else {
      const keys = new Set((await query(jsonKeysSql(path))).map((row) => String(row.key)));
      scan = jsonScan(path, request.columns);
      absentColumns.set(scan, new Set(request.columns.filter((name) => !keys.has(name))));
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
    close() {
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}
