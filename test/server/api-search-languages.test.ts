import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ApiFixture } from './api-support.ts';
import { createApiFixture, getJson } from './api-support.ts';

interface ProductPage {
  items: { id: string }[];
}

let f: ApiFixture;
before(async () => {
  f = await createApiFixture();
});

const ids = async (q: string): Promise<string[]> =>
  (
    await getJson<ProductPage>(f.app, `/api/products?q=${encodeURIComponent(q)}&limit=200`, f.admin)
  ).body.items.map((p) => p.id);

/** The demo's meshwork.yaml has a glossary: kunde = customer = client, bestellung = order, … */
describe('searching the demo catalog in German and English', () => {
  test('"kunden" finds the customer products', async () => {
    const found = await ids('kunden');
    assert.ok(found.includes('sales-customers'), found.join(', '));
    assert.ok(found.includes('marketing-customer-360'), found.join(', '));
  });

  test('"bestellungen" finds the orders', async () => {
    assert.ok((await ids('bestellungen')).includes('sales-orders'));
  });

  test('"rechnungen" finds the invoices, "invoice" too', async () => {
    assert.ok((await ids('rechnungen')).includes('finance-invoices'));
    assert.ok((await ids('invoice')).includes('finance-invoices'));
  });
});
