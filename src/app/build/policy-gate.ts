import { posix } from 'node:path';
import type { PlannedProduct } from '../../core/build/plan.ts';
import type { Finding } from '../../core/findings/finding.ts';
import { evaluatePolicies, loadPolicySet } from '../../core/governance/index.ts';
import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import { readBuiltinPolicies } from '../governance/builtin-pack.ts';

/** What the build did about error-level policy findings (issue 10: enforced at build time). */
export interface PolicyGate {
  /** The error-level policy violations in the planned products' folders. */
  readonly errors: readonly Finding[];
  /** Products not published because of them. */
  readonly blocked: readonly string[];
  /** Products published despite them (`--force`). */
  readonly forced: readonly string[];
}

/**
 * Governance at build time: a product whose own files (product, contracts) violate a policy
 * of severity error is not published — unless forced, and then the report says so.
 * Findings of the mesh or a domain as a whole block no single product; `meshwork lint`
 * reports them.
 */
export async function policyBlocks(
  model: MeshModel,
  planned: readonly PlannedProduct[],
  force: boolean,
): Promise<{ readonly report: PolicyGate; readonly blockedReason: ReadonlyMap<string, string> }> {
  const report = evaluatePolicies(model, loadPolicySet(model, await readBuiltinPolicies()));
  const violations = report.findings.filter(
    (f) => f.severity === 'error' && f.code === 'policy-violation',
  );
  const errors: Finding[] = [];
  const blocked: string[] = [];
  const forced: string[] = [];
  const blockedReason = new Map<string, string>();
  for (const p of planned) {
    const folder = `${posix.dirname(p.product.doc.path)}/`;
    const own = violations.filter((f) => f.file.startsWith(folder));
    if (own.length === 0) continue;
    errors.push(...own);
    if (force) {
      forced.push(p.key);
      continue;
    }
    blocked.push(p.key);
    const ids = [...new Set(own.map((f) => f.policy ?? f.code))].join(', ');
    blockedReason.set(
      p.key,
      `not published: ${own.length} error-level policy finding${own.length === 1 ? '' : 's'} (${ids}); fix them (meshwork lint) or publish anyway with meshwork build --force`,
    );
  }
  return { report: { errors, blocked, forced }, blockedReason };
}
