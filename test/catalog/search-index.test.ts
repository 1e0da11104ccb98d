import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchDocument } from '../../src/app/catalog/search-index.ts';
import { SearchIndex } from '../../src/app/catalog/search-index.ts';

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
