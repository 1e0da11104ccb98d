import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  customProperty,
  isPersonal,
  isSemver,
  isSnakeCase,
  looksPersonal,
  slaInDays,
} from '../../src/core/governance/predicates.ts';

describe('governance predicates', () => {
  it('looksPersonal reads names, examples and formats', () => {
    const looks = [
      { name: 'customer_email' },
      { name: 'firstName' },
      { name: 'Geburtsdatum' },
      { name: 'contact', examples: ['anna.berger@example.de'] },
      { name: 'contact', examples: ['+49 8031 4711-190'] },
      { name: 'account', examples: ['DE89370400440532013000'] },
      { name: 'x', logicalTypeOptions: { format: 'email' } },
      { name: 'x', physicalName: 'ip_address' },
    ];
    for (const p of looks) assert.equal(looksPersonal(p), true, JSON.stringify(p));
    const not = [
      { name: 'order_id' },
      { name: 'emailed_at_count_total', examples: [3] },
      { name: 'amount', examples: ['12.50'] },
      { name: 'country', examples: ['DE'] },
      null,
    ];
    for (const p of not) assert.equal(looksPersonal(p), false, JSON.stringify(p));
  });

  it('isPersonal reads classification, tags and the personalData custom property', () => {
    assert.equal(isPersonal({ classification: 'Personal' }), true);
    // A confidentiality level is not personal data (core/privacy); a tag makes it so.
    assert.equal(isPersonal({ classification: 'Restricted' }), false);
    assert.equal(isPersonal({ classification: 'confidential' }), false);
    assert.equal(isPersonal({ classification: 'restricted', tags: ['pii'] }), true);
    assert.equal(isPersonal({ tags: ['PII'] }), true);
    assert.equal(
      isPersonal({ customProperties: [{ property: 'personalData', value: true }] }),
      true,
    );
    assert.equal(isPersonal({ classification: 'public', tags: ['sales'] }), false);
    assert.equal(isPersonal('email'), false);
  });

  it('slaInDays converts units and refuses what is not a number', () => {
    const c = (value: unknown, unit?: string): unknown => ({
      slaProperties: [{ property: 'latency', value, ...(unit ? { unit } : {}) }],
    });
    assert.equal(slaInDays(c(2, 'd'), 'latency'), 2);
    assert.equal(slaInDays(c(2), 'latency'), 2);
    assert.equal(slaInDays(c(12, 'hours'), 'latency'), 0.5);
    assert.equal(slaInDays(c(1, 'y'), 'latency'), 365);
    assert.equal(slaInDays(c('3', 'd'), 'latency'), 3);
    assert.equal(slaInDays(c('soon', 'd'), 'latency'), null);
    assert.equal(slaInDays(c(null, 'd'), 'latency'), null);
    assert.equal(slaInDays(c(2, 'fortnights'), 'latency'), null);
    assert.equal(slaInDays(c(2, 'd'), 'retention'), null);
  });

  it('isSemver, isSnakeCase and customProperty', () => {
    assert.deepEqual(['1.0.0', '2.10.3-rc.1+build.5', '1.0', 'v1.0.0', '01.0.0'].map(isSemver), [
      true,
      true,
      false,
      false,
      false,
    ]);
    assert.deepEqual(
      ['order_lines', 'orders', 'v2_items', 'OrderLines', 'order__lines', '_x', 'order-lines'].map(
        isSnakeCase,
      ),
      [true, true, true, false, false, false, false],
    );
    const holder = { customProperties: [{ property: 'a', value: 1 }, { property: 'b' }] };
    assert.equal(customProperty(holder, 'a'), 1);
    assert.equal(customProperty(holder, 'b'), null);
    assert.equal(customProperty(holder, 'c'), null);
  });
});
