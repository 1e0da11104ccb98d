import { renderDbtSources } from './dbt-sources.ts';
import { renderDcs } from './dcs.ts';
import type { ExportFormat, ExportInput, ExportNote, ExportOutput } from './export-model.ts';
import { EXPORT_MEDIA } from './export-model.ts';
import { renderHtml } from './html.ts';
import { renderJsonSchema } from './json-schema.ts';
import { renderMarkdown } from './markdown.ts';
import { renderMermaid } from './mermaid.ts';
import { renderDdl } from './sql-ddl.ts';
import type { DdlDialect, DdlFlavour } from './sql-types.ts';

/** The DDL flavour of an `sql-…` format; undefined for the others. */
export function ddlFlavourOf(format: ExportFormat): DdlFlavour | undefined {
  switch (format) {
    case 'sql-postgres':
      return 'postgres';
    case 'sql-mysql':
      return 'mysql';
    case 'sql-duckdb':
      return 'duckdb';
    default:
      return undefined;
  }
}

/**
 * One export: the text, its media type, a file name, and what could not be carried over.
 * `ddl` is the dialect of an `sql-…` format (the caller takes it from the engine; core
 * does not load engines).
 */
export function renderExport(
  format: ExportFormat,
  input: ExportInput,
  ddl?: DdlDialect,
): ExportOutput {
  const rendered = render(format, input, ddl);
  const first = input.contracts[0]?.contract.id ?? 'contract';
  return {
    format,
    text: rendered.text,
    mediaType: EXPORT_MEDIA[format].mediaType,
    fileName: `${safeFileStem(first)}${EXPORT_MEDIA[format].extension}`,
    notes: dedupe(rendered.notes),
  };
}

function render(
  format: ExportFormat,
  input: ExportInput,
  ddl: DdlDialect | undefined,
): { text: string; notes: readonly ExportNote[] } {
  switch (format) {
    case 'json-schema':
      return renderJsonSchema(input);
    case 'sql-postgres':
    case 'sql-mysql':
    case 'sql-duckdb': {
      const flavour = ddlFlavourOf(format);
      if (ddl === undefined || ddl.flavour !== flavour) {
        throw new Error(`renderExport(${format}) needs the ${String(flavour)} dialect`);
      }
      return renderDdl(input, ddl);
    }
    case 'markdown':
      return renderMarkdown(input);
    case 'html':
      return renderHtml(input);
    case 'mermaid':
      return renderMermaid(input);
    case 'dbt':
      return renderDbtSources(input);
    case 'dcs':
      return renderDcs(input);
  }
}

/** A contract id as a file name: letters, digits, `.`, `_`, `-` only (content-disposition, a shell). */
export function safeFileStem(id: string): string {
  const stem = id
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100);
  return stem === '' ? 'contract' : stem;
}

function dedupe(notes: readonly ExportNote[]): ExportNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => !seen.has(n.message) && seen.add(n.message) !== undefined);
}
