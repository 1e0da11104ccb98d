import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ProcessingRecord } from '../../core/privacy/record/model.ts';
import type { RecordBlock, RecordCell, RecordDocument, RecordSection } from './record-document.ts';
import { layoutRecord } from './record-document.ts';

/**
 * The record of processing as a PDF (A4) for the DPO's files, written with pdfkit. The
 * font is DejaVu Sans, embedded as a subset: the PDF standard fonts know only Windows-1252,
 * which has the German umlauts but not the letters of many people's names (ł, ş, ğ, ć …),
 * and a record must not garble the names of the people responsible. Text stays text (with
 * a ToUnicode map), so the PDF is searchable and the tests extract it.
 */

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 56;
const TEXT = '#1b1f24';
const MUTED = '#57606a';
const GAP = '#9a3412';
const SIZES = { title: 20, h1: 15, h2: 13, h3: 11, body: 10, small: 8.5 } as const;

type Pdf = PDFKit.PDFDocument;

/** Starts a new page when fewer than `needed` points are left, so a heading is not orphaned. */
function keepSpace(pdf: Pdf, needed: number): void {
  if (pdf.y + needed > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

function write(
  pdf: Pdf,
  text: string,
  font: 'body' | 'bold',
  size: number,
  color = TEXT,
  indent = 0,
): void {
  pdf
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(text, MARGIN + indent, pdf.y, { width: pdf.page.width - 2 * MARGIN - indent });
}

/** `Label: value` with a bold label; a missing value in the gap colour. */
function field(pdf: Pdf, label: string, value: RecordCell, notDeclared: string, indent = 0): void {
  const width = pdf.page.width - 2 * MARGIN - indent;
  pdf.font('bold').fontSize(SIZES.body).fillColor(TEXT);
  pdf.text(`${label}: `, MARGIN + indent, pdf.y, { width, continued: true });
  pdf
    .font('body')
    .fillColor(value === null ? GAP : TEXT)
    .text(value ?? notDeclared);
}

function renderBlock(pdf: Pdf, block: RecordBlock, doc: RecordDocument): void {
  const { notDeclared, gap } = doc.labels;
  switch (block.kind) {
    case 'fields':
      for (const [label, value] of block.rows) field(pdf, label, value, notDeclared);
      break;
    case 'table':
      // A row as a small record: its first cell bold, then each further column by its head;
      // reads well on A4 where a wide table would cut purposes into slivers.
      for (const row of block.rows) {
        keepSpace(pdf, 30);
        const [first, ...rest] = row;
        write(pdf, `• ${first ?? notDeclared}`, 'bold', SIZES.body, first === null ? GAP : TEXT);
        rest.forEach((value, i) => field(pdf, block.head[i + 1] ?? '', value, notDeclared, 12));
        pdf.moveDown(0.3);
      }
      break;
    case 'list':
      for (const item of block.items) write(pdf, `• ${item}`, 'body', SIZES.body, TEXT, 0);
      break;
    case 'note':
      write(pdf, block.text, 'body', SIZES.body, MUTED);
      break;
    case 'gaps':
      for (const g of block.gaps) {
        keepSpace(pdf, 24);
        pdf.font('bold').fontSize(SIZES.body).fillColor(GAP);
        pdf.text(`${gap}: `, MARGIN, pdf.y, {
          width: pdf.page.width - 2 * MARGIN,
          continued: true,
        });
        pdf.font('body').text(`${g.where} — ${g.text} (${g.point}; ${g.code})`);
      }
      break;
  }
  pdf.moveDown(0.4);
}

function renderSection(pdf: Pdf, section: RecordSection, doc: RecordDocument): void {
  const size = section.level === 1 ? SIZES.h1 : section.level === 2 ? SIZES.h2 : SIZES.h3;
  keepSpace(pdf, size * 5);
  pdf.moveDown(section.level === 3 ? 0.3 : 0.8);
  write(pdf, section.title, 'bold', size);
  if (section.point !== null) write(pdf, section.point, 'body', SIZES.small, MUTED);
  pdf.moveDown(0.2);
  for (const block of section.blocks) renderBlock(pdf, block, doc);
}

/** Page numbers last, once the page count is known (pages are buffered). */
function numberPages(pdf: Pdf, doc: RecordDocument): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    pdf
      .font('body')
      .fontSize(SIZES.small)
      .fillColor(MUTED)
      .text(
        `${doc.title} — ${doc.labels.page(i + 1, range.count)}`,
        MARGIN,
        pdf.page.height - MARGIN / 2 - SIZES.small,
        { width: pdf.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
      );
    pdf.page.margins.bottom = bottom;
  }
}

/** The whole record as a PDF in the record's language. */
export function renderRecordPdf(record: ProcessingRecord): Promise<Buffer> {
  const doc = layoutRecord(record);
  const created = new Date(record.generatedAt);
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: doc.language,
    displayTitle: true,
    info: {
      Title: `${doc.title} – ${record.mesh}`,
      Subject: doc.subtitle,
      Creator: 'Meshwork',
      ...(Number.isNaN(created.getTime()) ? {} : { CreationDate: created }),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('body', FONT_REGULAR);
  pdf.registerFont('bold', FONT_BOLD);
  write(pdf, doc.title, 'bold', SIZES.title);
  write(pdf, doc.subtitle, 'body', SIZES.body, MUTED);
  pdf.moveDown(0.5);
  for (const [label, value] of doc.meta)
    if (label === '') write(pdf, value, 'body', SIZES.body, MUTED);
    else field(pdf, label, value, doc.labels.notDeclared);
  for (const section of doc.sections) renderSection(pdf, section, doc);
  numberPages(pdf, doc);
  pdf.end();
  return done;
}
