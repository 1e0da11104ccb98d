import type { ExportInput, ExportNote } from './export-model.ts';
import type { ContractOutline } from './outline.ts';
import { COLUMN_HEADINGS, columnCells, contractOutlines } from './outline.ts';

/**
 * Markdown documentation of the contracts (CommonMark + GFM tables). Contract text is
 * escaped: Markdown passes HTML through, so `<`, `>` and `&` become entities, and the
 * characters that start Markdown syntax are backslash-escaped; a table cell keeps one line.
 */
export function renderMarkdown(input: ExportInput): { text: string; notes: readonly ExportNote[] } {
  const { outlines, notes } = contractOutlines(input);
  return { text: outlines.map(contractMarkdown).join('\n---\n\n'), notes };
}

export function escapeMarkdown(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^([ \t]*)([#+=-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

function cell(text: string): string {
  return escapeMarkdown(text).replace(/\r\n|\r|\n/g, '<br>');
}

function paragraph(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line))
    .join('  \n');
}

function contractMarkdown(outline: ContractOutline): string {
  const out: string[] = [`# ${escapeMarkdown(outline.title)}`, ''];
  for (const [label, value] of outline.facts) out.push(`- **${label}:** ${escapeMarkdown(value)}`);
  out.push('');
  for (const [label, value] of outline.texts) out.push(`**${label}.** ${paragraph(value)}`, '');
  for (const table of outline.tables) {
    out.push(`## ${escapeMarkdown(table.name)}`, '');
    if (table.description !== undefined) out.push(paragraph(table.description), '');
    out.push(
      `| ${COLUMN_HEADINGS.join(' | ')} |`,
      `|${COLUMN_HEADINGS.map(() => ' --- ').join('|')}|`,
    );
    for (const row of table.rows) {
      const cells = columnCells(row);
      out.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    out.push('');
  }
  if (outline.sla.length > 0) {
    out.push('## Service levels', '', ...outline.sla.map((s) => `- ${escapeMarkdown(s)}`), '');
  }
  if (outline.servers.length > 0) {
    out.push('## Servers', '', ...outline.servers.map((s) => `- ${escapeMarkdown(s)}`), '');
  }
  return out.join('\n');
}
