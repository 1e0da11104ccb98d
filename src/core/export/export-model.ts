import type { OdcsContract } from '../standards/odcs/index.ts';

/**
 * `meshwork export` (issue 12): one ODCS contract — or several, when the objects of a
 * system live in one contract per table as `meshwork import` writes them — rendered in
 * another format. Pure: the caller reads the files; this folder only renders.
 */
export const EXPORT_FORMATS = [
  'json-schema',
  'sql-postgres',
  'sql-mysql',
  'sql-duckdb',
  'markdown',
  'html',
  'mermaid',
  'dbt',
  'dcs',
] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(text: string): text is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(text);
}

/** What a download of the format is: its media type and a file name ending. */
export const EXPORT_MEDIA: Readonly<
  Record<ExportFormat, { readonly mediaType: string; readonly extension: string }>
> = {
  'json-schema': { mediaType: 'application/schema+json', extension: '.schema.json' },
  'sql-postgres': { mediaType: 'application/sql', extension: '.postgres.sql' },
  'sql-mysql': { mediaType: 'application/sql', extension: '.mysql.sql' },
  'sql-duckdb': { mediaType: 'application/sql', extension: '.duckdb.sql' },
  markdown: { mediaType: 'text/markdown; charset=utf-8', extension: '.md' },
  html: { mediaType: 'text/html; charset=utf-8', extension: '.html' },
  mermaid: { mediaType: 'text/vnd.mermaid; charset=utf-8', extension: '.mmd' },
  dbt: { mediaType: 'application/yaml', extension: '.sources.yml' },
  dcs: { mediaType: 'application/yaml', extension: '.datacontract.yaml' },
};

/** A contract with where it was read from (`/`-separated; relative references resolve against it). */
export interface ExportContract {
  readonly contract: OdcsContract;
  readonly path: string;
}

export interface ExportInput {
  /** The contracts to render, in order. */
  readonly contracts: readonly ExportContract[];
  /**
   * Contracts that relationships point into but that are not rendered themselves: the
   * targets of foreign keys (their tables and keys), read by the caller.
   */
  readonly related: readonly ExportContract[];
}

/**
 * Something the export could not carry over, said instead of dropped: a foreign key to a
 * table outside the export, a type the target cannot express, a nested property a table
 * cannot hold. The output says it too (as a comment where the format has comments).
 */
export interface ExportNote {
  readonly code:
    | 'reference-unresolved'
    | 'reference-outside-export'
    | 'reference-not-a-key'
    | 'nested-property'
    | 'not-expressible'
    | 'truncated'
    | 'name-changed';
  readonly message: string;
}

export interface ExportOutput {
  readonly format: ExportFormat;
  readonly text: string;
  readonly mediaType: string;
  /** A file name for a download: the first contract's id plus the format's ending. */
  readonly fileName: string;
  readonly notes: readonly ExportNote[];
}
