import type { CatalogGap, CatalogTable } from '../../core/import/catalog.ts';
import type { EngineConnection, ServerEntry } from '../../engines/engine.ts';

/**
 * `meshwork import SOURCE` (issue 12): where the tables come from. `importSourceOf`
 * (import-source.ts) tells them apart from the argument; one module per kind describes
 * the source as an `ImportedSystem`; `source-contract.ts` writes one ODCS source contract
 * per table from it, whatever the kind.
 */
export type ImportSource =
  /** A PostgreSQL or MySQL/MariaDB database by URL (`--schema` picks the schema). */
  | { readonly kind: 'database'; readonly url: string; readonly serverType: string }
  /** Local CSV, Parquet, JSON or NDJSON files: a path or a glob (one table per file, or per glob). */
  | { readonly kind: 'files'; readonly path: string }
  /** An Excel workbook: one table per sheet. */
  | { readonly kind: 'xlsx'; readonly path: string }
  /** A dbt `manifest.json`: its sources and models. */
  | { readonly kind: 'dbt-manifest'; readonly path: string }
  /** A Data Contract Specification file (`datacontract.yaml`, dataContractSpecification: 0.9.x / 1.x). */
  | { readonly kind: 'dcs'; readonly path: string }
  /** A SQL DDL file (CREATE TABLE, COMMENT ON, ALTER TABLE … FOREIGN KEY), PostgreSQL or MySQL dialect. */
  | { readonly kind: 'ddl'; readonly path: string };

export interface ImportOptions {
  readonly cwd: string;
  /**
   * The mesh folder the contracts go into (`sources/<system>/` below it); default `cwd`.
   * Importers of local files write the server entry's path relative to that folder, so
   * the contract reads its data in place (`entryPath` resolves against the contract's folder).
   */
  readonly meshRoot?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--system`: the source system's name (folder under sources/, server name). */
  readonly system?: string;
  /** `--schema`: a database's schema, a DuckDB file's schema. */
  readonly schema?: string;
  /** `--tables`: only these tables (by name); undefined: all. */
  readonly tables?: readonly string[];
}

/** A source described: what the writer needs for every contract of the system. */
export interface ImportedSystem {
  /** kebab-case; folder `sources/<system>/` and the server entry's name. */
  readonly system: string;
  /**
   * The ODCS server entry every contract of the system gets, without credentials (they
   * come from `MESHWORK_<SYSTEM>_URL` / `_USER` / `_PASSWORD`, app/testing/credentials.ts).
   * Undefined where the source names no server (a DDL file): the contract then has none
   * and the report says so.
   */
  readonly server: ServerEntry | undefined;
  readonly tables: readonly CatalogTable[];
  /** Tables (or the whole source, `table: null`) that could not be described, and why. */
  readonly gaps: readonly CatalogGap[];
  /**
   * For `--profile`: opens a connection that reads the tables' data, where the source has
   * data (a database, files, a workbook); absent for metadata-only sources (DDL, dbt, DCS).
   */
  readonly data?: ImportData;
}

/** How `--profile` reaches a system's rows: the engine connection and each table's FROM item. */
export interface ImportData {
  open(): Promise<{
    readonly connection: EngineConnection;
    /** The FROM item of a table, by its `CatalogTable.name`. */
    relation(table: string): Promise<string>;
  }>;
}

/** Describes one kind of source. */
export type Importer<S extends ImportSource = ImportSource> = (
  source: S,
  options: ImportOptions,
) => Promise<ImportedSystem>;
