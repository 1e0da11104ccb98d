import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRowFilter, describeRowFilter } from '../../src/core/access/row-filter.ts';

/** The row filter's rules against a port's granted columns (core/access/row-filter.ts). */
const COLUMNS = [
  { name: 'orders.region', logicalType: 'string' },
  { name: 'orders.paid', logicalType: 'boolean' },
  { name: 'orders.amount', logicalType: 'number' },
  { name: 'orders.items', logicalType: 'array' },
  { name: 'orders.untyped' },
];

describe('checkRowFilter', () => {
  test('keeps values once, in order; booleans given as text become booleans', () => {
    assert.deepEqual(
      checkRowFilter({ column: 'orders.region', values: ['EU', 'CH', 'EU'] }, COLUMNS),
      { ok: true, filter: { column: 'orders.region', values: ['EU', 'CH'] }, type: 'string' },
    );
    const paid = checkRowFilter({ column: 'orders.paid', values: ['true', false, true] }, COLUMNS);
    assert.deepEqual(paid.ok && paid.filter.values, [true, false]);
    const amount = checkRowFilter({ column: 'orders.amount', values: [1.5, '-2.25'] }, COLUMNS);
    assert.equal(amount.ok, true);
  });

  test('every problem at once, each with its path', () => {
    const checked = checkRowFilter({ column: 'orders.amount', values: ['1e3', 'x', 2] }, COLUMNS);
    assert.equal(checked.ok, false);
    const problems = checked.ok ? [] : checked.problems;
    assert.ok(
      problems.some((p) => p.startsWith('rowFilter.values[0]:')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('rowFilter.values[1]:')),
      problems.join('\n'),
    );
    assert.ok(!problems.some((p) => p.startsWith('rowFilter.values[2]:')), problems.join('\n'));
  });

  test('columns without a comparable logical type are refused, as are unknown ones', () => {
    for (const column of ['orders.items', 'orders.untyped', 'orders.nope', 'region']) {
      const checked = checkRowFilter({ column, values: ['x'] }, COLUMNS);
      assert.equal(checked.ok, false, column);
    }
    assert.equal(checkRowFilter({ column: 'orders.paid', values: ['yes'] }, COLUMNS).ok, false);
  });

  test('describes a filter as lists show it', () => {
    assert.equal(
      describeRowFilter({ column: 'orders.region', values: ['EU', 'CH'] }),
      'orders.region ∈ {EU, CH}',
    );
  });
});
