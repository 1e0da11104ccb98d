/**
 * `meshwork export`: an ODCS contract (or several) as JSON Schema, SQL DDL per dialect,
 * Markdown, HTML, a Mermaid ER diagram, dbt sources and the Data Contract Specification.
 */
export { EXPORT_FORMATS, EXPORT_MEDIA, isExportFormat } from './export-model.ts';
export type {
  ExportContract,
  ExportFormat,
  ExportInput,
  ExportNote,
  ExportOutput,
} from './export-model.ts';
export { ddlFlavourOf, renderExport, safeFileStem } from './render-export.ts';
export type { DdlDialect, DdlFlavour } from './sql-types.ts';
export { resolveEnd } from './references.ts';
