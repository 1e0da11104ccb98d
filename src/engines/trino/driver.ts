import { DEFAULT_RULE_TIMEOUT_MS } from '../engine.ts';
import type {
  ColumnInfo,
  ConnectOptions,
  Credentials,
  EngineConnection,
  RelationRequest,
  Row,
  ServerEntry,
} from '../engine.ts';
import { exactInteger, isoTimestamp, toJsonValue } from '../json-values.ts';
import { standardLiteral as literal } from '../sql/literals.ts';
import { planSample, runSamplePlan } from '../sql/scan-sample-sql.ts';
import type { SampleValue } from '../../core/quality/index.ts';
import { TrinoConnectionError, createTrinoClient, trinoServerUrl } from './client.ts';
import type { RunOptions, TrinoClient, TrinoResult } from './client.ts';
import { describeTrino } from './describe.ts';
import { quoteIdentifier, trinoDialect, trinoSampleQuery } from './dialect.ts';
import { guardedRule } from './rule-guard.ts';

/** A rule's or Meshwork's own aggregate answers a few rows; more is a mistake or an attack. */
const RULE_MAX_ROWS = 10_000;
/** Rows Meshwork's own queries may return (samples are bounded far below). */
const QUERY_MAX_ROWS = 1_000_000;
/** Time the client waits beyond Trino's own limit before it cancels (queueing, a slow answer). */
const CLIENT_GRACE_MS = 30_000;
/** One catalog question (information_schema) may take this long under load. */
const CATALOG_TIMEOUT_MS = 120_000;

/** Where a Trino server entry's tables are: ODCS TrinoServer `catalog` and `schema`. */
export interface TrinoLocation {
  readonly catalog: string;
  readonly schema: string;
}

export function trinoLocation(server: ServerEntry): TrinoLocation {
  const catalog = typeof server.catalog === 'string' ? server.catalog : '';
  const schema = typeof server.schema === 'string' ? server.schema : '';
  if (catalog === '' || schema === '')
    throw new TrinoConnectionError(
      `Trino server "${server.server}" must name its catalog and schema.`,
    );
  return { catalog, schema };
}

/**
 * The server's address: the credentials' `url` (`http(s)://host:port`), else built from the
 * entry's host and port (https when the port is 443 or 8443). Undefined when neither says.
 */
export function trinoAddress(server: ServerEntry, credentials: Credentials): string | undefined {
  if (credentials.url !== undefined) return trinoServerUrl(credentials.url);
  if (typeof server.host !== 'string' || server.host === '') return undefined;
  const port =
    typeof server.port === 'number' || typeof server.port === 'string' ? server.port : 8080;
  const scheme = String(port) === '443' || String(port) === '8443' ? 'https' : 'http';
  const url = new URL(`${scheme}://placeholder`);
  url.hostname = server.host;
  url.port = String(port);
  return trinoServerUrl(url.toString());
}

export function openTrinoClient(options: ConnectOptions): TrinoClient {
  const { server, credentials } = options;
  const address = trinoAddress(server, credentials);
  if (address === undefined)
    throw new TrinoConnectionError(
      `Trino server "${server.server}" has no address: set its URL (http(s)://host:port) or host and port.`,
    );
  if (credentials.user === undefined || credentials.user === '')
    throw new TrinoConnectionError(
      `Trino server "${server.server}" has no user: set its credentials' user.`,
    );
  // Trino refuses a password over plain HTTP; sending it there would put it on the wire.
  if (credentials.password !== undefined && !address.startsWith('https:'))
    throw new TrinoConnectionError(
      `Trino server "${server.server}": a password is sent over https only, and the address is http.`,
    );
  const { catalog, schema } = trinoLocation(server);
  return createTrinoClient({
    server: address,
    user: credentials.user,
    ...(credentials.password === undefined ? {} : { password: credentials.password }),
    catalog,
    schema,
  });
}

/** Trino's duration for a session property: whole milliseconds. */
function duration(ms: number): string {
  return `${Math.max(1, Math.round(ms))}ms`;
}

/**
 * Rows as JSON values by column name. Trino answers bigint as a JSON number, so a value
 * beyond 2^53 has already lost digits when it arrives: such a result is asked again with
 * its bigint columns cast to varchar in Trino (exact text, `exactInteger`'s rule), so a
 * count is exact or the query fails, never silently rounded.
 */
async function exactRows(
  client: TrinoClient,
  sql: string,
  options: RunOptions,
): Promise<readonly Row[]> {
  let result = await client.run(sql, options);
  const inexact = result.columns.some(
    (column, i) =>
      column.type === 'bigint' &&
      result.rows.some((row) => typeof row[i] === 'number' && !Number.isSafeInteger(row[i])),
  );
  if (inexact) {
    const names = result.columns.map((_, i) => quoteIdentifier(`c${i}`));
    const select = result.columns
      .map((column, i) =>
        column.type === 'bigint' ? `CAST(${names[i]} AS varchar) AS ${names[i]}` : names[i],
      )
      .join(', ');
    const again = await client.run(
      `SELECT ${select} FROM (\n${sql}\n) AS meshwork_exact (${names.join(', ')})`,
      options,
    );
    result = { ...again, columns: result.columns };
  }
  return toRows(result);
}

function toRows(result: TrinoResult): Row[] {
  return result.rows.map((row) => {
    const out: Record<string, SampleValue> = {};
    result.columns.forEach((column, i) => {
      out[column.name] = jsonValue(row[i], column.type);
    });
    return out;
  });
}

/** Trino's JSON value of a column of `type` as Meshwork's JSON (json-values.ts). */
function jsonValue(value: unknown, type: string): SampleValue {
  if (typeof value === 'string') {
    // Decimals stay text (exact, as PostgreSQL's numeric); a bigint as text is the re-asked one.
    if (type === 'bigint') return exactInteger(value);
    if (type.startsWith('timestamp')) return isoTimestamp(value.replace(/ UTC$/, ''));
  }
  return toJsonValue(value);
}

export async function connectTrino(options: ConnectOptions): Promise<EngineConnection> {
  const client = openTrinoClient(options);
  const location = trinoLocation(options.server);
  const ruleTimeoutMs = Math.max(1, Math.round(options.ruleTimeoutMs ?? DEFAULT_RULE_TIMEOUT_MS));
  // Connecting is stateless HTTP: a first query proves the address, user and catalog.
  const probeMs = options.connectTimeoutMs ?? CATALOG_TIMEOUT_MS;
  await client.run('SELECT 1', { signal: AbortSignal.timeout(probeMs) }).catch((error: unknown) => {
    if ((error as { errorName?: unknown }).errorName !== 'USER_CANCELED') throw error;
    throw new TrinoConnectionError(
      `Trino at ${client.server} did not answer SELECT 1 within ${probeMs} ms`,
    );
  });
  const tables = new Map<string, { catalog: string; schema: string; table: string }>();
  const catalogRef = quoteIdentifier(location.catalog);

  const catalogQuery = (sql: string): Promise<readonly Row[]> =>
    exactRows(client, sql, { signal: AbortSignal.timeout(CATALOG_TIMEOUT_MS) });

  /**
   * Trino ends the query itself after `timeoutMs` of execution (`query_max_execution_time`)
   * or of queueing, planning and execution together (`query_max_run_time`); the client
   * cancels a little later should Trino not answer at all.
   */
  const limited = (timeoutMs: number, maxRows: number): RunOptions => ({
    session: {
      query_max_execution_time: duration(timeoutMs),
      query_max_run_time: duration(timeoutMs),
    },
    maxRows,
    signal: AbortSignal.timeout(timeoutMs + CLIENT_GRACE_MS),
  });

  // A rules user the access rules make read-only is the wall this client cannot build
  // (no read-only transactions in Trino's REST protocol); the service user acts for it.
  const ruleUser =
    options.credentials.ruleUser === undefined || options.credentials.ruleUser === ''
      ? {}
      : { user: options.credentials.ruleUser };

  const queryWithin = (sql: string, timeoutMs: number): Promise<readonly Row[]> =>
    exactRows(client, sql, limited(timeoutMs, QUERY_MAX_ROWS));

  const columnsOf = async (relation: string): Promise<readonly ColumnInfo[] | undefined> => {
    const table = tables.get(relation);
    if (!table) return undefined;
    // Trino keeps names lower-case; an unquoted or mixed-case physical name means the same.
    const rows = await catalogQuery(
      `SELECT column_name AS name, data_type AS type FROM ${quoteIdentifier(table.catalog)}.information_schema.columns
        WHERE table_schema = ${literal(table.schema.toLowerCase())} AND table_name = ${literal(table.table.toLowerCase())}
        ORDER BY ordinal_position`,
    );
    if (rows.length === 0)
      throw new Error(`table ${table.catalog}.${table.schema}.${table.table} does not exist`);
    return rows.map((row) => ({ name: String(row.name), type: String(row.type).toLowerCase() }));
  };

  return {
    dialect: trinoDialect,
    relation(request: RelationRequest) {
      const schema =
        typeof request.server.schema === 'string' ? request.server.schema : location.schema;
      const catalog =
        typeof request.server.catalog === 'string' ? request.server.catalog : location.catalog;
      const relation = [catalog, schema, request.physicalName].map(quoteIdentifier).join('.');
      tables.set(relation, { catalog, schema, table: request.physicalName });
      return Promise.resolve(relation);
    },
    columns: columnsOf,
    readsText: () => false,
    query: (sql) => exactRows(client, sql, { maxRows: QUERY_MAX_ROWS }),
    /**
     * A contract's SQL rule: refused when it is not one plain query (rule-guard.ts), run as
     * a derived table with Trino's time limits and a bound on the rows it may return.
     */
    queryRule: (sql) =>
      Promise.resolve()
        .then(() => guardedRule(sql))
        .then((guarded) =>
          exactRows(client, guarded, { ...limited(ruleTimeoutMs, RULE_MAX_ROWS), ...ruleUser }),
        ),
    queryWithin,
    async sample({ relation, columns, rows, timeoutMs }) {
      const table = tables.get(relation);
      const estimate = table ? await estimateRows(table, timeoutMs ?? ruleTimeoutMs) : undefined;
      const plan = planSample(estimate, rows);
      // Types, so that arrays, maps, rows, JSON and binary become text too (sampleText).
      const known = table ? await columnsOf(relation).catch(() => undefined) : undefined;
      const types = columns.map((c) => known?.find((k) => k.name === c.toLowerCase())?.type);
      return runSamplePlan(plan, estimate, columns.length, (p) =>
        queryWithin(trinoSampleQuery(relation, columns, p, types), timeoutMs ?? ruleTimeoutMs),
      );
    },
    async tables() {
      const rows = await catalogQuery(
        `SELECT table_name AS name FROM ${catalogRef}.information_schema.tables
          WHERE table_schema = ${literal(location.schema.toLowerCase())} ORDER BY table_name`,
      );
      return rows.map((row) => String(row.name));
    },
    describe: (only) => describeTrino(catalogQuery, location, only),
    close: () => Promise.resolve(),
  };

  /**
   * The connector's row count (`SHOW STATS`' summary row); undefined where it has none
   * (a view, a Hive table never analysed), and then the first rows are sampled.
   */
  async function estimateRows(
    table: { catalog: string; schema: string; table: string },
    timeoutMs: number,
  ): Promise<number | undefined> {
    const name = [table.catalog, table.schema, table.table].map(quoteIdentifier).join('.');
    try {
      const stats = await queryWithin(`SHOW STATS FOR ${name}`, timeoutMs);
      const summary = stats.find((row) => row.column_name === null);
      const count = summary?.row_count;
      return typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : undefined;
    } catch {
      // A view has no statistics in some connectors (an error, not an empty answer).
      return undefined;
    }
  }
}
