import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutRecord } from '../../src/app/privacy/record-document.ts';
import { escapeHtml, renderRecordHtml } from '../../src/app/privacy/render-html.ts';
import { DPO_NAME, HOSTILE_NAME, sampleRecord } from '../support/processing-record.ts';

const GERMAN_HEADINGS = [
  'Verzeichnis von Verarbeitungstätigkeiten',
  'Angaben zum Verantwortlichen',
  'Zwecke der Verarbeitung',
  'Kategorien betroffener Personen',
  'Kategorien personenbezogener Daten',
  'Kategorien von Empfängern',
  'Übermittlungen in Drittländer',
  'Fristen für die Löschung',
  'Technische und organisatorische Maßnahmen (Art. 32)',
];

/** The text of each heading element (h1–h4), tags inside stripped. */
function headings(html: string): string[] {
  return [...html.matchAll(/<h[1-4][^>]*>(.*?)<\/h[1-4]>/g)].map((m) =>
    (m[1] ?? '').replaceAll(/<span class="point">.*?<\/span>/g, '').trim(),
  );
}

describe('record of processing as HTML', () => {
  it('has the German template headings in the German record, each Art. 30(1) point cited', () => {
    const html = renderRecordHtml(sampleRecord('de'));
    const found = headings(html);
    for (const heading of GERMAN_HEADINGS) assert.ok(found.includes(heading), heading);
    for (const point of ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
      assert.ok(html.includes(`Art. 30 Abs. 1 lit. ${point} DSGVO`), point);
    assert.match(html, /<html lang="de">/);
  });

  it('speaks English in the English record, with no German heading left', () => {
    const html = renderRecordHtml(sampleRecord('en'));
    const found = headings(html);
    for (const heading of [
      'Record of processing activities',
      'Controller details',
      'Purposes of the processing',
      'Categories of data subjects',
      'Categories of personal data',
      'Categories of recipients',
      'Transfers to third countries',
      'Time limits for erasure',
      'Technical and organisational measures (Art. 32)',
    ])
      assert.ok(found.includes(heading), heading);
    for (const heading of GERMAN_HEADINGS) assert.ok(!html.includes(heading), heading);
    assert.match(html, /<html lang="en">/);
    assert.ok(html.includes('Art. 30(1)(e) GDPR'));
  });

  it('escapes what the mesh says: a product name cannot inject markup', () => {
    const html = renderRecordHtml(sampleRecord('de'));
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(html.includes(escapeHtml(HOSTILE_NAME)));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co'));
    assert.ok(html.includes(DPO_NAME), 'letters beyond Latin-1 kept');
  });

  it('is self-contained: no script, no external resource', () => {
    const html = renderRecordHtml(sampleRecord('de'));
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|src=|href="http|@import|url\(/i);
  });

  it('highlights every gap once in the summary and again at its Art. 30 point', () => {
    const record = sampleRecord('de');
    const html = renderRecordHtml(record);
    for (const gap of record.gaps) {
      const marked = html.split(`data-code="${gap.code}"`).length - 1;
      assert.equal(marked, 2, `${gap.code}: in the summary and at its point`);
    }
    const leads = html.slice(html.indexOf('id="activity-2"'));
    const transfers = leads.slice(
      leads.indexOf('id="activity-2-e"'),
      leads.indexOf('id="activity-2-f"'),
    );
    assert.match(transfers, /data-code="transfer-without-safeguard"/);
    // The missing safeguard is said in its cell, not left blank.
    assert.match(transfers, /<td><span class="missing">nicht angegeben<\/span><\/td>/);
    assert.match(html, /4 Punkte sind in den Metadaten nicht angegeben/);
  });

  it('says "not declared" for a missing contact, never an empty field', () => {
    const html = renderRecordHtml(sampleRecord('en'));
    const representative = html.slice(
      html.indexOf('id="controller-representative"'),
      html.indexOf('id="controller-dpo"'),
    );
    assert.match(representative, /<p>not declared<\/p>/);
    assert.doesNotMatch(html, /<dd><\/dd>|<td><\/td>/);
  });

  it('says so when no product holds personal data and nothing is missing', () => {
    const empty = { ...sampleRecord('de'), activities: [], gaps: [] };
    const html = renderRecordHtml(empty);
    assert.match(html, /Kein Datenprodukt enthält personenbezogene Daten\./);
    assert.match(html, /Keine offenen Punkte/);
  });

  it('lists an activity gap that the record-level list does not repeat', () => {
    const record = sampleRecord('de');
    const doc = layoutRecord({ ...record, gaps: [] });
    assert.equal(doc.gapCount, 3);
  });
});
