import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoriesFor, typeFamilyOf } from '../../src/core/privacy/scan/type-gating.ts';

test('engine type names fall into their families', () => {
  const cases: [string, string][] = [
    ['varchar', 'text'],
    ['character varying(255)', 'text'],
    ['text', 'text'],
    ['boolean', 'boolean'],
    ['tinyint(1)', 'boolean'],
    ['bigint', 'integer'],
    ['int4', 'integer'],
    ['hugeint', 'integer'],
    ['double', 'decimal'],
    ['decimal(18,2)', 'decimal'],
    ['date', 'date'],
    ['timestamp with time zone', 'timestamp'],
    ['datetime', 'timestamp'],
    ['blob', 'other'],
    ['json', 'other'],
    ['uuid', 'other'],
  ];
  for (const [type, family] of cases) assert.equal(typeFamilyOf(type), family, type);
  assert.equal(typeFamilyOf('', 'date'), 'date', 'the contract logicalType when no physical type');
  assert.equal(typeFamilyOf('', undefined), 'text');
});

test('a boolean or decimal column holds nothing; a date only a birth date; integers only digit kinds', () => {
  assert.deepEqual(categoriesFor('boolean'), []);
  assert.deepEqual(categoriesFor('decimal'), []);
  assert.deepEqual(categoriesFor('date'), ['date-of-birth']);
  assert.deepEqual(categoriesFor('timestamp'), ['date-of-birth']);
  assert.equal(categoriesFor('integer').includes('iban'), false);
  assert.equal(categoriesFor('integer').includes('credit-card'), true);
  assert.equal(categoriesFor('text').length, 9);
});
