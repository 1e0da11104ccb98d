import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SearchDocument } from '../../src/app/catalog/search-index.ts';
import { SearchIndex } from '../../src/app/catalog/search-index.ts';
import { stemsOf } from '../../src/core/text/stems.ts';

const doc = (
  name: string,
  text: string,
  facets: Partial<SearchDocument['facets']> = {},
): SearchDocument => ({
  name,
  fields: [
    { text: name, weight: 4 },
    { text, weight: 1 },
  ],
  facets: { domain: [], status: [], tag: [], classification: [], ...facets },
});

const index = new SearchIndex([
  doc('Orders', 'webshop orders and lines', { domain: ['sales'], tag: ['pii', 'orders'] }),
  doc('Invoices', 'invoices of shipped orders', { domain: ['finance'], tag: ['finance'] }),
  doc('Customers', 'customer accounts', { domain: ['sales'], tag: ['pii'] }),
  doc('Stock', 'stock levels per warehouse', { domain: ['logistics'] }),
]);
const names = (hits: readonly number[]): string[] =>
  hits.map((n) => ['Orders', 'Invoices', 'Customers', 'Stock'][n]!);

test('every word must match; a name match ranks above a description match', () => {
  assert.deepEqual(names(index.search({ q: 'orders' }).hits), ['Orders', 'Invoices']);
  assert.deepEqual(names(index.search({ q: 'orders shipped' }).hits), ['Invoices']);
  assert.deepEqual(names(index.search({ q: 'nothing' }).hits), []);
});

test('a word matches terms it begins; an exact match ranks above a prefix match', () => {
  assert.deepEqual(names(index.search({ q: 'custom' }).hits), ['Customers']);
  assert.deepEqual(names(index.search({ q: 'INVOICE' }).hits), ['Invoices']);
});

test('without words every document comes, in name order', () => {
  assert.deepEqual(names(index.search({}).hits), ['Customers', 'Invoices', 'Orders', 'Stock']);
});

test('facet filters narrow the hits but not their own facet’s counts', () => {
  const result = index.search({ filters: { domain: ['sales'] } });
  assert.deepEqual(names(result.hits), ['Customers', 'Orders']);
  assert.deepEqual(result.facets.domain, [
    { value: 'sales', count: 2 },
    { value: 'finance', count: 1 },
    { value: 'logistics', count: 1 },
  ]);
  assert.deepEqual(result.facets.tag, [
    { value: 'pii', count: 2 },
    { value: 'orders', count: 1 },
  ]);
  const both = index.search({ filters: { domain: ['sales'], tag: ['orders'] } });
  assert.deepEqual(names(both.hits), ['Orders']);
  assert.deepEqual(both.facets.domain, [{ value: 'sales', count: 1 }]);
  assert.deepEqual(index.search({ filters: { domain: ['unknown'] } }).hits, []);
});

test('a repeated query answers the same from the cache', () => {
  const first = index.search({ q: 'orders', filters: { tag: ['pii'] } });
  const again = index.search({ q: 'ORDERS', filters: { tag: ['pii'] } });
  assert.equal(again, first);
  assert.deepEqual(names(first.hits), ['Orders']);
});

describe('German and English words for the same thing', () => {
  const catalog = [
    doc('Customer master', 'all customers of the webshop'),
    doc('Webshop orders', 'orders and order lines'),
    doc('Kundenstamm', 'alle Kunden des Webshops'),
    doc('Stock', 'stock levels per warehouse'),
  ];
  const titles = (index: SearchIndex, q: string): string[] =>
    index.search({ q }).hits.map((n) => catalog[n]!.name);

  test('stems German and English words', () => {
    assert.equal(stemsOf('Bestellungen')[0], 'bestell', 'the German stem');
    assert.ok(stemsOf('customers').includes('custom'));
    assert.ok(stemsOf('kunden').includes('kund'));
  });

  test('a word finds other forms of it, in either language', () => {
    const index = new SearchIndex(catalog);
    assert.deepEqual(titles(index, 'kunde'), ['Kundenstamm']);
    assert.deepEqual(titles(index, 'customer'), ['Customer master']);
    assert.deepEqual(titles(index, 'order'), ['Webshop orders']);
  });

  test('"kunden" finds the product described as "customers" through the glossary', () => {
    const without = new SearchIndex(catalog);
    assert.deepEqual(titles(without, 'kunden'), ['Kundenstamm']);
    const index = new SearchIndex(catalog, { glossary: [['kunde', 'customer', 'client']] });
    assert.deepEqual(titles(index, 'kunden'), ['Kundenstamm', 'Customer master']);
    assert.deepEqual(titles(index, 'clients'), ['Customer master', 'Kundenstamm']);
  });

  test('"bestellungen" finds "orders" through the glossary', () => {
    const index = new SearchIndex(catalog, { glossary: [['Bestellung', 'order']] });
    assert.deepEqual(titles(index, 'bestellungen'), ['Webshop orders']);
    assert.deepEqual(titles(new SearchIndex(catalog), 'bestellungen'), []);
  });
});
