import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatementRefusedError } from '../../src/engines/build-engine.ts';
import {
  assertOneTrinoQuery,
  ctasSql,
  snapshotOfTable,
  snapshotOfView,
  snapshotTableName,
  snapshotsToDrop,
  viewSql,
} from '../../src/engines/trino/ctas-build.ts';
import { TABLE_BUILD_ENGINES } from '../../src/engines/registry.ts';
import { BUILD_ENGINES } from '../../src/core/build/engine-checks.ts';

const target = { catalog: 'hive', schema: 'sales', name: 'Orders' };

describe('Trino builds: the SQL (ctas-build.ts)', () => {
  it('names a snapshot table so that Trino keeps it as written and it reads back as the snapshot', () => {
    const snapshot = '20261205T173524529Z-a1b2c3';
    const table = snapshotTableName('Orders', snapshot);
    assert.equal(table, 'orders__s20261205t173524529z_a1b2c3');
    assert.equal(snapshotOfTable('orders', table), snapshot);
    // Another object's tables, and names that merely start alike, are not its snapshots.
    assert.equal(snapshotOfTable('order', table), undefined);
    assert.equal(snapshotOfTable('orders', 'orders__s20261205t173524529z_a1b2c3x'), undefined);
    assert.equal(snapshotOfTable('orders', 'orders__sbackup'), undefined);
  });

  it('wraps the query, quotes every name (a quote in a name cannot end it), and reads the view back', () => {
    const evil = { catalog: 'hive', schema: 'x"; DROP SCHEMA y; --', name: 'o' };
    assert.equal(
      ctasSql(evil, 'SELECT 1 AS a;'),
      `CREATE TABLE "hive"."x""; drop schema y; --"."o" WITH (format = 'PARQUET') AS SELECT * FROM (\nSELECT 1 AS a\n) AS "meshwork_query"`,
    );
    // A trailing line comment cannot swallow the closing parenthesis.
    assert.match(ctasSql(target, 'SELECT 1 -- done'), /-- done\n\) AS "meshwork_query"$/);
    const snapshot = '20261205T173524529Z-a1b2c3';
    const view = viewSql(target, { ...target, name: snapshotTableName('orders', snapshot) });
    assert.equal(
      view,
      'CREATE OR REPLACE VIEW "hive"."sales"."orders" AS SELECT * FROM "hive"."sales"."orders__s20261205t173524529z_a1b2c3"',
    );
    // Trino's own normalised text of that view, as information_schema.views gives it.
    assert.equal(
      snapshotOfView(
        'orders',
        'SELECT *\nFROM\n  hive.sales."orders__s20261205t173524529z_a1b2c3"\n',
      ),
      snapshot,
    );
    assert.equal(snapshotOfView('orders', 'SELECT * FROM hive.sales.other'), undefined);
  });

  it('accepts exactly one query, whatever strings, quoted names and comments hold', () => {
    for (const sql of [
      'SELECT 1',
      'select a from t;',
      "WITH x AS (SELECT ';' AS s) SELECT * FROM x",
      'SELECT "table" (1) FROM t',
      'SELECT 1 -- ; DROP TABLE t',
      "SELECT 'TABLE(' AS t /* ; */",
      'VALUES (1), (2)',
      '(SELECT 1)',
      'SELECT 1 -- x\r\n',
      'SELECT 1 -- TABLE( ends only at a line break\u2028 TABLE(x)',
    ])
      assert.doesNotThrow(() => assertOneTrinoQuery(sql), sql);
  });

  it('refuses a second statement, anything but a query, and table functions (raw SQL into a catalog)', () => {
    for (const [sql, what] of [
      ['SELECT 1; DROP TABLE t', 'more than one statement'],
      ["SELECT ';'; DELETE FROM t", 'more than one statement'],
      ['DROP TABLE t', 'a DROP statement'],
      ['INSERT INTO t SELECT 1', 'an INSERT statement'],
      ['CALL system.flush_metadata_cache()', 'a CALL statement'],
      ["SET SESSION query_max_run_time = '1d'", 'a SET statement'],
      [
        "SELECT * FROM TABLE(pg.system.query(query => 'DROP TABLE x'))",
        'a table function TABLE(…)',
      ],
      ["SELECT * FROM table (pg.system.query(query => 'x'))", 'a table function TABLE(…)'],
      ['  -- nothing\n', 'no query'],
      // Trino ends a -- comment at \r too: what follows is code.
      [
        "SELECT count(*) AS n FROM (VALUES 1) v --\r CROSS JOIN TABLE(pg.system.query(query => 'x'))",
        'a table function TABLE(…)',
      ],
      ['SELECT 1 --\r\nCROSS JOIN TABLE(f())', 'a table function TABLE(…)'],
      ['SELECT 1 --\r; DROP TABLE t', 'more than one statement'],
      // What Trino would lex differently is refused, not guessed.
      ['SELECT 1 /* TABLE(f())', 'an unterminated /* comment'],
      ["SELECT 'open", "an unterminated ' quote"],
      ['SELECT "open', 'an unterminated " quote'],
      ['SELECT\f1', 'a character Trino does not read as whitespace'],
    ] as const) {
      assert.throws(
        () => assertOneTrinoQuery(sql),
        (error: unknown) =>
          error instanceof StatementRefusedError && error.message.startsWith(what),
        sql,
      );
    }
  });

  it('retention: keeps the served snapshot and keep − 1 older ones; drops newer ones (never switched) and nothing without a served one', () => {
    const s = [
      '20260101T000000000Z-aaaaaa',
      '20260102T000000000Z-bbbbbb',
      '20260103T000000000Z-cccccc',
      '20260104T000000000Z-dddddd',
      '20260105T000000000Z-eeeeee',
    ];
    assert.deepEqual(snapshotsToDrop(s, s[3], 2), [s[0], s[1], s[4]]);
    assert.deepEqual(snapshotsToDrop(s, s[4], 3), [s[0], s[1]]);
    assert.deepEqual(snapshotsToDrop(s, s[4], 1), [s[0], s[1], s[2], s[3]]);
    assert.deepEqual(snapshotsToDrop(s, undefined, 1), []);
    // A build's start: only what a killed build left after the served one.
    assert.deepEqual(snapshotsToDrop(s, s[2], Number.MAX_SAFE_INTEGER), [s[3], s[4]]);
  });

  it('the registry builds in exactly the engines meshwork validate accepts', () => {
    assert.deepEqual([...TABLE_BUILD_ENGINES].sort(), Object.keys(BUILD_ENGINES).sort());
  });
});
