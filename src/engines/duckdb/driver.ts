import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type {
  DuckDBConnection,
  DuckDBPreparedStatement,
  DuckDBResultReader,
} from '@duckdb/node-api';
import type { CatalogTable } from '../../core/import/catalog.ts';
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
import { sampleOutcome } from '../sql/scan-sample-sql.ts';
import {
  SERIALIZE_SQL,
  duckDbDialect,
  interpretSerializedSql,
  quoteIdentifier,
} from './dialect.ts';
import type { TextFormats } from './describe.ts';
import { describeDatabase, describeScan, describeSheet } from './describe.ts';
import {
  csvFormatsSql,
  detectingScan,
  firstFileSql,
  fileFormat,
  fileScan,
  jsonKeysSql,
  jsonScan,
  localPath,
} from './relation.ts';
import type { RuleSandbox } from './rule-sandbox.ts';
import { openRuleSandbox } from './rule-sandbox.ts';
import { createXlsxScratch } from './xlsx-relation.ts';

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
 * Meshwork's own checks run on this instance; a contract's SQL rule runs in a sandbox
 * instance (`queryRule`, rule-sandbox.ts), locked to the files this connection reads.
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

  /** Meshwork's own SQL on this instance (no sandbox needed); the interrupt cancels it. */
  const queryWithin = async (sql: string, timeoutMs: number): Promise<readonly Row[]> => {
    const timer = setTimeout(() => connection.interrupt(), Math.max(1, timeoutMs));
    try {
      return await query(sql);
    } finally {
      clearTimeout(timer);
    }
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

  /**
   * Sandboxes for SQL rules (rule-sandbox.ts), one per set of names and files: the rules
   * of one object share one; a relation read later (a relationship's target) makes a new one.
   */
  const sandboxes = new Map<string, Promise<RuleSandbox>>();
  const ruleSandbox = (names: Readonly<Record<string, string>>): Promise<RuleSandbox> => {
    const read = [...reads].sort();
    const key = JSON.stringify([Object.entries(names).sort(), read]);
    let sandbox = sandboxes.get(key);
    if (sandbox === undefined) {
      const attach = database === undefined ? undefined : attachSourceSql(database);
      sandbox = openRuleSandbox({ attach, names, access: { read } });
      sandboxes.set(key, sandbox);
    }
    return sandbox;
  };

  const xlsx = createXlsxScratch(async (sql) => {
    await connection.run(sql);
  });

  const describeFiles = async (
    tables: readonly string[] | undefined,
  ): Promise<readonly CatalogTable[]> => {
    const workbook = localPath(server, '', options.baseDir);
    if (fileFormat(server, workbook) === 'xlsx') {
      const sheets = await xlsx.sheets(workbook);
      return sheets
        .filter((sheet) => tables === undefined || tables.includes(sheet.name))
        .map(describeSheet);
    }
    const names = tables ?? [fileStem(workbook)];
    const described: CatalogTable[] = [];
    for (const name of names) {
      const path = localPath(server, name, options.baseDir);
      const format = fileFormat(server, path);
      if (format === undefined || format === 'xlsx')
        throw new Error(`cannot tell the file format of ${path}: csv, parquet, json or xlsx`);
      await refuseEmpty(path);
      if (format !== 'csv') {
        described.push(describeScan(name, await describe(detectingScan(format, path, server))));
        continue;
      }
      const sniffed = await sniffCsv(path);
      // One file: the sniffer's pass gives the columns too (a second full read avoided).
      const columns = sniffed.columns ?? (await describe(detectingScan(format, path, server)));
      described.push(describeScan(name, columns, sniffed));
    }
    return described;
  };

  /**
   * The date formats DuckDB's sniffer found in a CSV file over all its rows, and, for one
   * file (not a glob), its columns as `read_csv` names and types them.
   */
  const sniffCsv = async (
    path: string,
  ): Promise<TextFormats & { readonly columns?: readonly ColumnInfo[] }> => {
    const glob = /[*?[{]/.test(path);
    let file = path;
    if (glob) {
      const first = (await query(firstFileSql(path)))[0]?.file;
      if (typeof first !== 'string') return {};
      file = first;
    }
    const row = (await query(csvFormatsSql(file, server)))[0];
    const text = (value: unknown): string | undefined =>
      typeof value === 'string' && value !== '' ? value : undefined;
    const formats = { date: text(row?.date_format), timestamp: text(row?.timestamp_format) };
    const parsed: unknown = typeof row?.columns === 'string' ? JSON.parse(row.columns) : undefined;
    if (glob || !Array.isArray(parsed)) return formats;
    const columns = parsed.map((c: { name?: unknown; type?: unknown }) => ({
      name: String(c.name),
      type: String(c.type).toLowerCase(),
    }));
    return { ...formats, columns };
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
      throw new Error(
        `cannot tell the file format of ${path}: set "format" (csv, parquet, json, xlsx)`,
      );
    }
    if (format === 'xlsx') {
      // The object's physical name is the sheet's name: one contract per sheet, one server.
      const parquet = await xlsx.parquetOf(path, request.physicalName);
      reads.add(parquet);
      return fileScan('parquet', parquet, target);
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
    queryWithin,
    async queryRule(sql, scope) {
      const sandbox = await ruleSandbox(scope.names);
      return jsonRows(await sandbox.run(sql, options.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS));
    },
    async sample({ relation: from, columns, rows, timeoutMs }) {
      const sql = duckDbDialect.sampleQuery(from, columns, { kind: 'random', rows });
      const method = `a reservoir sample of up to ${rows} rows (DuckDB)`;
      const drawn = timeoutMs === undefined ? await query(sql) : await queryWithin(sql, timeoutMs);
      return sampleOutcome(drawn, columns.length, method);
    },
    async tables() {
      if (database === undefined) return [];
      const schema = typeof server.schema === 'string' ? server.schema : 'main';
      const rows = await query(
        `SELECT table_name FROM information_schema.tables WHERE table_catalog = 'source' AND table_schema = ${standardLiteral(schema)} ORDER BY table_name`,
      );
      return rows.map((row) => String(row.table_name));
    },
    async describe(tables) {
      if (database !== undefined) {
        const schema = typeof server.schema === 'string' ? server.schema : 'main';
        return describeDatabase(query, schema, tables);
      }
      return describeFiles(tables);
    },
    async close() {
      for (const sandbox of sandboxes.values())
        await sandbox.then(
          (s) => s.close(),
          () => undefined,
        );
      sandboxes.clear();
      await xlsx.close();
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** `data/orders.csv` → `orders`; a glob's wildcards and extension left out. */
function fileStem(path: string): string {
  const name = basename(path.replace(/[*?[{].*$/, '')) || basename(dirname(path));
  return name.replace(/\.[^.]*$/, '') || basename(dirname(path));
}

/** DuckDB reads an empty CSV as one column `column0`: an empty file is said instead. */
async function refuseEmpty(path: string): Promise<void> {
  if (/[*?[{]/.test(path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return;
  const size = await stat(path).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === 0) throw new Error(`${path} is empty`);
}

/** A `duckdb` server's database file, read-only, as the default catalog. */
function attachSourceSql(path: string): string {
  return `ATTACH ${standardLiteral(path)} AS source (READ_ONLY); USE source`;
}
