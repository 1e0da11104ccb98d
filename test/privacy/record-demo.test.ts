import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { processingRecordOfMesh } from '../../src/app/privacy/record.ts';
import type { ProcessingRecord } from '../../src/core/privacy/record/model.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');
const NOW = new Date('2026-12-05T08:00:00.000Z');

let de: ProcessingRecord;
let en: ProcessingRecord;

before(async () => {
  de = await processingRecordOfMesh(DEMO, { none: true }, { now: NOW });
  en = await processingRecordOfMesh(DEMO, { none: true }, { language: 'en', now: NOW });
});

const activity = (id: string) => {
  const found = de.activities.find((a) => a.id === id);
  assert.ok(found, id);
  return found;
};

describe('the demo mesh’s record of processing activities', () => {
  it('has one activity per product with personal data and none for the others', () => {
    assert.deepEqual(
      de.activities.map((a) => a.id),
      [
        'finance-invoices',
        'finance-receivables',
        'marketing-customer-360',
        'marketing-newsletter-audience',
        'sales-customers',
        'sales-orders',
      ],
    );
    // Revenue and stock values are classified confidential: business secrets, no one's
    // personal data (Art. 4(1)), so neither product is a processing activity.
    for (const id of ['finance-revenue-reporting', 'production-inventory'])
      assert.ok(!de.activities.some((a) => a.id === id), id);
    assert.equal(de.generatedAt, NOW.toISOString());
    assert.equal(de.mesh, 'Alpine Bikes');
  });

  it('names customers as data subjects and their data by category where the mesh holds customers', () => {
    for (const id of [
      'sales-customers',
      'sales-orders',
      'finance-invoices',
      'finance-receivables',
      'marketing-customer-360',
      'marketing-newsletter-audience',
    ])
      assert.deepEqual(activity(id).dataSubjects, ['Kundinnen und Kunden'], id);
    const categories = activity('sales-customers').personalData.map((c) => c.category);
    assert.deepEqual(categories, [
      'Namen',
      'Kontaktdaten (E-Mail-Adresse)',
      'Kontaktdaten (Telefonnummer)',
      'Anschriften',
      'Geburtsdaten',
      'Kennungen (z. B. Kunden- oder Personalnummer)',
    ]);
    assert.ok(
      activity('finance-invoices').personalData.some(
        (c) =>
          c.category === 'Bankverbindungen (IBAN)' &&
          c.columns.includes('finance-payments-v1 / payments.payer_iban'),
      ),
    );
  });

  it('states legal bases and erasure periods where the mesh declares them', () => {
    assert.equal(
      activity('sales-customers').purposes[0]?.legalBasis,
      'Art. 6 Abs. 1 lit. b DSGVO (Vertrag)',
    );
    assert.equal(
      activity('finance-invoices').purposes[0]?.legalBasis,
      'Art. 6 Abs. 1 lit. c DSGVO (rechtliche Verpflichtung)',
    );
    assert.deepEqual(activity('sales-orders').erasure, [
      { port: 'orders', period: '10 Jahre ab orders.ordered_at' },
      // Order lines are the customer's too: order_id is a subject key (order-id), so an
      // erasure follows a customer into their lines (docs/privacy.md, "Limits, said plainly").
      { port: 'order_lines', period: '10 Jahre' },
    ]);
    assert.deepEqual(activity('marketing-customer-360').erasure, [
      { port: 'customer_360', period: '30 Tage' },
    ]);
    assert.ok(
      de.measures.some((m) => m.startsWith('Verschlüsselung bei der Übertragung: TLS 1.2')),
    );
    assert.ok(de.measures.some((m) => m.includes('halbjährlich')));
    assert.ok(en.measures.some((m) => m.includes('every six months')));
  });

  it('leaves its honest gaps: customer-360’s legal basis, encryption at rest, erasure periods not enforced', () => {
    assert.deepEqual(
      de.gaps.map((g) => [g.point, g.code, g.activity]),
      [
        ['g', 'no-encryption-at-rest', null],
        // Periods without a date element: stated, but `meshwork retention` cannot enforce them.
        ['f', 'unenforced-retention', 'finance-receivables'],
        ['b', 'no-legal-basis', 'marketing-customer-360'],
        ['f', 'unenforced-retention', 'marketing-customer-360'],
        ['f', 'unenforced-retention', 'marketing-newsletter-audience'],
        ['f', 'unenforced-retention', 'sales-customers'],
        ['f', 'unenforced-retention', 'sales-orders'],
      ],
    );
    assert.deepEqual(
      en.gaps.map((g) => g.code),
      de.gaps.map((g) => g.code),
    );
  });
});
