/**
 * The build's compute engine (docs/build.md): the in-process database a product's
 * transform runs in, between the source engines that hand data to it (`Engine.exportSource`)
 * and the serving engines that take snapshots from it (`Engine.serve`). One implementation
 * today, DuckDB (`duckdb/build-engine.ts`), reached through `loadBuildEngine()` in the
 * registry; app/build orders the steps and never writes its SQL.
 */
export interface BuildEngine {
  readonly name: string;
  openSession(options?: BuildSessionOptions): Promise<BuildSession>;
}

export interface BuildSessionOptions {
  /** Worker threads of the instance (the engine's default: one per core). */
  readonly threads?: number;
  /** e.g. `2GB` (DuckDB's default: 80 % of the RAM). */
  readonly memoryLimit?: string;
  /** Where what does not fit into memory spills. */
  readonly tempDirectory?: string;
}

/**
 * One in-memory database, allowed to read and write local files until `lockDown`. Each
 * product being built gets its own, so the views named after its input ports cannot
 * collide with another product's.
 */
export interface BuildSession {
  connect(): Promise<BuildConnection>;
  close(): void;
}

/** A column handed between engines; `type` in the build engine's spelling (DuckDB's). */
export interface BuildColumn {
  readonly name: string;
  readonly type: string;
}

export type BuildFileFormat = 'csv' | 'parquet' | 'json';

/** Data a build reads, as an upstream snapshot or a source engine hands it over. */
export type BuildInput =
  /** A Parquet file of a published snapshot, read in place. */
  | { readonly kind: 'parquet'; readonly path: string }
  /** Source files (or a glob, or a URL) read in place with the engine's type detection. */
  | { readonly kind: 'files'; readonly path: string; readonly format: BuildFileFormat | undefined }
  /**
   * A table copied out as CSV with a header line, in transit in the build's scratch folder:
   * read once, with exactly these column types (nothing guessed), `""` apart from NULL.
   */
  | { readonly kind: 'csv'; readonly path: string; readonly columns: readonly BuildColumn[] };

/** A snapshot's rows as a header-less CSV file, the form a serving engine loads fastest. */
export interface CsvSnapshot {
  readonly path: string;
  readonly columns: readonly BuildColumn[];
}

export interface BuildFileAccess {
  /** Files (or globs, or URLs) that may be read; a glob allows the folder before its first wildcard. */
  readonly read: readonly string[];
  /** Folders that may be read and written (a build's output and spill folders). */
  readonly write?: readonly string[];
}

/** The kinds of statement the engine tells apart (DuckDB's `StatementType` names: `SELECT`, `CREATE`, …). */
export type StatementKind = string;

export interface BuildConnection {
  createSchema(name: string): Promise<void>;
  /**
   * Makes `input` readable as the view `schema.name` (`name` when schema is null). Returns
   * the files the view reads when queried: what must stay readable after `lockDown`.
   */
  attach(
    view: { readonly schema: string | null; readonly name: string },
    input: BuildInput,
  ): Promise<readonly string[]>;
  /**
   * Locks the whole session (every connection) down to `access` for the rest of its life:
   * what needs other files must be done before.
   */
  lockDown(access: BuildFileAccess): Promise<void>;
  /**
   * Runs text nobody vetted statement by statement, each only if its kind is one of
   * `kinds`; a refused statement stops the run before it executes (StatementRefusedError).
   */
  runOnly(sql: string, kinds: ReadonlySet<StatementKind>): Promise<void>;
  /** Throws StatementRefusedError unless the text is exactly one SELECT; binds it, does not run it. */
  assertOneSelect(sql: string): Promise<void>;
  /**
   * The columns a query would return, in order, with the engine's types — without running
   * it (`meshwork new product` derives an output contract from them). The text must be one
   * SELECT (StatementRefusedError otherwise).
   */
  describeQuery(sql: string): Promise<readonly BuildColumn[]>;
  /** Writes the query's rows to a Parquet file; returns how many rows it holds. */
  writeParquet(query: string, path: string): Promise<number>;
  /** A Parquet file as header-less CSV at `csv`, with its columns in order. */
  parquetToCsv(parquet: string, csv: string): Promise<CsvSnapshot>;
  close(): void;
}

/** Thrown when text holds a statement of a kind it may not. */
export class StatementRefusedError extends Error {
  constructor(what: string) {
    super(`${what}, which is not allowed here`);
    this.name = 'StatementRefusedError';
  }
}

/**
 * A port's served snapshot cut to what one consumer may read (the embedded data API, issue
 * 10): only `columns`, those marked as keyed hashes, written as a file in `format`. One
 * implementation today, DuckDB's (`duckdb/port-export.ts`), through `loadSnapshotExporter()`.
 */
export type SnapshotExporter = (
  job: SnapshotExport,
  tempDir: string,
) => Promise<SnapshotExportResult>;

export type ExportFormat = 'csv' | 'parquet' | 'json';

export interface ExportColumn {
  readonly name: string;
  /** Replaced by a keyed SHA-256 (hex) of its text; NULL stays NULL. */
  readonly pseudonymise: boolean;
}

export interface SnapshotExport {
  /** The snapshot's Parquet file (a real path: symlinks resolved by the caller). */
  readonly source: string;
  /** The file to write, inside `tempDir`, the only folder the engine may write. */
  readonly target: string;
  readonly columns: readonly ExportColumn[];
  readonly format: ExportFormat;
  /** The key of the pseudonyms (hex); bound as a parameter, never part of SQL text. */
  readonly key: string;
  /**
   * Only the rows whose column (of the snapshot) holds one of the values: a grant's row
   * filter (issue 14). The values are bound as parameters, never SQL text. Absent: every row.
   */
  readonly rowFilter?: ExportRowFilter;
}

export interface ExportRowFilter {
  readonly column: string;
  /** 1–100 values, compared with the column's value in the column's type. */
  readonly values: readonly (string | number | boolean)[];
}

export interface SnapshotExportResult {
  readonly rows: number;
  /** Columns named that the snapshot does not have (nothing was written then). */
  readonly missing: readonly string[];
}

/**
 * A port's Parquet snapshot rewritten row by row (issue 11: erasure, retention, build-time
 * suppression): the rows that `match` are dropped or have `columns` pseudonymised, into a
 * new file. One implementation today, DuckDB's (`duckdb/snapshot-rewrite.ts`), through
 * `loadSnapshotRewriter()`. Counting is the engine's; no row reaches JavaScript.
 */
export type SnapshotRewriter = (
  job: SnapshotRewrite,
  tempDir: string,
) => Promise<SnapshotRewriteResult>;

/** Which rows a rewrite touches; a rewrite's matches are or-ed. */
export type RowMatch =
  /**
   * The column's text, trimmed and lower-cased (`normaliseSubjectValue`), has a keyed hash
   * among `hashes`: HMAC-SHA-256 with `SnapshotRewrite.key`, lower-case hex — what
   * app/privacy/subject-hash.ts `subjectHash` gives.
   */
  | { readonly kind: 'subject-hash'; readonly column: string; readonly hashes: readonly string[] }
  /** The column, read as a timestamp (a date at 00:00 UTC), is before `cutoff` (ISO 8601). */
  | { readonly kind: 'before'; readonly column: string; readonly cutoff: string };

export interface SnapshotRewrite {
  /** The snapshot's Parquet file (a real path). */
  readonly source: string;
  /** The file to write, inside `tempDir`; undefined: count only (a dry run). */
  readonly target: string | undefined;
  readonly match: readonly RowMatch[];
  /**
   * delete: matching rows are left out. pseudonymise: in matching rows each of `columns`
   * becomes the keyed hash (HMAC-SHA-256 hex) of its text when it is text, NULL otherwise;
   * NULL stays NULL.
   */
  readonly action: 'delete' | 'pseudonymise';
  readonly columns: readonly string[];
  /**
   * The key of subject hashes and pseudonyms; its pads are bound as parameters, never SQL
   * text. Needed by `subject-hash` matches and `pseudonymise` (refused without it).
   */
  readonly key?: HmacKey;
}

/**
 * An HMAC-SHA-256 key as the two padded blocks RFC 2104 hashes with, for an engine that
 * has SHA-256 but no HMAC: `hmac(m) = sha256(outer || sha256(inner || m))`. The key
 * itself never leaves its holder (app/privacy/subject-hash.ts `SubjectHashKey` is one).
 */
export interface HmacKey {
  pads(): { readonly inner: Uint8Array; readonly outer: Uint8Array };
}

export interface SnapshotRewriteResult {
  /** Rows in the source. */
  readonly rows: number;
  /** Rows that match: removed (delete) or changed (pseudonymise). */
  readonly matched: number;
  /** A target was written: it was asked for and at least one row matched. */
  readonly written: boolean;
  /** Columns named (in `match` or `columns`) that the file does not have: nothing was done. */
  readonly missing: readonly string[];
}
