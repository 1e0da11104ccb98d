import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describePeriod,
  retentionCutoff,
  retentionRuleOf,
} from '../../src/core/privacy/retention-rule.ts';
import {
  RETENTION_ELEMENT_THE_RULE_REFUSES,
  RETENTION_THE_RULE_REFUSES,
} from '../support/retention-cases.ts';

function contract(sla: Record<string, unknown> | undefined): unknown {
  return {
    schema: [
      {
        name: 'invoices',
        properties: [
          { name: 'invoice_date', physicalName: 'inv_dt', logicalType: 'date' },
          { name: 'created', logicalType: 'timestamp' },
          { name: 'amount', logicalType: 'number' },
        ],
      },
    ],
    ...(sla ? { slaProperties: [{ property: 'latency', value: 1, unit: 'd' }, sla] } : {}),
  };
}

const retention = (extra: Record<string, unknown>): Record<string, unknown> => ({
  property: 'retention',
  value: 10,
  unit: 'y',
  element: 'invoices.invoice_date',
  ...extra,
});

describe('retentionRuleOf', () => {
  it('reads value, unit and element, the column by its physical name', () => {
    assert.deepEqual(retentionRuleOf(contract(retention({}))), {
      kind: 'rule',
      rule: {
        value: 10,
        unit: 'y',
        object: 'invoices',
        column: 'inv_dt',
        element: 'invoices.invoice_date',
      },
    });
    const short = retentionRuleOf(
      contract(retention({ element: 'created', unit: 'Days', value: '30' })),
    );
    assert.ok(short.kind === 'rule');
    assert.deepEqual([short.rule.value, short.rule.unit, short.rule.column], [30, 'd', 'created']);
  });

  it('is none without a retention SLA', () => {
    assert.deepEqual(retentionRuleOf(contract(undefined)), { kind: 'none' });
  });

  for (const [what, extra, reason] of [
    ['no element', { element: undefined }, /names no element/],
    [
      'an element that is not a date',
      { element: 'invoices.amount' },
      /not a date or timestamp \(logicalType number\)/,
    ],
    [
      'an element that is not a column',
      { element: 'invoices.nope' },
      /not a column of the contract/,
    ],
    ['several elements', { element: 'invoices.invoice_date,invoices.created' }, /several columns/],
    ['"m", minutes or months', { unit: 'm' }, /unit "m" is not one of/],
    ['no unit', { unit: undefined }, /has no unit/],
    ['a value of 0', { value: 0 }, /not a whole number/],
    ['a fractional value', { value: 1.5 }, /not a whole number/],
    ['a value that is text', { value: 'ten' }, /not a whole number/],
  ] as const) {
    it(`cannot enforce ${what}`, () => {
      const reading = retentionRuleOf(contract(retention(extra)));
      assert.equal(reading.kind, 'not-enforceable');
      assert.ok(reading.kind === 'not-enforceable');
      assert.match(reading.reason, reason);
    });
  }
});

describe('retentionRuleOf and the record of processing agree', () => {
  // test/privacy/record-build.test.ts runs the same list: each is a gap there, not a period.
  for (const [what, extra] of RETENTION_THE_RULE_REFUSES) {
    it(`cannot enforce ${what}, and gives no period`, () => {
      const reading = retentionRuleOf(contract(retention(extra)));
      assert.ok(reading.kind === 'not-enforceable');
      assert.equal(reading.period, undefined);
    });
  }

  for (const [what, extra] of RETENTION_ELEMENT_THE_RULE_REFUSES) {
    it(`cannot enforce ${what}, and gives the period it read`, () => {
      const reading = retentionRuleOf(contract(retention(extra)));
      assert.ok(reading.kind === 'not-enforceable');
      assert.deepEqual(reading.period, { value: 10, unit: 'y' });
    });
  }

  it('enforces the bound itself: 1000 weeks', () => {
    const reading = retentionRuleOf(contract(retention({ value: 1000, unit: 'weeks' })));
    assert.ok(reading.kind === 'rule');
    assert.deepEqual([reading.rule.value, reading.rule.unit], [1000, 'w']);
  });
});

describe('retentionCutoff', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it('goes back in calendar months and years, clamped to the month end', () => {
    assert.equal(
      retentionCutoff({ value: 1, unit: 'mo' }, now).toISOString(),
      '2026-02-28T12:00:00.000Z',
    );
    assert.equal(
      retentionCutoff({ value: 1, unit: 'y' }, new Date('2024-02-29T00:00:00Z')).toISOString(),
      '2023-02-28T00:00:00.000Z',
    );
    assert.equal(
      retentionCutoff({ value: 10, unit: 'y' }, now).toISOString(),
      '2016-03-31T12:00:00.000Z',
    );
    assert.equal(
      retentionCutoff({ value: 13, unit: 'mo' }, now).toISOString(),
      '2025-02-28T12:00:00.000Z',
    );
  });
  it('goes back in days and weeks', () => {
    assert.equal(
      retentionCutoff({ value: 30, unit: 'd' }, now).toISOString(),
      '2026-03-01T12:00:00.000Z',
    );
    assert.equal(
      retentionCutoff({ value: 2, unit: 'w' }, now).toISOString(),
      '2026-03-17T12:00:00.000Z',
    );
  });
  it('describes the period', () => {
    assert.equal(describePeriod({ value: 1, unit: 'y' }), '1 year');
    assert.equal(describePeriod({ value: 6, unit: 'mo' }), '6 months');
  });
});
