import type { ProcessingRecord } from '../../core/privacy/record/model.ts';
import type { RecordBlock, RecordCell, RecordSection } from './record-document.ts';
import { layoutRecord } from './record-document.ts';

/**
 * The record of processing as one self-contained HTML page (no script, no external
 * resource: it is archived, mailed and printed). Every text from the mesh is escaped:
 * product names, purposes and contacts are written by anyone who can commit to the mesh.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replaceAll(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

const STYLE = `
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #c9d1d9;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}h4{font-size:.95rem;margin:1rem 0 .3rem}
.point{font-weight:normal;color:#57606a;font-size:.8em;margin-left:.5rem}
.subtitle{color:#57606a;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;margin:.3rem 0}dt{color:#57606a}dd{margin:0}
.missing{color:#9a3412;background:#fff7ed;font-style:italic}
.gaps{list-style:none;padding:0}.gap{border-left:4px solid #ea580c;background:#fff7ed;padding:.35rem .6rem;margin:.3rem 0}
.gap-label{font-weight:bold;color:#9a3412}.gap-code{color:#57606a;font-size:.8em}
@media print{body{margin:0;max-width:none}.gap,.missing{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`.trim();

function cell(value: RecordCell, notDeclared: string): string {
  return value === null
    ? `<span class="missing">${escapeHtml(notDeclared)}</span>`
    : escapeHtml(value);
}

function renderBlock(block: RecordBlock, labels: { notDeclared: string; gap: string }): string {
  switch (block.kind) {
    case 'fields':
      return `<dl>${block.rows
        .map(
          ([label, value]) =>
            `<dt>${escapeHtml(label)}</dt><dd>${cell(value, labels.notDeclared)}</dd>`,
        )
        .join('')}</dl>`;
    case 'table':
      return `<table><thead><tr>${block.head
        .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
        .join('')}</tr></thead><tbody>${block.rows
        .map(
          (row) => `<tr>${row.map((v) => `<td>${cell(v, labels.notDeclared)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'note':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'gaps':
      return `<ul class="gaps">${block.gaps
        .map(
          (g) =>
            `<li class="gap" data-code="${escapeHtml(g.code)}"><span class="gap-label">${escapeHtml(labels.gap)}:</span> ${escapeHtml(g.where)} — ${escapeHtml(g.text)} <span class="gap-code">(${escapeHtml(g.point)}; ${escapeHtml(g.code)})</span></li>`,
        )
        .join('')}</ul>`;
  }
}

function renderSection(
  section: RecordSection,
  labels: { notDeclared: string; gap: string },
): string {
  const tag = `h${section.level + 1}`;
  const point =
    section.point === null ? '' : ` <span class="point">${escapeHtml(section.point)}</span>`;
  return `<section id="${escapeHtml(section.anchor)}"><${tag}>${escapeHtml(section.title)}${point}</${tag}>${section.blocks
    .map((b) => renderBlock(b, labels))
    .join('')}</section>`;
}

/** The whole record as an HTML document in the record's language. */
export function renderRecordHtml(record: ProcessingRecord): string {
  const doc = layoutRecord(record);
  const meta = doc.meta
    .map(([label, value]) =>
      label === ''
        ? `<p>${escapeHtml(value)}</p>`
        : `<p><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}</p>`,
    )
    .join('');
  return [
    '<!doctype html>',
    `<html lang="${doc.language}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${doc.title} – ${record.mesh}`)}</title>`,
    `<style>${STYLE}</style></head>`,
    '<body>',
    `<header><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p>${meta}</header>`,
    `<main>${doc.sections.map((s) => renderSection(s, doc.labels)).join('')}</main>`,
    '</body></html>',
    '',
  ].join('\n');
}
