import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshnessHoldsUntil, freshnessAt } from '../../src/app/catalog/product-health.ts';
import { ResponseCache, serialize } from '../../src/server/response-cache.ts';

describe('the routes’ response cache', () => {
  const body = serialize({ a: 1 });

  test('answers for one catalog and runs version, until the entry’s time', () => {
    const cache = new ResponseCache(10);
    const catalog = {};
    assert.equal(cache.get(catalog, 0, 'k', 0), undefined);
    cache.set(catalog, 0, 'k', body, 100);
    assert.equal(cache.get(catalog, 0, 'k', 99), body);
    assert.equal(cache.get(catalog, 0, 'k', 100), undefined, 'expired');
  });

  test('drops everything when the catalog or the runs change, and refuses late answers', () => {
    const cache = new ResponseCache(10);
    const catalog = {};
    cache.get(catalog, 0, 'k', 0);
    cache.set(catalog, 0, 'k', body, Infinity);
    assert.equal(cache.get(catalog, 1, 'k', 0), undefined, 'a new run');
    cache.set(catalog, 0, 'k', body, Infinity);
    assert.equal(cache.get(catalog, 1, 'k', 0), undefined, 'built before the run: not kept');
    const reindexed = {};
    cache.set(catalog, 1, 'k', body, Infinity);
    assert.equal(cache.get(reindexed, 1, 'k', 0), undefined, 'a re-index');
  });

  test('keeps the most recently used entries', () => {
    const cache = new ResponseCache(2);
    const catalog = {};
    cache.get(catalog, 0, 'a', 0);
    cache.set(catalog, 0, 'a', body, Infinity);
    cache.set(catalog, 0, 'b', body, Infinity);
    cache.get(catalog, 0, 'a', 0);
    cache.set(catalog, 0, 'c', body, Infinity);
    assert.equal(cache.get(catalog, 0, 'b', 0), undefined);
    assert.equal(cache.get(catalog, 0, 'a', 0), body);
    assert.equal(cache.get(catalog, 0, 'c', 0), body);
  });

  test('a fresh product’s answer holds exactly until it turns stale', () => {
    const built = '2026-11-24T10:00:00.000Z';
    const latency = { value: 1, unit: 'h' };
    const until = freshnessHoldsUntil(built, latency);
    assert.equal(freshnessAt(built, latency, new Date(until - 1)).status, 'fresh');
    assert.equal(freshnessAt(built, latency, new Date(until)).status, 'stale');
    assert.equal(freshnessHoldsUntil(null, latency), Infinity);
  });
});
