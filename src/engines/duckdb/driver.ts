import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import type { SqlParseResult, SqlParser } from '../../core/semantic/sql-parser.ts';
import { SERIALIZE_SQL, interpretSerializedSql, quoteIdentifier } from './dialect.ts';

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
