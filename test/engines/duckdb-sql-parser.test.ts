import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import {
  SERIALIZE_SQL,
  createDuckDbSqlParser,
  interpretSerializedSql,
  quoteIdentifier,
} from '../../src/engines/duckdb/index.ts';

describe('DuckDB dialect', () => {
  it('quotes identifiers in double quotes, doubling embedded ones', () => {
    assert.equal(quoteIdentifier('orders'), '"orders"');
    assert.equal(quoteIdentifier('Order Lines'), '"Order Lines"');
    assert.equal(quoteIdentifier('a"b'), '"a""b"');
    assert.equal(quoteIdentifier('"; DROP TABLE t; --'), '"""; DROP TABLE t; --"');
  });

  it('binds the SQL to parse as a parameter', () => {
    assert.equal(SERIALIZE_SQL, 'SELECT json_serialize_sql(?::VARCHAR) AS parsed');
  });

  it('reads the JSON json_serialize_sql returns', () => {
    assert.deepEqual(interpretSerializedSql('{"error":false,"statements":[{}]}'), { ok: true });
    assert.deepEqual(
      interpretSerializedSql(
        '{"error":true,"error_type":"parser","error_message":"syntax error at or near \\"SELEC\\"","error_subtype":"SYNTAX_ERROR","position":"0"}',
      ),
      { ok: false, reason: 'syntax-error', message: 'syntax error at or near "SELEC"' },
    );
    assert.deepEqual(
      interpretSerializedSql(
        '{"error":true,"error_type":"not implemented","error_message":"Only SELECT statements can be serialized to json!"}',
      ),
      {
        ok: false,
        reason: 'not-select',
        message: 'Only SELECT statements can be serialized to json!',
      },
    );
    assert.deepEqual(interpretSerializedSql('{"error":false,"statements":[]}'), {
      ok: false,
      reason: 'empty',
      message: 'no statement',
    });
    assert.deepEqual(interpretSerializedSql('{"error":false,"statements":[{},{},{}]}'), {
      ok: false,
      reason: 'multiple-statements',
      message: '3 statements',
      statements: 3,
    });
  });
});

describe('DuckDB SQL parser', () => {
  let parser: DuckDbSqlParser;
  before(async () => {
    parser = await createDuckDbSqlParser();
  });
  after(() => parser.close());

  it('accepts SELECT queries, CTEs, set operations and FROM-first syntax', async () => {
    for (const sql of [
      'SELECT COUNT(*) FROM "orders" WHERE "amount" < 0',
      'WITH d AS (SELECT id, COUNT(*) AS n FROM t GROUP BY id) SELECT COUNT(*) FROM d WHERE n > 1',
      'SELECT 1 UNION ALL SELECT 2',
      'FROM orders SELECT COUNT(*)',
      'SELECT COUNT(*) FROM t;',
      'select count(*) from Air_Quality where DataValue <= 0 or DataValue >= 500',
    ]) {
      assert.deepEqual(await parser.parse(sql), { ok: true }, sql);
    }
  });

  it('reports a syntax error with DuckDB’s message', async () => {
    const result = await parser.parse('SELECT COUNT(* FROM orders');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'syntax-error');
    assert.match(result.message, /syntax error/);
  });

  it('reports statements that are not queries', async () => {
    for (const sql of [
      'DELETE FROM orders',
      'INSERT INTO orders SELECT 1',
      'CREATE TABLE x (a INT)',
      'PRAGMA version',
      "COPY orders TO 'out.csv'",
      'SELECT 1; DROP TABLE orders',
    ]) {
      const result = await parser.parse(sql);
      assert.ok(!result.ok && result.reason === 'not-select', sql);
    }
  });

  it('reports several statements and empty text', async () => {
    assert.deepEqual(await parser.parse('SELECT 1; SELECT 2'), {
      ok: false,
      reason: 'multiple-statements',
      message: '2 statements',
      statements: 2,
    });
    const empty = await parser.parse('  ;  ');
    assert.ok(!empty.ok && empty.reason === 'empty');
  });

  it('parses without running: no table is needed, no file is read', async () => {
    assert.deepEqual(await parser.parse("SELECT * FROM read_csv('/does/not/exist.csv')"), {
      ok: true,
    });
    assert.deepEqual(await parser.parse('SELECT * FROM no_such_table'), { ok: true });
  });

  it('treats text that closes the quote as text: the SQL is a bound parameter', async () => {
    const result = await parser.parse("'); CREATE TABLE pwned (a INT); --");
    assert.ok(!result.ok && result.reason === 'syntax-error');
  });

  it('answers concurrent calls one by one, each with its own result', async () => {
    const sqls = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `SELECT ${i}` : `SELEC ${i}`));
    const results = await Promise.all(sqls.map((sql) => parser.parse(sql)));
    assert.deepEqual(
      results.map((r) => r.ok),
      sqls.map((_, i) => i % 2 === 0),
    );
  });

  it('fails after close, and closing twice is harmless', async () => {
    const own = await createDuckDbSqlParser();
    assert.deepEqual(await own.parse('SELECT 1'), { ok: true });
    own.close();
    own.close();
    await assert.rejects(own.parse('SELECT 1'), /closed/);
  });
});
