import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Row, SamplePlan } from '../../src/engines/engine.ts';
import { planSample, runSamplePlan } from '../../src/engines/sql/scan-sample-sql.ts';

const rowsOf = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ c0: `v${i}` }));

describe('a sample that comes back too small', () => {
  it('is drawn again at random from the whole table, and the method says so', async () => {
    const plans: SamplePlan[] = [];
    const plan = planSample(13_000, 100);
    assert.equal(plan.kind, 'fraction');
    const outcome = await runSamplePlan(plan, 13_000, 1, (p) => {
      plans.push(p);
      return Promise.resolve(p.kind === 'fraction' ? [] : rowsOf(100));
    });
    assert.deepEqual(
      plans.map((p) => p.kind),
      ['fraction', 'random'],
    );
    assert.equal(outcome.rows, 100);
    assert.match(outcome.method, /block sample.*gave only 0.*whole table/);
  });

  it('keeps a block sample that gave enough rows', async () => {
    const plan = planSample(1_000_000, 100);
    let calls = 0;
    const outcome = await runSamplePlan(plan, 1_000_000, 1, () => {
      calls++;
      return Promise.resolve(rowsOf(250));
    });
    assert.equal(calls, 1);
    assert.equal(outcome.rows, 250);
    assert.doesNotMatch(outcome.method, /gave only/);
  });
});
