import type { OdcsLogicalType } from '../standards/odcs/index.ts';

/**
 * What `meshwork import` (issue 12) learns about an existing system before it writes a
 * contract: its tables as a catalog describes them. Every importer — a database's catalog
 * (`EngineConnection.describe`), files read by DuckDB, an Excel workbook, a dbt manifest, a
 * Data Contract Specification file, a SQL DDL file — produces this one model, and one
 * writer (app/import/source-contract.ts) turns it into ODCS. `meshwork discover domains`
 * reads the foreign keys of the same model. Pure data: no values of rows, ever.
 */
export interface CatalogTable {
  /** The table's name in the source (its physical name; also the contract's object name). */
  readonly name: string;
  /** A view is imported like a table; its kind goes into `physicalType`. */
  readonly kind: 'table' | 'view';
  /** The table comment (PostgreSQL `COMMENT ON TABLE`, MySQL `TABLE_COMMENT`, a dbt description). */
  readonly description?: string;
  readonly columns: readonly CatalogColumn[];
  /** Unique constraints over more than one column (single-column ones are `CatalogColumn.unique`). */
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly foreignKeys: readonly CatalogForeignKey[];
  /** The catalog's row estimate (PostgreSQL `reltuples`, MySQL `TABLE_ROWS`); not a count. */
  readonly rowEstimate?: number;
}

export interface CatalogColumn {
  readonly name: string;
  /**
   * The type as the source spells it, lower-case (`varchar(12)`, `numeric(12,2)`,
   * `timestamp with time zone`); undefined where the source has no types (a dbt model
   * without `data_type`).
   */
  readonly physicalType?: string;
  /** The ODCS logical type the physical type reads as (the importer's dialect decides). */
  readonly logicalType: OdcsLogicalType;
  /** ODCS `logicalTypeOptions` known from the type: `maxLength` of `varchar(n)`, … */
  readonly logicalTypeOptions?: Readonly<Record<string, unknown>>;
  /** NOT NULL (a primary key column is required too). */
  readonly required: boolean;
  /** 1-based position in the primary key; absent when not part of it. */
  readonly primaryKeyPosition?: number;
  /** A unique constraint or unique index on this column alone. */
  readonly unique: boolean;
  /** The column comment. */
  readonly description?: string;
  /**
   * The only values the source allows: a dbt `accepted_values` test, a Data Contract
   * Specification `enum`, a MySQL `ENUM(…)`. Written as an ODCS `invalidValues` quality rule
   * (property-level `enum` is v3.2; the contracts are v3.1.0).
   */
  readonly validValues?: readonly (string | number | boolean)[];
}

export interface CatalogForeignKey {
  /** The constraint's name where the source has one. */
  readonly name?: string;
  /** Columns of this table, in the key's order. */
  readonly columns: readonly string[];
  /** The referenced table: in the same schema/system unless `schema` says otherwise. */
  readonly table: string;
  readonly schema?: string;
  /** Referenced columns, in the same order as `columns`. */
  readonly referencedColumns: readonly string[];
}

/** A table `meshwork import` could not describe, with the reason (said, never skipped silently). */
export interface CatalogGap {
  readonly table: string | null;
  readonly reason: string;
}
