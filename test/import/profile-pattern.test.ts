import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inferPattern, patternIsGeneral } from '../../src/app/import/profile/infer-pattern.ts';

describe('inferPattern: a candidate from a sample (the engine then checks every row)', () => {
  test('a fixed letter prefix stays, digits become a counted class', () => {
    assert.equal(
      inferPattern(['WS00000001', 'WS00000002', 'WS12345678', 'WS99999999', 'WS00004711']),
      '^WS[0-9]{8}$',
    );
  });

  test('postcodes: five digits', () => {
    assert.equal(inferPattern(['10115', '80331', '20095', '50667', '01067', null]), '^[0-9]{5}$');
  });

  test('lengths that vary become a range; punctuation is kept, a dot as a class', () => {
    assert.equal(
      inferPattern(['AB-1.2', 'CD-10.20', 'EF-3.4', 'GH-99.1', 'IJ-5.55']),
      '^[A-Z]{2}-[0-9]{1,2}[.][0-9]{1,2}$',
    );
  });

  test('no candidate from too few distinct values', () => {
    assert.equal(inferPattern(['A1', 'A1', 'A2', 'A3', 'A4', null]), undefined);
  });

  test('no candidate when the shapes differ', () => {
    assert.equal(inferPattern(['AB12', 'AB13', '12AB', 'AB14', 'AB15']), undefined);
  });

  test('no candidate from characters outside the safe set (quotes, brackets, non-ASCII, backslash)', () => {
    for (const odd of ["O'Brien", 'a[1]', 'Müller', 'a\\b', 'x$y', 'a|b'])
      assert.equal(inferPattern([odd, 'aa', 'bb', 'cc', 'dd', 'ee']), undefined, odd);
  });

  test('no candidate from prose (long values) or empty strings', () => {
    assert.equal(inferPattern(['a'.repeat(65), 'b', 'c', 'd', 'e']), undefined);
    assert.equal(inferPattern(['', 'b', 'c', 'd', 'e']), undefined);
  });

  test('the candidate is an ECMA-262 pattern that matches every sampled value', () => {
    const sample = ['K-4001', 'K-4002', 'K-4100', 'K-4999', 'K-4123'];
    const pattern = inferPattern(sample);
    assert.equal(pattern, '^K-[0-9]{4}$');
    for (const value of sample) assert.match(value, new RegExp(pattern ?? ''));
  });

  test('free text that varies in a detail gives no candidate: it would copy the text', () => {
    const notes = Array.from({ length: 9 }, (_, i) => `lives at Hauptstr. ${i + 1}`);
    assert.equal(inferPattern(notes), undefined);
    assert.equal(inferPattern(['Room 1', 'Room 2', 'Room 3', 'Room 4', 'Room 5']), undefined);
  });

  test('a fixed letter run longer than three characters is spelled as its class', () => {
    assert.equal(
      inferPattern([
        'ORDER-123456',
        'ORDER-000001',
        'ORDER-777777',
        'ORDER-424242',
        'ORDER-999999',
      ]),
      '^[A-Z]{5}-[0-9]{6}$',
    );
    assert.equal(
      inferPattern(['INV-1001', 'INV-1002', 'INV-2000', 'INV-3001', 'INV-4711']),
      '^INV-[0-9]{4}$',
    );
  });

  test('patternIsGeneral: no letters or digits of the data beyond three in a row', () => {
    assert.equal(patternIsGeneral('^WS[0-9]{8}$'), true);
    assert.equal(patternIsGeneral('^[A-Z]{2}-[0-9]{1,2}[.][0-9]{1,2}$'), true);
    assert.equal(patternIsGeneral('^lives at Hauptstr[.] [0-9]{1}$'), false);
    assert.equal(patternIsGeneral('^1234[0-9]{2}$'), false);
  });
});
