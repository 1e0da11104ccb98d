import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advanceMilestones,
  countBy,
  dayOf,
  isDay,
  median,
  proposalToActive,
  replacesSnapshot,
} from '../../src/core/adoption/adoption-model.ts';

describe('adoption model', () => {
  it('takes only real calendar days', () => {
    assert.equal(isDay('2026-02-28'), true);
    assert.equal(isDay('2028-02-29'), true);
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-1-01',
      '2026-01-01T00:00',
      '',
      "2026-01-01'",
    ])
      assert.equal(isDay(bad), false, bad);
    assert.equal(dayOf('2026-01-12T23:30:00+02:00'), '2026-01-12');
    assert.equal(dayOf('2026-01-12T23:30:00-02:00'), '2026-01-13', 'days are UTC days');
  });

  it('a measure replaces any snapshot of its day, a backfill only a backfill', () => {
    assert.equal(replacesSnapshot(null, { source: 'git' }), true);
    assert.equal(replacesSnapshot({ source: 'git' }, { source: 'git' }), true);
    assert.equal(replacesSnapshot({ source: 'git' }, { source: 'index' }), true);
    assert.equal(replacesSnapshot({ source: 'index' }, { source: 'schedule' }), true);
    assert.equal(replacesSnapshot({ source: 'index' }, { source: 'git' }), false);
    assert.equal(replacesSnapshot({ source: 'schedule' }, { source: 'git' }), false);
  });

  it('medians of odd, even and no values', () => {
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('keeps milestones once set, and ids from the mesh stay data ("__proto__")', () => {
    const seen = (entries: [string, string][]) =>
      new Map(entries.map(([id, status]) => [id, { domain: 'd', status }]));
    const first = advanceMilestones(
      {},
      seen([
        ['a', 'proposed'],
        ['__proto__', 'draft'],
        ['b', 'active'],
      ]),
      '2026-01-01',
    );
    assert.ok(Object.hasOwn(first, '__proto__'));
    assert.equal(Object.getPrototypeOf(first), Object.prototype);
    const second = advanceMilestones(
      first,
      seen([
        ['a', 'active'],
        ['__proto__', 'active'],
      ]),
      '2026-01-05',
    );
    const third = advanceMilestones(second, seen([['a', 'deprecated']]), '2026-01-09');
    assert.deepEqual(third.a, {
      domain: 'd',
      status: 'deprecated',
      firstSeen: '2026-01-01',
      proposedOn: '2026-01-01',
      activeOn: '2026-01-05',
    });
    // b is gone from the mesh but keeps its history; it was never seen proposed.
    assert.equal(third.b?.proposedOn, null);
    assert.deepEqual(proposalToActive(third), { products: 2, medianDays: 4 });
  });

  it('counts by key without touching the prototype', () => {
    const counts = countBy(['x', '__proto__', 'x', 'constructor'], (v) => v);
    assert.deepEqual(Object.entries(counts), [
      ['x', 2],
      ['__proto__', 1],
      ['constructor', 1],
    ]);
  });
});
