import { isAbsolute, resolve } from 'node:path';
import type { OdcsLogicalType } from '../core/standards/odcs/index.ts';
import type { CatalogTable } from '../core/import/catalog.ts';
import type { SampleValue } from '../core/quality/index.ts';
import type { BuildInput, CsvSnapshot } from './build-engine.ts';

/**
 * The engine seam (DESIGN.md "Layers"): a pure dialect that writes SQL and a driver that
 * runs it. Callers ask capabilities, never an engine's name.
 */

export interface EngineCapabilities {
  /** The engine reports physical column types (a catalog or DESCRIBE). Default: false. */
  readonly hasCatalog: boolean;
  /** `count(*) FILTER (WHERE …)`; without it the dialect writes SUM(CASE …). Default: false. */
  readonly supportsFilterClause: boolean;
  /** Whose regular expressions `regexMatches` runs; ECMA-262 is translated into it. */
  readonly regexFlavor: 're2' | 'posix-are' | 'icu' | 'pcre';
  /** Output ports can be written into it (serving target, `Engine.serve`). Default: false. */
  readonly canServe: boolean;
  /**
   * Access grants can be provisioned in it (`Engine.openGrants`): a role per consumer team
   * and a view per grant. Default: false — consumers then read through Meshwork's data API.
   */
  readonly canGrant: boolean;
}

export const DEFAULT_CAPABILITIES: EngineCapabilities = {
  hasCatalog: false,
  supportsFilterClause: false,
  regexFlavor: 'posix-are',
  canServe: false,
  canGrant: false,
};

/** Builds SQL text; pure, so tested without a database. */
export interface Dialect {
  readonly capabilities: EngineCapabilities;
  quoteIdentifier(name: string): string;
  /** A string, number or boolean as an SQL literal, escaped. */
  literal(value: string | number | boolean): string;
  /**
   * The column as a value of its logical type, NULL where the value does not fit (the
   * TRY_CAST of engines that have one). `physicalType` is the catalog's type, lower-case.
   */
  typedValue(
    expression: string,
    logicalType: OdcsLogicalType,
    physicalType: string | undefined,
    format: string | undefined,
  ): string;
  /** The physical type already holds only values of the logical type. */
  fitsLogicalType(physicalType: string, logicalType: OdcsLogicalType): boolean;
  /**
   * The engine's canonical spelling of a physical type (`int4` → `integer`), so that a
   * contract's `physicalType` is compared with the catalog's type by meaning, not by text;
   * undefined when the name is not a type of this engine that Meshwork knows.
   */
  physicalTypeName(physicalType: string): string | undefined;
  /** A boolean expression: the text matches the pattern somewhere (unanchored). */
  regexMatches(expression: string, pattern: string): string;
  asText(expression: string): string;
  /**
   * The value as compared for uniqueness and allowed values: exactly, whatever the
   * column's collation (MySQL's default `_ci` collations call 'abc' and 'ABC' equal).
   */
  comparable(expression: string): string;
  textLength(expression: string): string;
  itemCount(expression: string): string;
  hasDuplicateItems(expression: string): string;
  /** A date/timestamp bound as a typed literal, to compare with a typed value. */
  typedLiteral(value: string, logicalType: OdcsLogicalType): string;
  /** Seconds from the timestamp expression to now. */
  ageSeconds(expression: string): string;
  /** The number of rows where the predicate holds, as an aggregate. */
  countIf(predicate: string): string;
  /** `x % y` where the engine names it differently. */
  modulo(left: string, right: string): string;
  /**
   * `meshwork scan`: one query drawing at most `plan.rows` rows of the relation, each
   * column as text cut at SAMPLE_VALUE_MAX_CHARS and named `c0`, `c1`, … by position (a
   * file's column names may be anything). The plan says how; an engine with a sampler of
   * its own (DuckDB's reservoir) may draw better than asked, never more rows.
   */
  sampleQuery(relation: string, columns: readonly string[], plan: SamplePlan): string;
}

/** How `Dialect.sampleQuery` draws, chosen from what the engine knows of the table's size. */
export type SamplePlan =
  /** Rows at random from the whole relation (a small table, or a sampler that needs no size). */
  | { readonly kind: 'random'; readonly rows: number }
  /** About `fraction` of the table first (an engine's cheap sampler), then `rows` at random. */
  | { readonly kind: 'fraction'; readonly rows: number; readonly fraction: number }
  /** The size is unknown (a view, no statistics): the first rows the engine returns. */
  | { readonly kind: 'first'; readonly rows: number };

/** A sampled value longer than this is cut: enough to judge an e-mail, IBAN or address. */
export const SAMPLE_VALUE_MAX_CHARS = 200;

/** `meshwork scan`'s sample of one relation. */
export interface SampleRequest {
  readonly relation: string;
  /** Columns of the relation, as `columns()` names them. */
  readonly columns: readonly string[];
  readonly rows: number;
  /**
   * Cancel the sample query after this long (`meshwork import --profile`'s time per
   * table); default: the connection's `ruleTimeoutMs` where the engine limits queries.
   */
  readonly timeoutMs?: number;
}

export interface SampleOutcome {
  /** Per requested column (same order), the sampled values as text; NULL as null. */
  readonly values: readonly (readonly (string | null)[])[];
  /** Rows drawn. */
  readonly rows: number;
  /** How they were drawn, in words, for the scan's evidence (no values). */
  readonly method: string;
}

export interface ColumnInfo {
  readonly name: string;
  /** Lower-case physical type as the engine reports it. */
  readonly type: string;
  /**
   * The relation has the column only as NULLs because the data has no such field at all:
   * a declared key that no record of schemaless JSON files has. Absent: the data has it.
   */
  readonly absent?: boolean;
}

/** An object to read: its name in the contract and in the data. */
export interface RelationRequest {
  readonly schema: string;
  readonly physicalName: string;
  /** The declared column names (file formats without a schema read only these). */
  readonly columns: readonly string[];
  /** The contract file's folder, against which relative file paths resolve. */
  readonly baseDir: string;
  /** The server entry of the contract the object belongs to. */
  readonly server: ServerEntry;
}

/** A contract's `servers` entry, read loosely: each engine picks the keys it knows. */
export type ServerEntry = Readonly<Record<string, unknown>> & {
  readonly server: string;
  readonly type: string;
};

export interface Credentials {
  readonly url?: string;
  readonly user?: string;
  readonly password?: string;
  /**
   * The user a contract's SQL rules run as, where the engine can switch users per query
   * (Trino: `MESHWORK_<SERVER>_RULE_USER`): one that the server's access rules let only
   * read. Engines without it ignore it.
   */
  readonly ruleUser?: string;
}

export type Row = Readonly<Record<string, SampleValue>>;

/** One open connection; queries are run one after the other. */
export interface EngineConnection {
  readonly dialect: Dialect;
  /** The FROM item that reads an object (a table, a file scan). */
  relation(request: RelationRequest): Promise<string>;
  /**
   * The relation reads every column as text (CSV, JSON scans), so SQL rules and joins
   * see it through the contract's logical types instead.
   */
  readsText(relation: string): boolean;
  /** Physical columns of a relation, or undefined where the engine cannot tell. */
  columns(relation: string): Promise<readonly ColumnInfo[] | undefined>;
  /** Runs a query; values are mapped to JSON (see json-values.ts). */
  query(sql: string): Promise<readonly Row[]>;
  /**
   * Runs a contract's SQL rule, which is untrusted text (DESIGN.md "Contracts are
   * untrusted input"): exactly one statement, in a read-only transaction, within
   * `ruleTimeoutMs`, and without file or network access of the engine beyond the data this
   * connection reads. Callers still validate the rule first; this is the second wall.
   */
  queryRule(sql: string, scope: RuleScope): Promise<readonly Row[]>;
  /**
   * A query Meshwork writes itself (`meshwork import --profile`'s aggregates), read-only
   * where the engine has transactions and cancelled by the engine after `timeoutMs` — so a
   * profile of a large production table cannot run unbounded. Absent: the engine cannot
   * limit a query's time (callers then say so).
   */
  queryWithin?(sql: string, timeoutMs: number): Promise<readonly Row[]>;
  /**
   * `meshwork scan`: a bounded sample of a relation's columns as text, drawn in the engine
   * with one query (the table's size estimate, where needed, from the catalog).
   */
  sample(request: SampleRequest): Promise<SampleOutcome>;
  /**
   * The tables and views of the server entry's schema (PostgreSQL `schema`, MySQL
   * `database`, a DuckDB file's `schema`); empty for file scans, which have no catalog.
   */
  tables(): Promise<readonly string[]>;
  /**
   * `meshwork import` / `discover domains` (issue 12): the catalog's description of tables
   * of the server entry's schema — all of them, or those named — with types (the logical
   * type by this engine's mapping), NOT NULL, primary keys with positions, unique
   * constraints, foreign keys and comments; read-only, from the catalog, never from rows.
   * Absent where the engine has no catalog of that kind.
   */
  describe?(tables?: readonly string[]): Promise<readonly CatalogTable[]>;
  /**
   * `discover domains` (issue 12): the engine's statement statistics (PostgreSQL
   * `pg_stat_statements`) of the connected database, most-called first, at most `limit`;
   * `available: false` with the reason where there are none to read. Absent where the
   * engine keeps no such statistics.
   */
  statementStatistics?(limit: number): Promise<StatementStatistics>;
  close(): Promise<void>;
}

/** Normalised statements with their call counts, or why there are none. */
export type StatementStatistics =
  | {
      readonly available: true;
      /** Where they came from, for the report: `pg_stat_statements`. */
      readonly source: string;
      readonly statements: readonly { readonly query: string; readonly calls: number }[];
      /** Statements whose text this login may not read (another user's, without pg_read_all_stats). */
      readonly unreadable: number;
      /** What the figures cannot tell apart on this server, in words (said with the result). */
      readonly caveat?: string;
    }
  | { readonly available: false; readonly reason: string };

/** What a SQL rule may name besides what the engine's own names resolve to. */
export interface RuleScope {
  /**
   * Names → the FROM item each reads: the rule's schema object by its name and physical
   * name, so that `FROM orders` reads what `{object}` reads where no table of that name
   * exists (files read by DuckDB). Engines whose objects are tables ignore it.
   */
  readonly names: Readonly<Record<string, string>>;
}

/** How long one SQL rule may run before the engine cancels it. */
export const DEFAULT_RULE_TIMEOUT_MS = 300_000;

export interface ConnectOptions {
  readonly server: ServerEntry;
  readonly credentials: Credentials;
  readonly baseDir: string;
  /** Give up connecting to a database server after this long (default: the driver's). */
  readonly connectTimeoutMs?: number;
  /** Cancel a SQL rule after this long (default: DEFAULT_RULE_TIMEOUT_MS). */
  readonly ruleTimeoutMs?: number;
  /** Schema object name → absolute path of a Parquet file or glob to read instead. */
  readonly relationOverride?: Readonly<Record<string, string>>;
}

export interface Engine {
  readonly name: string;
  readonly dialect: Dialect;
  /** ODCS server types this engine reads. */
  readonly serverTypes: readonly string[];
  connect(options: ConnectOptions): Promise<EngineConnection>;
  /** Provisioning of access grants; present exactly when `capabilities.canGrant`. */
  openGrants?(options: ConnectOptions): Promise<GrantAdmin>;
  /**
   * For engines whose data are files on this machine (no credentials, no server to ask):
   * where an entry's files are and whether they are there. Absent: a database server,
   * configured by credentials and probed by connecting.
   */
  readonly files?: LocalFiles;
  /**
   * The server types a build reads source data from through `exportSource` (a subset of
   * `serverTypes`). Absent or empty: builds do not read this engine.
   */
  readonly buildSourceTypes?: readonly string[];
  /** A source contract's objects handed to a build; present exactly when `buildSourceTypes` is not empty. */
  exportSource?(request: SourceExportRequest): Promise<SourceExport>;
  /** Serves a built snapshot into a table; present exactly when `capabilities.canServe`. */
  serve?(request: ServeRequest): Promise<ServeOutcome>;
}

/**
 * A `local` server's (or any entry's) `path`, else `location`, with `{model}` / `{object}`
 * replaced by the object's name; relative paths against the contract's folder, URLs and
 * absolute paths as written (globs allowed). The ODCS way of naming files, shared by every
 * engine that reads them and by the reports that name them.
 */
export function entryPath(server: ServerEntry, object: string, baseDir: string): string {
  const raw =
    typeof server.path === 'string'
      ? server.path
      : typeof server.location === 'string'
        ? server.location
        : '';
  const path = raw.replaceAll('{model}', object).replaceAll('{object}', object);
  return isAbsolute(path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : resolve(baseDir, path);
}

export interface LocalFiles {
  /**
   * The entry's data files (absolute paths, globs or URLs) for the objects' physical names,
   * for a run's evidence; empty when the entry names none.
   */
  paths(server: ServerEntry, objects: readonly string[], baseDir: string): readonly string[];
  /**
   * Why the entry cannot be read on this machine (it names no file, a file is not there);
   * undefined when it can. A missing file is "not here", never an error: the data is
   * elsewhere, and the next server is read.
   */
  missing(server: ServerEntry, objects: readonly string[], baseDir: string): string | undefined;
  /**
   * The entry names a file per object (`{model}`), as a build's Parquet snapshot is one
   * file per object: such a server is the one a new snapshot stands in for when a build
   * tests it. False for a database file.
   */
  filePerObject(server: ServerEntry): boolean;
}

/** A source contract's objects to hand to a build (the server is one `chooseServer` picked). */
export interface SourceExportRequest {
  readonly server: ServerEntry;
  readonly credentials: Credentials;
  /** The contract file's folder, against which relative file paths resolve. */
  readonly baseDir: string;
  /** The contract's schema objects: `name` in the contract, `physicalName` in the data. */
  readonly objects: readonly { readonly name: string; readonly physicalName: string }[];
  /** A private folder of the build for files in transit; names there start with `filePrefix`. */
  readonly scratchDir: string;
  readonly filePrefix: string;
  /**
   * The objects' columns and types only, no rows (`meshwork new product` describes a query
   * on the inputs and must not copy a whole table for it). Files read in place ignore it.
   */
  readonly columnsOnly?: boolean;
}

export interface SourceExport {
  /** Where it was read from, for the build's summary: `server "webshop" (postgresql)`. */
  readonly from: string;
  /** Each object's data by its name in the contract. */
  readonly objects: ReadonlyMap<string, BuildInput>;
}

/** One schema object of a sealed snapshot, to serve as a table. */
export interface ServeRequest {
  readonly server: ServerEntry;
  /** The server's credentials on this machine (maybe none: then it is not served). */
  readonly credentials: Credentials;
  /** The table's name in the server: the object's physicalName (the schema is the entry's). */
  readonly table: string;
  /** The snapshot's rows as a header-less CSV file with its columns; written when first asked. */
  readonly csv: () => Promise<CsvSnapshot>;
}

export interface ServeOutcome {
  /** The table as the server names it, for reports: `schema.table`. */
  readonly table: string;
  /**
   * false: the credentials do not say how to connect (a laptop builds the embedded
   * warehouse only), so nothing was served. A configured server that fails throws.
   */
  readonly served: boolean;
}

/** One served table a grant exposes, with the columns granted (in order). */
export interface GrantTarget {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly GrantColumn[];
  /** Only these rows (a grant's row filter, issue 14); absent: every row. */
  readonly rowFilter?: GrantTargetRowFilter;
}

/**
 * A row filter on a served table: the rows whose column holds one of the values. Data,
 * never SQL: each engine writes the values as literals of the column's logical type with
 * its own quoting, or binds them.
 */
export interface GrantTargetRowFilter {
  /** The table's (physical) column; it need not be a granted one. */
  readonly column: string;
  /** The ODCS logical type the values are of: string, integer, number, boolean or date. */
  readonly logicalType: string;
  /** 1–100 values, checked against the logical type when the owner set them. */
  readonly values: readonly (string | number | boolean)[];
}

export interface GrantColumn {
  readonly name: string;
  /**
   * Personal data or confidential (core/privacy's rule; app/access `isPseudonymised`):
   * pseudonymised unless the grant serves it in clear.
   */
  readonly personal: boolean;
}

export interface GrantSpec {
  readonly grantId: string;
  /** The consumer team's name; its group role is created when missing. */
  readonly team: string;
  /**
   * The consumer team's domain (folder name, no `/`): a team is its domain and its name,
   * so the role, schema and pseudonym key derive from both.
   */
  readonly domain: string;
  readonly targets: readonly GrantTarget[];
  /** Personal columns in clear (the purpose allows it); otherwise a keyed hash per team. */
  readonly personalInClear: boolean;
  /**
   * The database logins of the team's current members: afterwards exactly these (those
   * that exist) are the LOGIN members of the team's role; other logins lose it.
   */
  readonly memberLogins: readonly string[];
  /**
   * False: Meshwork does not know the members' logins (no login mapping configured), so
   * the role's memberships are the database administrator's — none granted, none taken.
   * Default true.
   */
  readonly membersManaged?: boolean;
}

/** A team and its members' logins, for `GrantAdmin.syncMembers`. */
export interface TeamMembers {
  readonly team: string;
  readonly domain: string;
  readonly memberLogins: readonly string[];
}

/** What a membership sync did. */
export interface MemberSync {
  /** The team's group role; null when the team has none on this server (nothing to sync). */
  readonly role: string | null;
  /** Logins that were members and are no longer (left the team, account gone). */
  readonly removedLogins: readonly string[];
  /** `memberLogins` with no LOGIN role of that name: not members. */
  readonly missingLogins: readonly string[];
}

/** What the consumer reads after provisioning. */
export interface ProvisionedGrant {
  /** Qualified names of the objects created, e.g. `meshwork_marketing.orders_1a2b3c4d` (team schema, table, short grant id). */
  readonly objects: readonly string[];
  /** The group role a consumer's login is a member of. */
  readonly role: string;
  /**
   * The `memberLogins` that were not made members because no LOGIN role of that name
   * exists (yet): the people behind them cannot read the grant until it is provisioned
   * again after their login was created. Absent where the engine has no logins.
   */
  readonly missingLogins?: readonly string[];
  /** Logins that were members of the role but are not among `memberLogins`, and lost it. */
  readonly removedLogins?: readonly string[];
}

/**
 * Grants in an engine: idempotent, each call one transaction (a failure leaves nothing half
 * made). Only views are granted, never a base table.
 */
export interface GrantAdmin {
  provision(spec: GrantSpec): Promise<ProvisionedGrant>;
  /** Drops the grant's objects; a grant that is not there is no error. */
  revoke(grantId: string, team: string, domain: string): Promise<void>;
  /**
   * Makes the team role's LOGIN members exactly `memberLogins` (those that exist): someone
   * who left the team loses every view of it. A team without a role here is left alone.
   */
  syncMembers(members: TeamMembers): Promise<MemberSync>;
  close(): Promise<void>;
}

/** A table or view of an engine that builds in place, fully qualified. */
export interface QualifiedTable {
  readonly catalog: string;
  readonly schema: string;
  readonly name: string;
}

/**
 * A build that runs inside a database server instead of the embedded DuckDB (a product's
 * `customProperties` `meshworkEngine`, e.g. `trino`; docs/build.md "Building in Trino"): the
 * inputs are the server's tables, each port becomes a snapshot table made by CREATE TABLE AS,
 * tested where it lies and served by switching a view. Reached through
 * `loadTableBuildEngine(name)` in the registry; app/build orders the steps and writes no SQL.
 */
export interface TableBuildEngine {
  /** For reports: "built in Trino". */
  readonly title: string;
  /** The server type whose entries say where inputs are read and outputs written. */
  readonly serverType: string;
  /** Where an entry holds an object (its `physicalName`), or why the entry does not say. */
  tableOf(server: ServerEntry, physicalName: string): QualifiedTable | { readonly problem: string };
  /** Why the entry cannot hold snapshot tables (say, a catalog that cannot CREATE TABLE AS); undefined when it can. */
  outputProblem(server: ServerEntry): string | undefined;
  /**
   * A session for one product's build; `scratchCatalog` holds its private schemas (the
   * input views and the views the tests read), `buildKey` names them (stale ones of an
   * earlier, killed build with the same key are dropped first).
   */
  open(options: TableBuildOpen): Promise<TableBuildSession>;
}

export interface TableBuildOpen {
  readonly server: ServerEntry;
  readonly credentials: Credentials;
  readonly scratchCatalog: string;
  /** Stable per product (a hash of its key), `[a-z0-9_]`. */
  readonly buildKey: string;
  /** This build's snapshot id (`newSnapshotId`). */
  readonly snapshot: string;
  /** Cancels the query running when aborted (a stopped build). */
  readonly signal?: AbortSignal;
}

export interface TableBuildSession {
  /**
   * The server entry's fields that make a contract's tests read the new snapshot (the
   * scratch schema where `exposeForTest` made a view per object): merged into the entry.
   */
  readonly testFields: Readonly<Record<string, string>>;
  /**
   * The credentials the build runs as (with the engine's defaults filled in): its tests
   * read the new snapshot with them, so a test never finds the server "not configured"
   * that the build just wrote through.
   */
  readonly testCredentials: Credentials;
  /** Makes `source` readable as `name` by the transform's unqualified names. */
  attachInput(name: string, source: QualifiedTable): Promise<void>;
  /** Throws StatementRefusedError unless the text is exactly one query the build may run. */
  assertOneQuery(sql: string): void;
  /** Writes the query's rows as this build's snapshot table of `target`; the exact row count. */
  writeSnapshot(target: QualifiedTable, query: string): Promise<number>;
  /** Makes the snapshot readable by the tests as `target.name` under `testFields`. */
  exposeForTest(target: QualifiedTable): Promise<void>;
  /** The snapshot `target`'s view reads now; undefined when there is no view (yet). */
  currentSnapshot(target: QualifiedTable): Promise<string | undefined>;
  /** Switches the view `target` to this build's snapshot: one statement, atomic for readers. */
  publish(target: QualifiedTable): Promise<void>;
  /** Drops this build's snapshot table of `target` (not served). */
  discard(target: QualifiedTable): Promise<void>;
  /**
   * Drops `target`'s snapshot tables beyond the served one and the `keep - 1` newest older
   * ones, and any newer than the served one (left by killed builds); returns the dropped.
   */
  prune(target: QualifiedTable, keep: number): Promise<readonly string[]>;
  /** Drops the scratch schemas. */
  close(): Promise<void>;
}
