import { BasicAuth, Trino } from 'trino-client';
import type { QueryResult } from 'trino-client';

/**
 * The one place Meshwork talks to Trino (through the npm `trino-client`, REST protocol
 * `/v1/statement`): the dialect, the driver, builds and the access rules' validation all run
 * their SQL through `TrinoClient.run`. It collects a query's rows up to a bound, turns a
 * failed query into a `TrinoQueryError` with Trino's own error name, and never lets the
 * password into a message (axios errors carry the request config, the password included:
 * they are rebuilt here from status and code only).
 */

export interface TrinoClientOptions {
  /** `http://host:port` or `https://host:port` (no path, no credentials). */
  readonly server: string;
  /** The Trino user the queries run as (`X-Trino-User`). */
  readonly user: string;
  /** Sent as HTTP Basic authentication; Trino accepts it over HTTPS only. */
  readonly password?: string;
  readonly catalog?: string;
  readonly schema?: string;
  /** Session properties for every query, e.g. `query_max_execution_time=5m`. */
  readonly session?: Readonly<Record<string, string>>;
  /** `X-Trino-Source`; default `meshwork`. */
  readonly source?: string;
}

export interface TrinoColumn {
  readonly name: string;
  /** Trino's type, lower-case as Trino writes it: `varchar`, `decimal(10,2)`, `array(integer)`. */
  readonly type: string;
}

export interface TrinoResult {
  readonly columns: readonly TrinoColumn[];
  /** Rows as Trino's JSON encodes them (bigint and decimal as text or number, dates as text). */
  readonly rows: readonly (readonly unknown[])[];
  readonly queryId: string;
}

export interface RunOptions {
  readonly catalog?: string;
  readonly schema?: string;
  /** Added to (and overriding) the client's session properties for this query. */
  readonly session?: Readonly<Record<string, string>>;
  /** Run as another user than the client's (the server must allow the impersonation). */
  readonly user?: string;
  /** Stop reading after this many rows and cancel the query; default 1,000,000. */
  readonly maxRows?: number;
  /** Cancels the query in Trino when aborted. */
  readonly signal?: AbortSignal;
}

/** A query that Trino answered with an error (syntax, access denied, timeout, …). */
export class TrinoQueryError extends Error {
  constructor(
    message: string,
    /** Trino's error name: `SYNTAX_ERROR`, `PERMISSION_DENIED`, `EXCEEDED_TIME_LIMIT`, … */
    readonly errorName: string,
    readonly errorType: string,
    readonly queryId: string | null,
  ) {
    super(message);
    this.name = 'TrinoQueryError';
  }
}

/** Trino could not be reached or answered with something that is not a query result. */
export class TrinoConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrinoConnectionError';
  }
}

export interface TrinoClient {
  readonly server: string;
  readonly user: string;
  run(sql: string, options?: RunOptions): Promise<TrinoResult>;
}

const DEFAULT_MAX_ROWS = 1_000_000;

/** `http(s)://host:port` only: a URL with credentials, a path or a query is refused. */
export function trinoServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TrinoConnectionError('the Trino address is not a URL (http://host:port)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TrinoConnectionError('the Trino address must start with http:// or https://');
  if (url.username !== '' || url.password !== '')
    throw new TrinoConnectionError(
      'the Trino address must not hold credentials (give the user and password separately)',
    );
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '')
    throw new TrinoConnectionError('the Trino address must be http(s)://host:port, no path');
  return `${url.protocol}//${url.host}`;
}

export function createTrinoClient(options: TrinoClientOptions): TrinoClient {
  const server = trinoServerUrl(options.server);
  const auth = new BasicAuth(options.user, options.password);

  async function run(sql: string, runOptions: RunOptions = {}): Promise<TrinoResult> {
    const maxRows = runOptions.maxRows ?? DEFAULT_MAX_ROWS;
    // A client per query: trino-client keeps Set-Session/Set-Catalog answers in its headers,
    // and one query's SET SESSION must not leak into the next.
    const trino = Trino.create({
      server,
      auth,
      source: options.source ?? 'meshwork',
      session: { ...options.session, ...runOptions.session },
      ...defined('catalog', runOptions.catalog ?? options.catalog),
      ...defined('schema', runOptions.schema ?? options.schema),
    });
    if (runOptions.signal?.aborted)
      throw new TrinoQueryError('cancelled', 'USER_CANCELED', 'USER_ERROR', null);
    let queryId: string | null = null;
    let cancelled = false;
    const cancel = (): void => {
      cancelled = true;
      if (queryId !== null) void trino.cancel(queryId).catch(() => undefined);
    };
    runOptions.signal?.addEventListener('abort', cancel, { once: true });
    const columns: TrinoColumn[] = [];
    const rows: unknown[][] = [];
    try {
      // Raced with the signal: a server that never answers the POST must not hold the caller.
      const iterator = await untilAborted(
        trino.query(runOptions.user === undefined ? sql : { query: sql, user: runOptions.user }),
        runOptions.signal,
      ).catch((error: unknown) => {
        if (error === ABORTED)
          throw new TrinoQueryError('cancelled', 'USER_CANCELED', 'USER_ERROR', null);
        throw connectionError(error, server);
      });
      // trino-client's `next()` polls until a page holds rows, so a long aggregation shows
      // its id only at the end: it is taken from the first answer, so that a cancel
      // reaches Trino while the query runs (and not after it finished).
      queryId = submittedQueryId(iterator);
      if (cancelled) cancel();
      for (;;) {
        let step: IteratorResult<QueryResult>;
        try {
          step = await untilAborted(iterator.next(), runOptions.signal);
        } catch (error) {
          if (error === ABORTED) break;
          throw connectionError(error, server);
        }
        if (step.done) break;
        const result = step.value;
        queryId ??= result.id;
        if (cancelled) cancel();
        if (result.error) {
          throw new TrinoQueryError(
            result.error.message,
            result.error.errorName,
            result.error.errorType,
            result.id,
          );
        }
        if (columns.length === 0 && result.columns)
          for (const c of result.columns) columns.push({ name: c.name, type: c.type });
        for (const row of result.data ?? []) {
          if (rows.length >= maxRows) {
            cancel();
            throw new TrinoQueryError(
              `the query returned more than ${maxRows} rows`,
              'MESHWORK_TOO_MANY_ROWS',
              'USER_ERROR',
              queryId,
            );
          }
          rows.push(row);
        }
      }
      if (cancelled) throw new TrinoQueryError('cancelled', 'USER_CANCELED', 'USER_ERROR', queryId);
      return { columns, rows, queryId: queryId ?? '' };
    } finally {
      runOptions.signal?.removeEventListener('abort', cancel);
    }
  }

  return { server, user: options.user, run };
}

/** The id of a submitted query: trino-client 0.2.9 keeps Trino's first answer in its iterator. */
function submittedQueryId(iterator: unknown): string | null {
  const first = (iterator as { iter?: { queryResult?: { id?: unknown } } } | null)?.iter
    ?.queryResult?.id;
  return typeof first === 'string' ? first : null;
}

/** Thrown by `untilAborted` only, and caught in `run` by identity. */
const ABORTED = new Error('aborted');

/** The step, or ABORTED as soon as the signal fires (Trino was told to cancel already). */
function untilAborted<T>(step: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return step;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(ABORTED);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    step.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function defined<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** An axios error as a message without its request config (which holds the password). */
function connectionError(error: unknown, server: string): Error {
  if (error instanceof TrinoQueryError || error instanceof TrinoConnectionError) return error;
  const e = error as { code?: unknown; response?: { status?: unknown } } | null;
  const status = typeof e?.response?.status === 'number' ? e.response.status : null;
  const code = typeof e?.code === 'string' ? e.code : null;
  if (status === 401)
    return new TrinoConnectionError(`Trino at ${server} refused the credentials (401)`);
  if (status !== null)
    return new TrinoConnectionError(`Trino at ${server} answered HTTP ${status}`);
  return new TrinoConnectionError(
    `Trino at ${server} cannot be reached${code !== null ? ` (${code})` : ''}`,
  );
}
