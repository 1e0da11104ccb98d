import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PERSONAL_DATA_CATEGORIES } from '../../src/core/privacy/scan/model.ts';
import { scoreBinary, scoreByCategory } from '../../bench/support/scan-scoring.ts';
import { generateScanDataset } from '../support/scan-dataset.ts';

test('the scan data set is deterministic: the same seed gives the same tables, another seed other values', () => {
  const a = generateScanDataset({ seed: 5, rows: 20, variants: 2 });
  const b = generateScanDataset({ seed: 5, rows: 20, variants: 2 });
  const c = generateScanDataset({ seed: 6, rows: 20, variants: 2 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.map((t) => t.columns.map((col) => col.values)),
    c.map((t) => t.columns.map((col) => col.values)),
  );
});

test('every category is labelled, with lying names, hidden content, decoys and a held-out table', () => {
  const tables = generateScanDataset({ rows: 30, heldOut: true });
  const columns = tables.flatMap((t) => t.columns);
  for (const category of PERSONAL_DATA_CATEGORIES)
    assert.ok(columns.filter((c) => c.label === category).length >= 3, category);
  for (const kind of ['plain', 'lying-name', 'hidden', 'decoy'] as const)
    assert.ok(
      columns.some((c) => c.kind === kind),
      kind,
    );
  assert.ok(tables.some((t) => t.set === 'held-out'));
  for (const table of tables) {
    const names = table.columns.map((c) => c.property);
    assert.equal(new Set(names).size, names.length, `${table.object}: column names unique`);
    for (const column of table.columns)
      assert.equal(column.values.length, table.rows, `${table.object}.${column.property}`);
  }
});

test('variants change column spellings and table names, so tables can live side by side', () => {
  const tables = generateScanDataset({ rows: 5, variants: 3 });
  const objects = tables.map((t) => t.object);
  assert.equal(new Set(objects).size, objects.length);
  assert.ok(objects.includes('kunden') && objects.includes('kunden_v2'));
});

test('scoring: a wrong category is a false positive for one and a false negative for the other', () => {
  const { perCategory, overall } = scoreByCategory([
    { label: 'email', predicted: 'email' },
    { label: 'email', predicted: 'iban' },
    { label: null, predicted: 'phone' },
    { label: 'phone', predicted: null },
    { label: null, predicted: null },
  ]);
  assert.deepEqual(
    { ...perCategory.get('email') },
    { tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 },
  );
  assert.equal(perCategory.get('iban')?.fp, 1);
  assert.equal(perCategory.get('phone')?.fp, 1);
  assert.equal(perCategory.get('phone')?.fn, 1);
  assert.equal(overall.tp, 1);
  assert.equal(overall.fp, 2);
  assert.equal(overall.fn, 2);
  const binary = scoreBinary([
    { label: 'email', personal: true },
    { label: null, personal: true },
    { label: 'iban', personal: false },
  ]);
  assert.deepEqual([binary.tp, binary.fp, binary.fn], [1, 1, 1]);
});

test('held-out tables come only when asked for, so tests of recognised columns can rely on the rest', () => {
  assert.equal(
    generateScanDataset({ rows: 5 }).some((t) => t.set === 'held-out'),
    false,
  );
});
