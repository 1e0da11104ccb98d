import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { substitutePlaceholders } from '../../src/core/semantic/sql-placeholders.ts';
import { quoteIdentifier } from '../../src/engines/duckdb/dialect.ts';

const targets = { object: 'orders_v1', property: 'amount "eur"', quoteIdentifier };

describe('SQL placeholders', () => {
  it('replaces all four names in both spellings by quoted identifiers', () => {
    const result = substitutePlaceholders(
      'SELECT {property}, ${column} FROM {object} JOIN ${table} USING ({column})',
      targets,
    );
    assert.equal(
      result.sql,
      'SELECT "amount ""eur""", "amount ""eur""" FROM "orders_v1" JOIN "orders_v1" USING ("amount ""eur""")',
    );
    assert.deepEqual(result.unknown, []);
    assert.deepEqual(result.withoutProperty, []);
  });

  it('replaces a quoted placeholder together with its quotes', () => {
    assert.equal(
      substitutePlaceholders(`SELECT COUNT(*) FROM "{table}" WHERE '{column}' IS NULL`, targets)
        .sql,
      'SELECT COUNT(*) FROM "orders_v1" WHERE "amount ""eur""" IS NULL',
    );
  });

  it('lists unknown placeholders once each and leaves them in place', () => {
    const result = substitutePlaceholders(
      'SELECT {model}, ${schema}, {model} FROM {object}',
      targets,
    );
    assert.deepEqual(result.unknown, ['{model}', '${schema}']);
    assert.equal(result.sql, 'SELECT {model}, ${schema}, {model} FROM "orders_v1"');
  });

  it('lists property placeholders when the rule has no property', () => {
    const result = substitutePlaceholders('SELECT {column} FROM {object}', {
      ...targets,
      property: undefined,
    });
    assert.deepEqual(result.withoutProperty, ['{column}']);
  });

  it('leaves braces that are not placeholders alone', () => {
    const sql = "SELECT {'a': 1} AS s, '{not a placeholder}' FROM t";
    assert.equal(substitutePlaceholders(sql, targets).sql, sql);
  });
});
