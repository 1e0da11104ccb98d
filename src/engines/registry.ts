import type { SqlParser } from '../core/semantic/sql-parser.ts';
import type { BuildEngine, SnapshotExporter, SnapshotRewriter } from './build-engine.ts';
import type { Engine, TableBuildEngine } from './engine.ts';
import type * as TrinoClientModuleType from './trino/client.ts';

/**
 * Engines by the ODCS server types they read, loaded on first use: a run against local
 * files never loads the PostgreSQL or MySQL drivers (start-up time counts in every
 * `meshwork test`).
 */
const duckDb = (): Promise<Engine> => import('./duckdb/index.ts').then((m) => m.duckDbEngine);
const postgres = (): Promise<Engine> =>
  import('./postgresql/index.ts').then((m) => m.postgresEngine);
const mysql = (): Promise<Engine> => import('./mysql/index.ts').then((m) => m.mysqlEngine);
const trino = (): Promise<Engine> => import('./trino/index.ts').then((m) => m.trinoEngine);

const LOADERS: Readonly<Record<string, () => Promise<Engine>>> = {
  local: duckDb,
  duckdb: duckDb,
  postgresql: postgres,
  postgres,
  mysql,
  mariadb: mysql,
  trino,
};

/** The server type a build's Parquet snapshot is read as: files, one per object (DuckDB). */
export const SNAPSHOT_SERVER_TYPE = 'local';

export const READABLE_SERVER_TYPES: readonly string[] = Object.keys(LOADERS);

export function canRead(serverType: string): boolean {
  return Object.hasOwn(LOADERS, serverType);
}

/** The engine that reads an ODCS server type, if any. */
export async function loadEngine(serverType: string): Promise<Engine | undefined> {
  return Object.hasOwn(LOADERS, serverType) ? LOADERS[serverType]!() : undefined;
}

/** Whether a build reads source data from this server type (`Engine.exportSource`). */
export async function buildReads(serverType: string): Promise<boolean> {
  const engine = await loadEngine(serverType);
  return engine?.exportSource !== undefined && (engine.buildSourceTypes ?? []).includes(serverType);
}

/** The engine builds run their transforms in (DuckDB). */
export async function loadBuildEngine(): Promise<BuildEngine> {
  return import('./duckdb/build-engine.ts').then((m) => m.duckDbBuildEngine);
}

/**
 * Engines that build a product inside a database server, by the value of its
 * `customProperties` `meshworkEngine` (docs/build.md "Building in Trino").
 */
const TABLE_BUILDERS: Readonly<Record<string, () => Promise<TableBuildEngine>>> = {
  trino: () => import('./trino/table-build.ts').then((m) => m.trinoTableBuild),
};

/** The names `meshworkEngine` accepts besides the default (the embedded DuckDB). */
export const TABLE_BUILD_ENGINES: readonly string[] = Object.keys(TABLE_BUILDERS);

/** The engine a product with `meshworkEngine: <name>` is built in; undefined for an unknown name. */
export async function loadTableBuildEngine(name: string): Promise<TableBuildEngine | undefined> {
  return Object.hasOwn(TABLE_BUILDERS, name) ? TABLE_BUILDERS[name]!() : undefined;
}

/** The embedded data API's exporter of port snapshots (DuckDB's). */
export async function loadSnapshotExporter(): Promise<SnapshotExporter> {
  return import('./duckdb/port-export.ts').then((m) => m.exportPortData);
}

/** The rewriter of port snapshots: erasure, retention, build-time suppression (DuckDB's). */
export async function loadSnapshotRewriter(): Promise<SnapshotRewriter> {
  return import('./duckdb/snapshot-rewrite.ts').then((m) => m.rewriteSnapshot);
}

/** A SqlParser with the resources it holds; `close` releases them. */
export interface ClosableSqlParser extends SqlParser {
  close(): void;
}

/** The SQL parser `meshwork validate` judges SQL rules and transforms with (DuckDB's). */
export async function loadSqlParser(): Promise<ClosableSqlParser> {
  const duckdb = await import('./duckdb/index.ts');
  return duckdb.createDuckDbSqlParser();
}

export type {
  RunOptions as TrinoRunOptions,
  TrinoClient,
  TrinoClientOptions,
  TrinoResult,
} from './trino/client.ts';

type TrinoClientModule = typeof TrinoClientModuleType;

/** The one Trino client module (`trino/client.ts`), loaded on first use. */
export async function loadTrinoClient(): Promise<TrinoClientModule> {
  return import('./trino/client.ts');
}
