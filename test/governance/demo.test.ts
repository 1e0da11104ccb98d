import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintMesh } from '../../src/app/governance/lint-mesh.ts';
import { readBuiltinPolicies } from '../../src/app/governance/builtin-pack.ts';
import { readMeshFiles } from '../../src/app/workspace/read-mesh.ts';
import { loadPolicySet } from '../../src/core/governance/index.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';

/**
 * The demo mesh shows governance at work (docs/governance.md, "The demo"): one domain
 * adaptation that matters, one deliberate warning-level violation, and `meshwork check`
 * passing.
 */
const demo = join(repoRoot, 'examples/alpine-bikes');

describe('governance on the Alpine Bikes demo', () => {
  it('has exactly its one deliberate violation, at warning level', async () => {
    const report = await lintMesh('.', demo);
    assert.equal(report.valid, true);
    assert.deepEqual(
      report.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.policy ?? f.code}`),
      ['domains/marketing/marketing-customer-360/product.odps.yaml:1 warning legal-basis-named'],
    );
    assert.ok(report.policies >= 17, `${report.policies} policies`);
  });

  it('applies the adaptation of production-logistics, which its weekly demand needs', async () => {
    const model = buildMeshModel((await readMeshFiles(demo)).documents);
    const set = loadPolicySet(model, await readBuiltinPolicies());
    assert.deepEqual(set.findings, []);
    const adapted = set.adaptations.get('latency-within-limit')?.get('production-logistics');
    assert.deepEqual(adapted?.params, { maxLatencyDays: 2 });
    const global = set.policies.find((p) => p.policy.id === 'latency-within-limit');
    assert.deepEqual(global?.params, { maxLatencyDays: 1 });
    const report = await lintMesh('.', demo);
    const planning = report.results.filter(
      (r) => r.policy === 'latency-within-limit' && r.domain === 'production-logistics',
    );
    assert.ok(planning.length >= 2, `${planning.length} production-logistics contracts`);
    assert.ok(
      planning.every((r) => r.passed),
      'the weekly demand (2 days) passes under the adaptation',
    );
  });

  it('passes meshwork check, which CI calls', async () => {
    const run = await cli(['check', demo], repoRoot);
    assert.equal(run.code, 0, run.stdout);
  });
});
