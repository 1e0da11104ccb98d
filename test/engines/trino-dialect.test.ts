import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trinoDialect } from '../../src/engines/trino/dialect.ts';
import { refusedInRule, ruleAsDerivedTable } from '../../src/engines/trino/rule-guard.ts';
import { trinoLogicalType } from '../../src/engines/sql/logical-types.ts';
import { trinoTypeName } from '../../src/engines/sql/physical-types.ts';

/**
 * The Trino dialect's pure parts (no server): type names as Trino's catalog spells them,
 * their logical types, and the rule guard's reading of hostile SQL. The same SQL runs
 * against the real Trino in test/trino/.
 */

describe('Trino type names', () => {
  it('spells each type canonically, with Trino’s defaults', () => {
    const cases: Record<string, string | undefined> = {
      int: 'integer',
      'double precision': 'double',
      decimal: 'decimal(38,0)',
      'decimal(10, 2)': 'decimal(10,2)',
      varchar: 'varchar',
      'varchar(80)': 'varchar(80)',
      char: 'char(1)',
      timestamp: 'timestamp(3)',
      'timestamp(6)': 'timestamp(6)',
      'timestamp with time zone': 'timestamp(3) with time zone',
      'timestamp(6) with time zone': 'timestamp(6) with time zone',
      'array(integer)': 'array(integer)',
      'ARRAY(varchar(3))': 'array(varchar(3))',
      'map(varchar,integer)': 'map(varchar, integer)',
      text: undefined,
      'integer[]': undefined,
      'array(text)': undefined,
    };
    for (const [type, canonical] of Object.entries(cases))
      assert.equal(trinoTypeName(type), canonical, type);
  });

  it('reads types as ODCS logical types', () => {
    const cases: Record<string, string> = {
      bigint: 'integer',
      'decimal(10,2)': 'number',
      double: 'number',
      boolean: 'boolean',
      date: 'date',
      'timestamp(6) with time zone': 'timestamp',
      'time(3)': 'time',
      'array(integer)': 'array',
      'row(a integer)': 'object',
      json: 'object',
      'varchar(80)': 'string',
      uuid: 'string',
    };
    for (const [type, logical] of Object.entries(cases))
      assert.equal(trinoLogicalType(type).logicalType, logical, type);
    assert.deepEqual(trinoLogicalType('varchar(80)').logicalTypeOptions, { maxLength: 80 });
    assert.deepEqual(trinoLogicalType('timestamp(6)').logicalTypeOptions, { timezone: false });
  });

  it('knows which physical types hold only values of a logical type', () => {
    const fits = (
      physical: string,
      logical: 'timestamp' | 'number' | 'array' | 'integer',
    ): boolean => trinoDialect.fitsLogicalType(physical, logical);
    assert.ok(fits('timestamp(6) with time zone', 'timestamp'));
    assert.ok(fits('decimal(10,2)', 'number'));
    assert.ok(fits('array(integer)', 'array'));
    assert.ok(!fits('varchar', 'integer'));
    assert.ok(!fits('decimal(10,2)', 'integer'));
    // ISO 8601's T is read by replacing it before the date, never elsewhere (`UTC`).
    assert.match(
      trinoDialect.typedValue('"c"', 'timestamp', 'varchar', undefined),
      /regexp_replace\(.*'\^\(\[0-9\]\{4\}-\[0-9\]\{2\}-\[0-9\]\{2\}\)T', '\$1 '\)/,
    );
  });
});

describe('the Trino rule guard', () => {
  it('refuses what is not one plain query', () => {
    const refused: Record<string, RegExp> = {
      'INSERT INTO t VALUES (1)': /INSERT statement/,
      '  /* hi */ -- x\n call system.x()': /CALL statement/,
      "EXECUTE IMMEDIATE 'DROP TABLE t'": /EXECUTE statement/,
      'PREPARE p FROM SELECT 1': /PREPARE statement/,
      "SET SESSION a = '1'": /SET statement/,
      'USE a.b': /USE statement/,
      "SELECT * FROM TABLE(pg.system.query(query => 'x'))": /table function/,
      'SELECT * FROM table/**/(f())': /table function/,
      'SELECT * FROM "a"."b" CROSS JOIN TABLE\n\t(f())': /table function/,
      'WITH FUNCTION f() RETURNS int RETURN 1 SELECT f()': /inline function/,
      'SELECT 1; DROP TABLE t': /more than one statement/,
      "SELECT 'unterminated": /unterminated/,
      'SELECT 1 /* open': /unterminated/,
      // Trino ends a -- comment at \r as well as \n (SIMPLE_COMMENT); its whitespace is [ \t\r\n].
      'SELECT count(*) FROM t --\r CROSS JOIN TABLE(f())': /table function/,
      'SELECT count(*) FROM t --\r\n CROSS JOIN TABLE(f())': /table function/,
      'SELECT count(*) FROM t --x\rTABLE(f())': /table function/,
      'SELECT 1 --\r; DROP TABLE t': /more than one statement/,
      'SELECT count(*) FROM t WHERE "open': /unterminated " quote/,
      'SELECT count(*) FROM t WHERE `open': /unterminated ` quote/,
      "SELECT 'it''s": /unterminated ' quote/,
      'SELECT\f1': /not read as whitespace \(U\+000C\)/,
      'SELECT\u00a01': /not read as whitespace \(U\+00A0\)/,
      '': /empty/,
      ' -- only a comment': /empty/,
    };
    for (const [sql, reason] of Object.entries(refused))
      assert.match(refusedInRule(sql) ?? 'ran', reason, sql);
  });

  it('lets queries through whose strings, names or comments merely hold the words', () => {
    const fair = [
      'SELECT count(*) FROM t WHERE x < 0',
      'SELECT count(*) FROM t;',
      "SELECT count(*) FROM t WHERE 'TABLE(' <> 'x'",
      'SELECT count(*) AS "table" FROM t -- TABLE(',
      'SELECT count(*) FROM "table" ("x")',
      'WITH d AS (SELECT 1 AS x) SELECT count(*) FROM d',
      "SELECT count(*) FROM t WHERE s = 'it''s; DROP TABLE t'",
      'TABLE t',
      '(SELECT 1)',
      // Line and paragraph separators do not end a -- comment in Trino.
      'SELECT count(*) FROM t -- x\u2028 TABLE(f())',
      'SELECT count(*) FROM t -- x\r\n',
    ];
    for (const sql of fair) assert.equal(refusedInRule(sql), undefined, sql);
  });

  it('puts the rule on lines of its own, so a trailing comment cannot swallow the wrapper', () => {
    assert.equal(
      ruleAsDerivedTable('SELECT 1 -- c;\n;  '),
      'SELECT * FROM (\nSELECT 1 -- c\n) AS meshwork_rule',
    );
  });
});
