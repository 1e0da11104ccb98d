import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import { renderRecordPdf } from '../../src/app/privacy/render-pdf.ts';
import type { ProcessingActivity } from '../../src/core/privacy/record/model.ts';
import { DPO_NAME, HOSTILE_NAME, sampleRecord } from '../support/processing-record.ts';

/** Pages of a PDF rendered to pixels by MuPDF, with their extracted text. */
interface RenderedPage {
  readonly width: number;
  readonly height: number;
  /** Share of pixels that are not (near) white. */
  readonly ink: number;
  readonly text: string;
}

function renderPages(pdf: Uint8Array): { pages: RenderedPage[]; doc: mupdf.Document } {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pages: RenderedPage[] = [];
  for (let i = 0; i < doc.countPages(); i += 1) {
    const page = doc.loadPage(i);
    const pixmap = page.toPixmap(mupdf.Matrix.scale(1, 1), mupdf.ColorSpace.DeviceRGB, false);
    const pixels = pixmap.getPixels();
    let inked = 0;
    for (let p = 0; p < pixels.length; p += 3)
      if ((pixels[p] ?? 255) < 200 || (pixels[p + 1] ?? 255) < 200 || (pixels[p + 2] ?? 255) < 200)
        inked += 1;
    pages.push({
      width: pixmap.getWidth(),
      height: pixmap.getHeight(),
      ink: inked / (pixels.length / 3),
      text: page.toStructuredText('preserve-whitespace').asText(),
    });
  }
  return { pages, doc };
}

const flat = (text: string): string => text.replaceAll(/\s+/g, ' ');

describe('record of processing as PDF, rendered to images', () => {
  let german: { pages: RenderedPage[]; doc: mupdf.Document };
  let bytes: Buffer;
  before(async () => {
    bytes = await renderRecordPdf(sampleRecord('de'));
    german = renderPages(bytes);
  });

  it('is a PDF of A4 pages, none of them blank', () => {
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(german.pages.length >= 2, `${german.pages.length} pages`);
    for (const [i, page] of german.pages.entries()) {
      // A4 at 72 dpi: 595.28 × 841.89 points, rounded outwards to whole pixels.
      assert.ok(Math.abs(page.width - 595.28) < 1, `page ${i + 1} width ${page.width}`);
      assert.ok(Math.abs(page.height - 841.89) < 1, `page ${i + 1} height ${page.height}`);
      assert.ok(page.ink > 0.002, `page ${i + 1} has ink (${page.ink})`);
      assert.ok(page.ink < 0.5, `page ${i + 1} is not a black box (${page.ink})`);
    }
  });

  it('has its German text extractable: title, template headings, umlauts, names beyond Latin-1', () => {
    const text = flat(german.pages.map((p) => p.text).join('\n'));
    for (const heading of [
      'Verzeichnis von Verarbeitungstätigkeiten',
      'Angaben zum Verantwortlichen',
      'Zwecke der Verarbeitung',
      'Kategorien betroffener Personen',
      'Kategorien personenbezogener Daten',
      'Kategorien von Empfängern',
      'Übermittlungen in Drittländer',
      'Fristen für die Löschung',
      'Technische und organisatorische Maßnahmen (Art. 32)',
    ])
      assert.ok(text.includes(heading), heading);
    assert.ok(text.includes(DPO_NAME), 'the DPO name with ł, ó, ğ');
    assert.ok(text.includes('Ayşe Doğan'));
    assert.ok(text.includes(HOSTILE_NAME), 'a name is text, written as it is');
    assert.ok(text.includes('Lücke: '), 'gaps are marked');
    assert.ok(text.includes('transfer-without-safeguard'));
  });

  it('numbers its pages and carries title and language in its metadata', () => {
    const count = german.pages.length;
    german.pages.forEach((page, i) =>
      assert.ok(flat(page.text).includes(`Seite ${i + 1} von ${count}`), `page ${i + 1}`),
    );
    assert.equal(
      german.doc.getMetaData('info:Title'),
      'Verzeichnis von Verarbeitungstätigkeiten – alpine-bikes',
    );
    assert.ok(german.doc instanceof mupdf.PDFDocument);
    assert.equal(german.doc.getLanguage(), 'de');
  });

  it('writes the English record in English', async () => {
    const english = renderPages(await renderRecordPdf(sampleRecord('en')));
    const text = flat(english.pages.map((p) => p.text).join('\n'));
    assert.ok(text.includes('Record of processing activities'));
    assert.ok(text.includes('Transfers to third countries'));
    assert.ok(!text.includes('Verzeichnis von Verarbeitungstätigkeiten'));
    assert.ok(text.includes('Page 1 of'));
  });

  it('breaks a long record over pages without losing an activity', async () => {
    const base = sampleRecord('de');
    const template = base.activities[0]!;
    const activities: ProcessingActivity[] = Array.from({ length: 40 }, (_, i) => ({
      ...template,
      id: `product-${i}`,
      name: `Datenprodukt Nummer ${i}`,
    }));
    const many = renderPages(await renderRecordPdf({ ...base, activities }));
    assert.ok(many.pages.length > 10, `${many.pages.length} pages`);
    const text = flat(many.pages.map((p) => p.text).join('\n'));
    for (let i = 0; i < 40; i += 1) assert.ok(text.includes(`Datenprodukt Nummer ${i}`), `${i}`);
    for (const page of many.pages) assert.ok(page.ink > 0.002);
  });
});
