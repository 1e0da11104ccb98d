import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBuiltinPolicies } from '../src/app/governance/builtin-pack.ts';
import { readMeshFiles } from '../src/app/workspace/read-mesh.ts';
import { evaluatePolicies, loadPolicySet } from '../src/core/governance/index.ts';
import { buildMeshModel } from '../src/core/mesh/mesh-model.ts';
import type { SourceDocument } from '../src/core/yaml/source-document.ts';
import { parseSourceDocument } from '../src/core/yaml/source-document.ts';
import { writeSyntheticMesh } from './support/synthetic-mesh.ts';

const ROUNDS = 3;
const POLICIES = 50;
const BUDGET_MS = 2000;

/**
 * 50 policies over a generated mesh of 1,000 products (3,000 contracts, 24,000
 * properties): the built-in pack plus copies of it under other ids, so the mix of target
 * kinds is the pack's. Timed: compiling and evaluating them on the loaded mesh and placing
 * the findings. Baseline in the same run: reading the mesh with node positions and building
 * its MeshModel, which every command does before any policy runs.
 */
export async function benchGovernance(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-governance-'));
  try {
    await writeSyntheticMesh(dir, { products: 1000, contractsPerProduct: 3, domains: 10 });
    const policies = fiftyPolicies(await readBuiltinPolicies());
    const baseline: number[] = [];
    const governance: number[] = [];
    let evaluations = 0;
    let findings = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now();
      const mesh = await readMeshFiles(dir);
      // Nearly every file of this synthetic mesh gets findings, and placing a finding needs
      // the positioned YAML parse, which a valid file otherwise skips (core/yaml). It is
      // loading work, so it is done here, in the baseline, as before that fast path.
      for (const doc of mesh.documents) doc.source.locate([]);
      const model = buildMeshModel(mesh.documents);
      baseline.push(performance.now() - started);

      started = performance.now();
      const report = evaluatePolicies(model, loadPolicySet(model, policies));
      governance.push(performance.now() - started);
      if (report.policies !== POLICIES)
        throw new Error(`expected ${POLICIES} policies to run, ran ${report.policies}`);
      evaluations = report.results.length;
      findings = report.findings.length;
    }
    const g = Math.min(...governance);
    const b = Math.min(...baseline);
    console.log(
      `mesh: 1,000 products, 3,000 contracts; ${POLICIES} policies; ${evaluations} rule evaluations, ${findings} findings; best of ${ROUNDS}`,
    );
    console.log(`baseline (read + parse with positions + MeshModel): ${b.toFixed(0)} ms`);
    console.log(
      `governance (compile + evaluate):     ${g.toFixed(0)} ms = ${Math.round((evaluations / g) * 1000)} evaluations/s`,
    );
    console.log(`ratio governance / baseline: ${(g / b).toFixed(2)}x`);
    console.log(
      `budget: ${g < BUDGET_MS ? 'within' : 'OVER'} ${BUDGET_MS} ms for ${POLICIES} policies over 1,000 products`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The built-in pack, then copies of it under new ids, up to 50 policy documents. */
function fiftyPolicies(pack: readonly SourceDocument[]): SourceDocument[] {
  const out: SourceDocument[] = [...pack];
  for (let copy = 1; out.length < POLICIES; copy++) {
    for (const source of pack) {
      if (out.length >= POLICIES) break;
      const text = source.text.replace(/^id: (.+)$/m, `id: $1-copy-${copy}`);
      out.push(parseSourceDocument(source.file.replace('.policy', `-copy-${copy}.policy`), text));
    }
  }
  return out;
}
