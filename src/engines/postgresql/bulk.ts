import { createReadStream, createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { dropSavedViewsSql, restoreViews, saveDependentViews } from './dependent-views.ts';
import { quoteIdentifier } from './dialect.ts';
import { requireStandardStrings } from './standard-strings.ts';

/**
 * Moving whole tables between PostgreSQL and files, for builds: a source table is copied
 * out as CSV (`COPY … TO STDOUT`) for DuckDB to read, and an output port is loaded from
 * CSV (`COPY … FROM STDIN`) into a staging table that replaces the served table in the
 * same transaction. node-postgres has no COPY streams of its own; its Query hooks for the
 * CopyData messages are used directly, as test/support/postgres.ts does.
 */
export interface PgColumn {
  readonly name: string;
  /** PostgreSQL's own spelling, e.g. `numeric(10,2)`, `timestamp with time zone`. */
  readonly type: string;
}

export interface PgTableRef {
  readonly schema: string;
  readonly table: string;
}

function qualified(ref: PgTableRef): string {
  return `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.table)}`;
}

export async function withPgClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
  connectTimeoutMs = 5000,
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  await client.connect();
  try {
    // Saved view definitions are replayed as SQL, the same session literal rules apply.
    await requireStandardStrings(client);
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether a server answers at all; the reason when it does not (never the password). */
export async function probePg(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await withPgClient(url, (client) => client.query('SELECT 1'), 3000);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The few members of a pg client that reading a catalog needs (typed structurally). */
export interface PgQueryable {
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * The table's columns in order, or an empty list when it does not exist. format_type keeps
 * the modifiers information_schema's data_type drops (`character varying(12)`,
 * `numeric(12,2)`): a declared physicalType is compared with them.
 */
export async function tableColumns(client: PgQueryable, ref: PgTableRef): Promise<PgColumn[]> {
  const result = await client.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [ref.schema, ref.table],
  );
  return result.rows.map((row) => ({ name: String(row.name), type: String(row.type) }));
}

/** Writes the table as CSV with a header line to `file`. */
export async function copyTableToCsv(
  client: pg.Client,
  ref: PgTableRef,
  file: string,
): Promise<void> {
  const out = createWriteStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  await opened;
  try {
    await copyTableToStream(client, ref, out);
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

/** Writes the table as CSV with a header line to `out` (not ended), honouring its backpressure. */
export async function copyTableToStream(
  client: pg.Client,
  ref: PgTableRef,
  out: Writable,
): Promise<void> {
  const sql = `COPY ${qualified(ref)} TO STDOUT WITH (FORMAT csv, HEADER true)`;
  await new Promise<void>((resolve, reject) => {
    const query = client.query(new CopyToStream(sql, out));
    query.once('end', () => resolve());
    query.once('error', reject);
  });
}

class CopyToStream extends pg.Query {
  private paused = false;

  constructor(
    statement: string,
    private readonly out: Writable,
  ) {
    super(statement);
  }

  // Called by pg's Client for each CopyData message (one row) of a COPY … TO STDOUT. Pausing
  // the socket does not stop the rows already received in its current chunk, so more calls
  // come while the file is full: one 'drain' listener per pause, not one per row (hundreds
  // of those were a MaxListenersExceededWarning on the demo's first build from PostgreSQL).
  //
  // The chunk is a view into pg's parser buffer, which the next packet from the socket
  // overwrites; a write stream keeps what it cannot write yet by reference, so the chunk is
  // copied first. Without the copy, rows queued behind a slow disk were overwritten by later
  // protocol bytes ("d\0\0\0m146" in an order_id column, CI of 2026-12-05).
  handleCopyData(message: { chunk: Buffer }, connection: { stream: NodeJS.ReadableStream }): void {
    if (this.out.write(Buffer.from(message.chunk)) || this.paused) return;
    this.paused = true;
    connection.stream.pause();
    this.out.once('drain', () => {
      this.paused = false;
      connection.stream.resume();
    });
  }
}

/**
 * Replaces `ref` with the rows of a CSV file (no header) in one transaction: the rows go
 * into a staging table, then the old table is dropped and the staging table renamed.
 * Readers see the old table until the commit and the new one after it; a failure or a
 * killed build rolls everything back. Access-grant views on the table are made again on
 * the new one in the same transaction (dependent-views.ts); any other view on it stops
 * the swap with its name.
 */
export async function replaceTableFromCsv(
  client: pg.Client,
  ref: PgTableRef,
  columns: readonly PgColumn[],
  file: string,
): Promise<void> {
  const staging: PgTableRef = { schema: ref.schema, table: `${ref.table}__meshwork_staging` };
  const definition = columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ');
  const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  await client.query('BEGIN');
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(ref.schema)}`);
    await client.query(`DROP TABLE IF EXISTS ${qualified(staging)}`);
    await client.query(`CREATE TABLE ${qualified(staging)} (${definition})`);
    await new Promise<void>((resolve, reject) => {
      const query = client.query(
        new CopyFromFile(
          `COPY ${qualified(staging)} (${names}) FROM STDIN WITH (FORMAT csv)`,
          file,
        ),
      );
      query.once('end', () => resolve());
      query.once('error', reject);
    });
    // From here to the commit nobody reads or makes a view on the old table: a grant
    // provisioned meanwhile would be a dependent view that was not saved (and block the drop).
    const existing = await client.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [qualified(ref)],
    );
    if (existing.rows[0]?.present === true) {
      await client.query(`LOCK TABLE ${qualified(ref)} IN ACCESS EXCLUSIVE MODE`);
    }
    const views = await saveDependentViews(client, ref);
    const dropViews = dropSavedViewsSql(views);
    if (dropViews !== undefined) await client.query(dropViews);
    await client.query(`DROP TABLE IF EXISTS ${qualified(ref)}`);
    await client.query(`ALTER TABLE ${qualified(staging)} RENAME TO ${quoteIdentifier(ref.table)}`);
    await restoreViews(client, views, `${ref.schema}.${ref.table}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

class CopyFromFile extends pg.Query {
  constructor(
    statement: string,
    private readonly file: string,
  ) {
    super(statement);
  }

  // Called by pg's Client when the server answers the COPY with CopyInResponse.
  handleCopyInResponse(connection: {
    sendCopyFromChunk(chunk: Buffer): void;
    endCopyFrom(): void;
    sendCopyFail(message: string): void;
  }): void {
    const input = createReadStream(this.file);
    input.on('data', (chunk) => connection.sendCopyFromChunk(chunk as Buffer));
    input.once('end', () => connection.endCopyFrom());
    input.once('error', (error) => connection.sendCopyFail(error.message));
  }
}
