import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdaptationState } from '../../src/core/governance/index.ts';
import { adaptationChanges } from '../../src/core/governance/index.ts';

function state(overrides: Partial<AdaptationState> = {}): AdaptationState {
  return {
    domain: 'marketing',
    policy: 'fresh',
    severity: 'warning',
    params: { maxDays: 7, label: 'weekly' },
    reason: 'Campaign data arrives weekly.',
    valid: true,
    ...overrides,
  };
}

describe('adaptationChanges', () => {
  it('reports an adaptation that appears as added and one that goes away as removed', () => {
    const kept = state({ domain: 'sales' });
    const added = state({ policy: 'owner-named' });
    const removed = state();
    assert.deepEqual(adaptationChanges([kept, removed], [kept, added]), [
      { change: 'removed', before: removed },
      { change: 'added', after: added },
    ]);
  });

  it('names what changed: parameters, severity, reason, validity', () => {
    const before = state();
    const after = state({ params: { maxDays: 3, label: 'weekly' }, severity: 'error' });
    assert.deepEqual(adaptationChanges([before], [after]), [
      { change: 'changed', before, after, fields: ['severity', 'params'] },
    ]);
    const refused = state({ valid: false, reason: null });
    assert.deepEqual(adaptationChanges([before], [refused])[0], {
      change: 'changed',
      before,
      after: refused,
      fields: ['reason', 'valid'],
    });
  });

  it('reports nothing when nothing changed, whatever the order of keys and documents', () => {
    const a = state();
    const b = state({ domain: 'sales' });
    const reordered = state({ params: { label: 'weekly', maxDays: 7 } });
    assert.deepEqual(adaptationChanges([a, b], [b, reordered]), []);
    assert.deepEqual(adaptationChanges([], []), []);
  });

  it('tells a nested parameter change apart', () => {
    const before = state({ params: { allowed: ['a', 'b'] } });
    const after = state({ params: { allowed: ['b', 'a'] } });
    assert.equal(adaptationChanges([before], [after])[0]?.change, 'changed');
  });

  it('counts duplicates of one domain and policy once, the valid one', () => {
    const valid = state();
    const duplicate = state({ params: { maxDays: 1 }, valid: false });
    assert.deepEqual(adaptationChanges([valid], [duplicate, valid]), []);
    assert.deepEqual(adaptationChanges([duplicate, valid], [valid]), []);
  });
});
