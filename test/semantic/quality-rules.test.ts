import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../../src/core/findings/finding.ts';
import { checkQualityRules } from '../../src/core/semantic/quality-rules.ts';

const withRule = (rule: Record<string, unknown>, level: 'object' | 'property' = 'property') => ({
  apiVersion: 'v3.1.0',
  schema: [
    {
      name: 'orders',
      properties: [{ name: 'amount', ...(level === 'property' ? { quality: [rule] } : {}) }],
      ...(level === 'object' ? { quality: [rule] } : {}),
    },
  ],
});

const codes = (rule: Record<string, unknown>, level: 'object' | 'property' = 'property') =>
  checkQualityRules(withRule(rule, level)).map((i) => `${i.code} ${formatPath(i.path)}`);

describe('quality rules', () => {
  it('accepts every operator alone', () => {
    for (const [operator, value] of [
      ['mustBe', 0],
      ['mustNotBe', 3],
      ['mustBeGreaterThan', 1],
      ['mustBeGreaterOrEqualTo', 1],
      ['mustBeLessThan', 1],
      ['mustBeLessOrEqualTo', 1],
      ['mustBeBetween', [0, 1]],
      ['mustNotBeBetween', [-1, 1.5]],
    ] as const) {
      assert.deepEqual(codes({ metric: 'nullValues', [operator]: value }), [], operator);
    }
  });

  it('says how to order mustBeBetween bounds', () => {
    const [found] = checkQualityRules(
      withRule({ metric: 'rowCount', mustBeBetween: [120, 100] }, 'object'),
    );
    assert.equal(
      found?.message,
      'mustBeBetween at $.schema[0].quality[0].mustBeBetween is [120, 100], but the smaller bound must come first: [100, 120].',
    );
    assert.equal(
      found?.hint,
      'Write mustBeBetween as two different numbers, the smaller first, e.g. [10, 100] (both bounds are included).',
    );
  });

  it('rejects equal and non-numeric bounds', () => {
    const [equal] = checkQualityRules(withRule({ metric: 'nullValues', mustBeBetween: [5, 5] }));
    assert.match(equal?.message ?? '', /equal bounds \[5, 5\]; use mustBe: 5/);
    const [text] = checkQualityRules(withRule({ metric: 'nullValues', mustBeBetween: ['1', 2] }));
    assert.match(text?.message ?? '', /must hold two numbers/);
  });

  it('checks percentages in ranges too', () => {
    assert.deepEqual(codes({ metric: 'nullValues', mustBeBetween: [0, 101], unit: 'percent' }), [
      'quality-percent-out-of-range $.schema[0].properties[0].quality[0].mustBeBetween',
    ]);
    assert.deepEqual(codes({ metric: 'nullValues', mustBeBetween: [0, 100], unit: 'percent' }), []);
  });

  it('checks operators of SQL rules but not of text or custom rules', () => {
    assert.deepEqual(codes({ type: 'sql', query: 'SELECT 1' }), [
      'quality-operator-missing $.schema[0].properties[0].quality[0]',
    ]);
    assert.deepEqual(codes({ type: 'text', description: 'fine' }), []);
    assert.deepEqual(codes({ type: 'custom', engine: 'soda', implementation: 'x' }), []);
    assert.deepEqual(codes({ description: 'neither a metric nor a type' }), []);
  });

  it('allows duplicateValues on a property and on an object with properties', () => {
    assert.deepEqual(codes({ metric: 'duplicateValues', mustBe: 0 }), []);
    assert.deepEqual(
      codes(
        { metric: 'duplicateValues', arguments: { properties: ['amount'] }, mustBe: 0 },
        'object',
      ),
      [],
    );
  });

  it('accepts the v3.0 validValues rule with its values beside it', () => {
    const contract = {
      ...withRule({ rule: 'validValues', validValues: ['kg'], mustBe: 0 }),
      apiVersion: 'v3.0.0',
    };
    assert.deepEqual(checkQualityRules(contract), []);
  });

  it('names the v3.1 spelling of a deprecated v3.0 rule', () => {
    const [found] = checkQualityRules(
      withRule({ rule: 'validValues', validValues: ['kg'], mustBe: 0 }),
    );
    assert.equal(found?.code, 'quality-rule-deprecated');
    assert.equal(
      found?.hint,
      'Replace `rule` by `metric: invalidValues` (arguments go under `arguments:`).',
    );
  });

  it('checks rules on nested properties and array items', () => {
    const contract = {
      schema: [
        {
          name: 'orders',
          properties: [
            {
              name: 'lines',
              logicalType: 'array',
              items: { logicalType: 'object', quality: [{ metric: 'rowCount', mustBe: 1 }] },
            },
            { name: 'address', properties: [{ name: 'zip', quality: [{ metric: 'nullValues' }] }] },
          ],
        },
      ],
    };
    assert.deepEqual(
      checkQualityRules(contract).map((i) => `${i.code} ${formatPath(i.path)}`),
      [
        'quality-metric-wrong-level $.schema[0].properties[0].items.quality[0].metric',
        'quality-operator-missing $.schema[0].properties[1].properties[0].quality[0]',
      ],
    );
  });

  it('reports every problem of a rule at once', () => {
    assert.deepEqual(
      codes({
        metric: 'invalidValues',
        arguments: { pattern: '(' },
        mustBe: 0,
        mustNotBe: 1,
        unit: 'hours',
      }).sort(),
      [
        'quality-operator-conflict $.schema[0].properties[0].quality[0].mustNotBe',
        'quality-pattern-invalid $.schema[0].properties[0].quality[0].arguments.pattern',
        'quality-unit-unknown $.schema[0].properties[0].quality[0].unit',
      ],
    );
  });
});
