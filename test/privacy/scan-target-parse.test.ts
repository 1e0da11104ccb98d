import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineReason } from '../../src/app/privacy/scan/engine-reason.ts';
import { rowsWithinBudget } from '../../src/app/privacy/scan/scan-bounds.ts';
import { sampleRowsOf, scanTargetOf } from '../../src/app/privacy/scan/index.ts';

/** The scan's pure parts: what a TARGET is, the bounds, and engine errors without values. */

describe('scan targets and bounds', () => {
  it('tells contracts, files, DuckDB files and database URLs apart', () => {
    assert.deepEqual(scanTargetOf('a/c.odcs.yaml', '/m'), {
      kind: 'contract',
      file: '/m/a/c.odcs.yaml',
    });
    assert.deepEqual(scanTargetOf('x.yml', '/m'), { kind: 'contract', file: '/m/x.yml' });
    assert.deepEqual(scanTargetOf('data/*.parquet', '/m'), {
      kind: 'files',
      path: '/m/data/*.parquet',
    });
    assert.deepEqual(scanTargetOf('/abs/shop.duckdb', '/m'), {
      kind: 'duckdb-file',
      path: '/abs/shop.duckdb',
    });
    assert.deepEqual(scanTargetOf('file:///abs/k.csv', '/m'), {
      kind: 'files',
      path: '/abs/k.csv',
    });
    for (const [url, type] of [
      ['postgres://u@h/db', 'postgresql'],
      ['postgresql://u@h/db', 'postgresql'],
      ['MySQL://u@h/db', 'mysql'],
      ['mariadb://u@h/db', 'mariadb'],
    ])
      assert.deepEqual(scanTargetOf(url!, '/m'), { kind: 'database', url, serverType: type });
    for (const bad of ['', '   ', 'x'.repeat(5000), 'a\0b', 'https://example.org/x.csv'])
      assert.throws(() => scanTargetOf(bad, '/m'), { name: 'MeshworkError', code: 'usage' });
  });

  it('bounds --sample to 1–10,000 and a table to two million values', () => {
    assert.equal(sampleRowsOf(undefined), 1000);
    assert.equal(sampleRowsOf('10000'), 10000);
    assert.equal(sampleRowsOf(' 7 '), 7);
    for (const bad of ['0', '10001', '-5', '1.5', '1e3', 'abc', '', '9999999'])
      assert.throws(() => sampleRowsOf(bad), { code: 'usage' }, bad);
    assert.equal(rowsWithinBudget(10_000, 10), 10_000);
    assert.equal(rowsWithinBudget(10_000, 1000), 2000);
    assert.equal(rowsWithinBudget(10_000, 5_000_000), 1);
  });

  it("keeps an engine error's gist and drops what it quotes", () => {
    const cases: [string, string][] = [
      [
        'invalid input syntax for type integer: "anna@example.org"',
        'invalid input syntax for type integer: …',
      ],
      [
        "Conversion Error: Could not convert string 'DE89370400440532013000' to INT32\nLINE 1: …",
        'Conversion Error: Could not convert string … to INT32',
      ],
      [
        'Invalid Input Error: CSV Error on Line: 3\nOriginal Line: 9,anna@example.org',
        'Invalid Input Error: CSV Error on Line: 3',
      ],
      [
        "Incorrect string value: '\\xC5\\x9Bniew...' for column `db`.`t`.`name` at row 22",
        'Incorrect string value: … for column ….….… at row 22',
      ],
      ["unterminated 'quote with anna@example.org", 'unterminated …'],
    ];
    for (const [message, expected] of cases)
      assert.equal(engineReason(new Error(message)), expected);
    assert.equal(engineReason(new Error('x'.repeat(500))).length, 240);
  });
});
