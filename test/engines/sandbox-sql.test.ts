import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockDownSql } from '../../src/engines/duckdb/sandbox.ts';
import { ruleAsDerivedTable } from '../../src/engines/mysql/dialect.ts';

describe('lockDownSql', () => {
  it('allows exact files one by one and only a glob’s fixed folder as a folder', () => {
    // DuckDB lets an allowed folder be written too, so a plain file must not widen to its folder.
    assert.deepEqual(
      lockDownSql({
        read: ['/data/orders.csv', "/data/o'brien.csv", '/lake/2026-*/part-*.parquet'],
        write: ['/out/.tmp-1'],
      }),
      [
        "SET allowed_paths = ['/data/orders.csv', '/data/o''brien.csv']::VARCHAR[]",
        "SET allowed_directories = ['/lake/', '/out/.tmp-1/']::VARCHAR[]",
        'SET enable_external_access = false',
        'SET lock_configuration = true',
      ],
    );
  });

  it('locks even when nothing may be read', () => {
    assert.deepEqual(lockDownSql({ read: [] }).slice(0, 2), [
      'SET allowed_paths = []::VARCHAR[]',
      'SET allowed_directories = []::VARCHAR[]',
    ]);
  });
});

describe('ruleAsDerivedTable', () => {
  it('puts the rule on lines of its own inside a derived table, without trailing semicolons', () => {
    assert.equal(
      ruleAsDerivedTable('SELECT count(*) FROM t -- trailing comment;\n;  '),
      'SELECT * FROM (\nSELECT count(*) FROM t -- trailing comment\n) AS meshwork_rule',
    );
  });
});
