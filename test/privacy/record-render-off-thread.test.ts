import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import { renderRecordPdf } from '../../src/app/privacy/render-pdf.ts';
import {
  PdfTimeoutError,
  createPdfGate,
  renderRecordPdfOffThread,
} from '../../src/app/privacy/render-pdf-off-thread.ts';
import type { ProcessingRecord } from '../../src/core/privacy/record/model.ts';
import { sampleRecord } from '../support/processing-record.ts';

/** A record of a large mesh: 200 activities, some 170 pages. */
function bigRecord(): ProcessingRecord {
  const base = sampleRecord('de');
  const template = base.activities[1]!;
  return {
    ...base,
    activities: Array.from({ length: 200 }, (_, i) => ({
      ...template,
      id: `product-${i}`,
      name: `Produkt ${i}`,
    })),
  };
}

/** The longest pause of the event loop while `work` runs, from a 20 ms ticker. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  // A stall that lasts until the work ends shows only here: the ticker never ran in it.
  return Math.max(longest, performance.now() - last);
}

describe('the record as PDF, rendered off the event loop', () => {
  it('gives the same document as rendering in the thread', async () => {
    const pdf = await renderRecordPdfOffThread(sampleRecord('de'));
    const doc = mupdf.Document.openDocument(new Uint8Array(pdf), 'application/pdf');
    const text = doc.loadPage(0).toStructuredText('preserve-whitespace').asText();
    assert.ok(text.includes('Verzeichnis von Verarbeitungstätigkeiten'));
    const inThread = mupdf.Document.openDocument(
      new Uint8Array(await renderRecordPdf(sampleRecord('de'))),
      'application/pdf',
    );
    assert.equal(doc.countPages(), inThread.countPages());
  });

  it('keeps the event loop free while a large record is laid out, which in the thread stalls it', async () => {
    const record = bigRecord();
    const inThread = await longestStall(() => renderRecordPdf(record));
    const offThread = await longestStall(() => renderRecordPdfOffThread(record));
    // The control: in the thread the loop visibly stalls (how long depends on the machine, so
    // only a clear stall is asked, and the worker is judged against it by ratio).
    assert.ok(inThread > 250, `in the thread the loop stalls (${Math.round(inThread)} ms)`);
    assert.ok(
      offThread < inThread / 3,
      `off the thread ${Math.round(offThread)} ms against ${Math.round(inThread)} ms`,
    );
  });

  it('stops a worker that takes longer than its limit, and frees the gate for the next PDF', async () => {
    const gate = createPdfGate();
    const started = performance.now();
    await assert.rejects(
      gate.run(() => renderRecordPdfOffThread(bigRecord(), { timeoutMs: 100 })),
      (error: unknown) =>
        error instanceof PdfTimeoutError &&
        /took longer than 0 s and was stopped/.test(error.message),
    );
    const stopped = performance.now() - started;
    // Without the limit the large record runs to its end (far beyond 100 ms, see above).
    assert.ok(stopped < 1000, `stopped after ${Math.round(stopped)} ms`);
    // The gate's one place is free again: the next PDF is rendered, not refused or queued for ever.
    const next = await gate.run(() => renderRecordPdfOffThread(sampleRecord('en')));
    assert.ok(next.subarray(0, 5).toString('latin1') === '%PDF-');
  });
});
