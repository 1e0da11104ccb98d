import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScaleOut } from '../../bench/scale-out.ts';

/**
 * The scale-out benchmark (bench/scale-out.ts) in short, so CI proves its invariants on
 * every run: three `meshwork serve --workers 0` and two `meshwork worker` processes on
 * PostgreSQL behind the benchmark's balancer, 20 clients for 15 s, one server SIGKILLed
 * at 5 s. Errors only inside the kill window, every acknowledged write in the store, one
 * grant per approved request, no duplicate job, the audit chain intact — and the load
 * must really have exercised each of them (a run that decided nothing proves nothing).
 */
describe('scale-out under load, one server killed', () => {
  it('keeps every invariant on PostgreSQL', { timeout: 600_000 }, async (t) => {
    const result = await runScaleOut({
      seconds: 15,
      clients: 20,
      killAtSeconds: 5,
      baselineSeconds: 4,
      log: (line) => t.diagnostic(line),
    });
    assert.deepEqual(result.violations, []);
    assert.ok(result.killWindow, 'the balancer took the killed server out');
    assert.ok(result.killWindow.to - result.killWindow.from < 5_000, 'within a few health checks');
    const { counts } = result;
    assert.ok(counts.signIns > 20, `sign-ins: ${counts.signIns}`);
    assert.ok(counts.requests > 0, `access requests: ${counts.requests}`);
    assert.ok(counts.approved > 0, `approvals: ${counts.approved}`);
    assert.ok(counts.grants >= counts.approved, `grants ${counts.grants} for ${counts.approved}`);
    assert.ok(counts.decisions > counts.approved, 'some requests were rejected');
    assert.ok(counts.jobs > 0, `run-now jobs: ${counts.jobs}`);
    assert.ok(result.figures.afterKill.all.count > 0, 'the load went on after the kill');
  });
});
