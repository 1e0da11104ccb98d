import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OdcsContract } from '../../src/core/standards/odcs/index.ts';
import { planContractChecks, satisfies, thresholdOf } from '../../src/core/quality/index.ts';
import { duckDbDialect } from '../../src/engines/duckdb/index.ts';
import { mysqlDialect } from '../../src/engines/mysql/index.ts';
import { postgresDialect } from '../../src/engines/postgresql/index.ts';
import { predicateSql, rowPassSql } from '../../src/engines/sql/check-sql.ts';

const contract = (schema: unknown, extra: Record<string, unknown> = {}): OdcsContract =>
  ({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'x',
    version: '1',
    status: 'active',
    schema,
    ...extra,
  }) as OdcsContract;

describe('check planning', () => {
  it('plans validValues with null or empty so that no other value gets through', () => {
    const rule = (args: Record<string, unknown>): unknown => ({
      metric: 'invalidValues',
      arguments: args,
      mustBe: 0,
    });
    const plan = planContractChecks(
      contract([
        {
          name: 't',
          properties: [
            {
              name: 'u',
              logicalType: 'string',
              quality: [rule({ validValues: [null] }), rule({ validValues: [] }), rule({})],
            },
          ],
        },
      ]),
    );
    const checks = plan.objects[0]!.checks.filter((c) => c.kind === 'invalidValues');
    const column = {
      property: 'u',
      column: 'u',
      logicalType: 'string' as const,
      format: undefined,
    };
    for (const check of checks.slice(0, 2)) {
      assert.ok(check.measure.type === 'rows');
      assert.equal(
        predicateSql(duckDbDialect, column, check.measure.predicate, new Map()),
        '"u" IS NOT NULL',
      );
    }
    assert.deepEqual(checks[2]!.measure, {
      type: 'unsupported',
      reason: 'invalidValues needs validValues or a pattern',
    });
  });

  it('tells the present check whether the property is required', () => {
    const plan = planContractChecks(
      contract([{ name: 't', properties: [{ name: 'a', required: true }, { name: 'b' }] }]),
    );
    const required = plan.objects[0]!.checks.filter((c) => c.measure.type === 'present').map((c) =>
      c.measure.type === 'present' ? c.measure.required : undefined,
    );
    assert.deepEqual(required, [true, false]);
  });

  it('orders a composite primary key by primaryKeyPosition', () => {
    const plan = planContractChecks(
      contract([
        {
          name: 'lines',
          properties: [
            { name: 'line', primaryKey: true, primaryKeyPosition: 2 },
            { name: 'note' },
            { name: 'order_id', primaryKey: true, primaryKeyPosition: 1 },
          ],
        },
      ]),
    );
    const key = plan.objects[0]!.checks.find((c) => c.kind === 'primaryKey')!;
    assert.equal(key.property, null);
    assert.deepEqual(
      key.measure.type === 'primaryKey' ? key.measure.columns.map((c) => c.column) : [],
      ['order_id', 'line'],
    );
    assert.deepEqual(plan.objects[0]!.keyColumns, ['order_id', 'line']);
  });

  it('reads physicalName, hides restricted and PII columns, and narrows to one schema object', () => {
    const plan = planContractChecks(
      contract([
        {
          name: 'people',
          physicalName: 'tbl_people',
          properties: [
            { name: 'mail', physicalName: 'e_mail', classification: 'confidential' },
            { name: 'phone', tags: ['PII'] },
            { name: 'city' },
            { name: 'revenue', classification: 'Vertraulich' },
          ],
        },
        { name: 'other', properties: [{ name: 'a' }] },
      ]),
      'people',
    );
    assert.equal(plan.objects.length, 1);
    assert.equal(plan.objects[0]!.physicalName, 'tbl_people');
    assert.deepEqual([...plan.objects[0]!.hiddenColumns].sort(), ['e_mail', 'phone', 'revenue']);
    // Hidden for confidentiality alone: e_mail is confidential too, but personal first.
    assert.deepEqual([...plan.objects[0]!.confidentialColumns], ['revenue']);
  });

  it('turns a severity other than error into a warning and keeps rule ids', () => {
    const plan = planContractChecks(
      contract([
        {
          name: 't',
          properties: [
            {
              name: 'a',
              quality: [
                {
                  id: 'a-nulls',
                  metric: 'nullValues',
                  severity: 'info',
                  mustBeLessThan: 5,
                  unit: 'percent',
                },
                { metric: 'nullValues', severity: 'error' },
              ],
            },
          ],
        },
      ]),
    );
    const [first, second] = plan.objects[0]!.checks.filter((c) => c.kind === 'nullValues');
    assert.equal(first!.id, 'a-nulls');
    assert.equal(first!.severity, 'warning');
    assert.equal(first!.unit, 'percent');
    assert.deepEqual(first!.threshold, { operator: 'mustBeLessThan', value: 5 });
    assert.equal(second!.severity, 'error');
    assert.deepEqual(second!.threshold, { operator: 'mustBe', value: 0 });
  });

  it('plans SLA latency (also as freshness) and retention, skipping the rest', () => {
    const plan = planContractChecks(
      contract([{ name: 'orders', properties: [{ name: 'ts', logicalType: 'timestamp' }] }], {
        slaProperties: [
          { property: 'freshness', value: 2, unit: 'h', element: 'orders.ts' },
          { property: 'retention', value: 1, unit: 'year', element: 'orders.ts' },
          { property: 'availability', value: '99.9%' },
        ],
      }),
    );
    assert.deepEqual(
      plan.contractChecks.map((c) => [
        c.kind,
        c.measure.type === 'age' ? c.measure.limitSeconds : null,
      ]),
      [
        ['latency', 7200],
        ['retention', 31_536_000],
      ],
    );
  });
});

describe('thresholds', () => {
  it('applies every operator; between includes and not-between excludes its bounds', () => {
    const check = (rule: Record<string, unknown>, value: number): boolean =>
      satisfies(value, thresholdOf(rule));
    assert.equal(check({ mustBe: 3 }, 3), true);
    assert.equal(check({ mustNotBe: 3 }, 3), false);
    assert.equal(check({ mustBeGreaterThan: 3 }, 3), false);
    assert.equal(check({ mustBeGreaterOrEqualTo: 3 }, 3), true);
    assert.equal(check({ mustBeLessThan: 3 }, 3), false);
    assert.equal(check({ mustBeLessOrEqualTo: 3 }, 3), true);
    assert.equal(check({ mustBeBetween: [1, 3] }, 3), true);
    assert.equal(check({ mustBeBetween: [1, 3] }, 4), false);
    assert.equal(check({ mustNotBeBetween: [1, 3] }, 3), false);
    assert.equal(check({ mustNotBeBetween: [1, 3] }, 0), true);
    assert.equal(check({}, 0), true);
    assert.equal(check({}, 1), false);
  });
});

describe('check SQL per dialect', () => {
  const column = {
    property: 'a"b',
    column: 'a"b',
    logicalType: 'string' as const,
    format: undefined,
  };

  it('quotes identifiers and escapes pattern literals per engine', () => {
    const predicate = { kind: 'notMatching', pattern: "^it's\\d$" } as const;
    assert.equal(
      predicateSql(duckDbDialect, column, predicate, new Map()),
      `NOT regexp_matches(CAST("a""b" AS VARCHAR), '^it''s\\d$')`,
    );
    assert.equal(
      predicateSql(postgresDialect, column, predicate, new Map()),
      `NOT (CAST("a""b" AS text) ~ '^it''s\\d$')`,
    );
    assert.equal(
      predicateSql(mysqlDialect, { ...column, column: 'a`b' }, predicate, new Map()),
      "NOT (CAST(`a``b` AS CHAR) REGEXP '(?-i)^it''s\\\\d$')",
    );
  });

  it('counts with FILTER where the engine has it, else SUM(CASE)', () => {
    assert.equal(
      rowPassSql(duckDbDialect, 't0', [duckDbDialect.countIf('x')]),
      'SELECT count(*) AS n, count(*) FILTER (WHERE x) AS "c0" FROM t0 AS t',
    );
    assert.equal(
      rowPassSql(mysqlDialect, 't0', [mysqlDialect.countIf('x')]),
      'SELECT count(*) AS n, COALESCE(SUM(CASE WHEN x THEN 1 ELSE 0 END), 0) AS `c0` FROM t0 AS t',
    );
  });

  it('skips the row-level type check where the catalog type already fits', () => {
    const integer = {
      property: 'n',
      column: 'n',
      logicalType: 'integer' as const,
      format: undefined,
    };
    const notCastable = { kind: 'notCastable' } as const;
    assert.equal(
      predicateSql(duckDbDialect, integer, notCastable, new Map([['n', 'bigint']])),
      undefined,
    );
    assert.match(
      predicateSql(duckDbDialect, integer, notCastable, new Map([['n', 'varchar']]))!,
      /TRY_CAST/,
    );
    assert.match(
      predicateSql(postgresDialect, integer, notCastable, new Map([['n', 'text']]))!,
      /~ '\^\[\+-\]\?\[0-9\]\+\$'/,
    );
  });
});
