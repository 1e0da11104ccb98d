import { fillParams } from '../../core/governance/fill-params.ts';
import type { PolicySet } from '../../core/governance/index.ts';
import type { MeshModel } from '../../core/mesh/mesh-model.ts';
import type { AdaptationSummary, PolicySummary } from './catalog-types.ts';
import { asObject, asString } from './contract-summary.ts';

export function summarizePolicies(set: PolicySet): PolicySummary[] {
  return set.policies.map((p) => ({
    id: p.policy.id,
    title: p.policy.title,
    description: fillParams(p.policy.description, p.params),
    params: p.params,
    severity: p.severity,
    appliesTo: p.policy.appliesTo,
    scope: p.scope ?? 'global',
    adaptable: p.policy.adaptable !== undefined,
  }));
}

/**
 * Every adaptation document of the mesh; `valid` is false when the policy set refused it
 * (out of bounds, unknown policy, duplicate), in which case the findings say why.
 */
export function summarizeAdaptations(model: MeshModel, set: PolicySet): AdaptationSummary[] {
  const result: AdaptationSummary[] = [];
  for (const doc of model.documents) {
    if (doc.role.kind !== 'policy' || doc.role.domain === null) continue;
    const data = asObject(doc.source.data);
    if (data?.kind !== 'PolicyAdaptation') continue;
    const policy = asString(data.policy) ?? '';
    const adapted = set.adaptations.get(policy)?.get(doc.role.domain);
    const base = set.policies.find((p) => p.policy.id === policy && p.scope === undefined);
    result.push({
      domain: doc.role.domain,
      policy,
      params: asObject(data.params) ?? {},
      severity: asString(data.severity) ?? base?.severity ?? 'error',
      reason: asString(data.reason),
      valid: adapted !== undefined,
    });
  }
  return result;
}
