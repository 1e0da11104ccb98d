import type { ExportInput, ExportNote } from './export-model.ts';
import type { ContractOutline } from './outline.ts';
import { COLUMN_HEADINGS, columnCells, contractOutlines } from './outline.ts';

/**
 * A self-contained HTML page of the contracts: no scripts, no external resources, inline
 * styles only; every text from a contract is escaped (a contract is untrusted input, and the
 * page may be opened from the portal's origin).
 */
export function renderHtml(input: ExportInput): { text: string; notes: readonly ExportNote[] } {
  const { outlines, notes } = contractOutlines(input);
  const title = outlines.map((o) => o.title).join(', ');
  const text = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${outlines.map(contractHtml).join('\n<hr>\n')}
</body>
</html>
`;
  return { text, notes };
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}dl{display:grid;grid-template-columns:max-content 1fr;gap:0.2rem 1rem}dt{font-weight:600}
p.text{white-space:pre-line}`;

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function contractHtml(outline: ContractOutline): string {
  const out: string[] = [`<section>`, `<h1>${escapeHtml(outline.title)}</h1>`, '<dl>'];
  for (const [label, value] of outline.facts) {
    out.push(`<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`);
  }
  out.push('</dl>');
  for (const [label, value] of outline.texts) {
    out.push(`<h3>${escapeHtml(label)}</h3>`, `<p class="text">${escapeHtml(value)}</p>`);
  }
  for (const table of outline.tables) {
    out.push(`<h2>${escapeHtml(table.name)}</h2>`);
    if (table.description !== undefined)
      out.push(`<p class="text">${escapeHtml(table.description)}</p>`);
    out.push(
      '<table>',
      `<thead><tr>${COLUMN_HEADINGS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>`,
      '<tbody>',
    );
    for (const row of table.rows) {
      const cells = columnCells(row);
      out.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    }
    out.push('</tbody>', '</table>');
  }
  if (outline.sla.length > 0) {
    out.push(
      '<h2>Service levels</h2>',
      `<ul>${outline.sla.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
    );
  }
  if (outline.servers.length > 0) {
    out.push(
      '<h2>Servers</h2>',
      `<ul>${outline.servers.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
    );
  }
  out.push('</section>');
  return out.join('\n');
}
