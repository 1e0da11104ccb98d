import type { CodeParams } from '../findings/codes.ts';
import { issue } from '../findings/codes.ts';
import type { DocPath, Finding } from '../findings/finding.ts';
import type { MeshModel } from '../mesh/mesh-model.ts';
import { checkStructure } from '../standards/structure-issues.ts';
import type { SourceDocument } from '../yaml/source-document.ts';
import { checkAdaptation } from './adaptation.ts';
import { governanceCodes } from './catalogue.ts';
export type { Adapted, LoadedPolicy } from './loaded-policy.ts';
import type { Adapted, LoadedPolicy } from './loaded-policy.ts';
import type { Policy, PolicyAdaptation } from './policy-model.ts';
import {
  adaptationSchema,
  GLOBAL_ONLY_EFFECTS,
  governanceSettingsSchema,
  policySchema,
} from './policy-model.ts';
import { asObject } from './predicates.ts';

export interface PolicySet {
  readonly policies: readonly LoadedPolicy[];
  /** Per global policy id, per domain folder. */
  readonly adaptations: ReadonlyMap<string, ReadonlyMap<string, Adapted>>;
  readonly findings: readonly Finding[];
}

/**
 * Gathers the policies that apply to a mesh: the built-in pack (as switched in
 * meshwork.yaml), the mesh's global policies (one with a built-in's id replaces it), each
 * domain's own policies, and the domains' adaptations of global ones. Every problem is a
 * finding at its file and line; a broken policy is left out, a broken adaptation is
 * ignored so the global policy applies unchanged. A domain policy with an effect only the
 * mesh may give (GLOBAL_ONLY_EFFECTS: lifting the DPO's approval) is left out too.
 */
export function loadPolicySet(model: MeshModel, builtin: readonly SourceDocument[]): PolicySet {
  const findings: Finding[] = [];
  const global = new Map<string, LoadedPolicy>();
  for (const source of loadBuiltin(model, builtin, findings)) global.set(source.policy.id, source);

  const domainPolicies: LoadedPolicy[] = [];
  const adaptationDocs: { source: SourceDocument; folder: string; data: PolicyAdaptation }[] = [];
  const meshOwn = new Set<string>();
  for (const doc of model.documents) {
    if (doc.role.kind !== 'policy') continue;
    const folder = doc.role.domain ?? undefined;
    const parsed = parsePolicyDocument(doc.source, findings);
    if (!parsed) continue;
    if (parsed.kind === 'PolicyAdaptation') {
      if (folder === undefined) {
        findings.push(
          ...place(doc.source, 'policy-misplaced', { kind: 'PolicyAdaptation' }, ['kind']),
        );
      } else adaptationDocs.push({ source: doc.source, folder, data: parsed.adaptation });
      continue;
    }
    const policy = parsed.policy;
    const effect = policy.effect;
    if (folder !== undefined && effect !== undefined && GLOBAL_ONLY_EFFECTS.includes(effect)) {
      findings.push(
        ...place(doc.source, 'policy-effect-global-only', { id: policy.id, effect }, ['effect']),
      );
      continue;
    }
    const loaded: LoadedPolicy = {
      policy,
      source: doc.source,
      origin: folder === undefined ? 'mesh' : 'domain',
      scope: folder,
      severity: policy.severity,
      params: policy.params ?? {},
    };
    const clash =
      folder === undefined
        ? meshOwn.has(policy.id)
          ? global.get(policy.id)
          : undefined
        : (global.get(policy.id) ??
          domainPolicies.find((p) => p.scope === folder && p.policy.id === policy.id));
    if (clash) {
      findings.push(
        ...place(doc.source, 'policy-duplicate-id', { id: policy.id, other: clash.source.file }, [
          'id',
        ]),
      );
      continue;
    }
    if (folder === undefined) {
      meshOwn.add(policy.id);
      global.set(policy.id, loaded);
    } else domainPolicies.push(loaded);
  }

  const adaptations = new Map<string, Map<string, Adapted>>();
  const adaptedIn = new Map<string, string>();
  for (const { source, folder, data } of adaptationDocs) {
    const target = global.get(data.policy);
    const issues = checkAdaptation(data, folder, target, [...global.keys()]);
    if (issues.length > 0) {
      findings.push(...source.place(issues));
      continue;
    }
    const key = `${folder}\u0000${data.policy}`;
    const other = adaptedIn.get(key);
    if (other !== undefined) {
      findings.push(
        ...place(source, 'adaptation-duplicate', { policy: data.policy, other }, ['policy']),
      );
      continue;
    }
    adaptedIn.set(key, source.file);
    const base = target!;
    const perDomain = adaptations.get(data.policy) ?? new Map<string, Adapted>();
    perDomain.set(folder, {
      domain: folder,
      severity: data.severity ?? base.severity,
      params: { ...base.params, ...data.params },
    });
    adaptations.set(data.policy, perDomain);
  }
  return { policies: [...global.values(), ...domainPolicies], adaptations, findings };
}

type Parsed =
  | { readonly kind: 'Policy'; readonly policy: Policy }
  | { readonly kind: 'PolicyAdaptation'; readonly adaptation: PolicyAdaptation };

/** Structure of one policy file; undefined (with findings) when it cannot be used. */
export function parsePolicyDocument(
  source: SourceDocument,
  findings: Finding[],
): Parsed | undefined {
  findings.push(...source.syntaxFindings);
  const data = asObject(source.data);
  if (!data) return undefined;
  if (data.kind === 'PolicyAdaptation') {
    const issues = checkStructure(adaptationSchema, data, { standard: 'PolicyAdaptation' });
    findings.push(...source.place(issues));
    const result = adaptationSchema.safeParse(data);
    return result.success ? { kind: 'PolicyAdaptation', adaptation: result.data } : undefined;
  }
  if (data.kind !== 'Policy') {
    findings.push(
      ...place(source, 'policy-unknown-kind', { kind: JSON.stringify(data.kind ?? null) }, [
        'kind',
      ]),
    );
    return undefined;
  }
  findings.push(...source.place(checkStructure(policySchema, data, { standard: 'Policy' })));
  const result = policySchema.safeParse(data);
  return result.success ? { kind: 'Policy', policy: result.data } : undefined;
}

function loadBuiltin(
  model: MeshModel,
  builtin: readonly SourceDocument[],
  findings: Finding[],
): LoadedPolicy[] {
  const organisation = model.organisation?.source;
  const raw = asObject(asObject(organisation?.data)?.governance);
  const parsed = governanceSettingsSchema.safeParse(raw ?? {});
  const settings = parsed.success ? (parsed.data.builtin ?? {}) : {};
  const pack: LoadedPolicy[] = [];
  for (const source of builtin) {
    const result = parsePolicyDocument(source, findings);
    if (result?.kind !== 'Policy') continue;
    const policy = result.policy;
    pack.push({
      policy,
      source,
      origin: 'builtin',
      scope: undefined,
      severity: settings.severity?.[policy.id] ?? policy.severity,
      params: { ...policy.params, ...settings.params?.[policy.id] },
    });
  }
  const known = new Set(pack.map((p) => p.policy.id));
  if (organisation) {
    const mentioned: { id: string; path: DocPath }[] = [
      ...(settings.disable ?? []).map((id, i) => ({
        id,
        path: ['governance', 'builtin', 'disable', i],
      })),
      ...Object.keys(settings.severity ?? {}).map((id) => ({
        id,
        path: ['governance', 'builtin', 'severity', id],
      })),
      ...Object.keys(settings.params ?? {}).map((id) => ({
        id,
        path: ['governance', 'builtin', 'params', id],
      })),
    ];
    for (const { id, path } of mentioned) {
      if (known.has(id)) continue;
      findings.push(
        ...organisation.place([
          issue(
            governanceCodes,
            'builtin-policy-unknown',
            { id, known: [...known].join(', ') },
            path,
            {
              atKey: typeof path[path.length - 1] === 'string',
            },
          ),
        ]),
      );
    }
  }
  if (settings.enabled === false) return [];
  const disabled = new Set(settings.disable ?? []);
  return pack.filter((p) => !disabled.has(p.policy.id));
}

function place<K extends keyof typeof governanceCodes>(
  source: SourceDocument,
  code: K,
  params: CodeParams<(typeof governanceCodes)[K]>,
  path: DocPath,
): Finding[] {
  return source.place([issue(governanceCodes, code, params, path)]);
}
