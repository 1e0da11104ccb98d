import { canonicalJson } from '../audit/index.ts';

/** One adaptation document as the catalog summarises it: what a domain set, and whether it applies. */
export interface AdaptationState {
  /** The domain folder the document lives in. */
  readonly domain: string;
  readonly policy: string;
  /** The effective severity (the adaptation's own, else the global policy's). */
  readonly severity: string;
  /** The parameters the document sets (not merged with the policy's). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly reason: string | null;
  /** False when the policy set refused it (out of bounds, unknown policy, duplicate…). */
  readonly valid: boolean;
}

export type AdaptationField = 'severity' | 'params' | 'reason' | 'valid';

export type AdaptationChange =
  | { readonly change: 'added'; readonly after: AdaptationState }
  | {
      readonly change: 'changed';
      readonly before: AdaptationState;
      readonly after: AdaptationState;
      /** What differs, in the order of `AdaptationField`. */
      readonly fields: readonly AdaptationField[];
    }
  | { readonly change: 'removed'; readonly before: AdaptationState };

/**
 * What changed between two meshes' adaptations, one change per domain and policy, in the
 * order domain, policy. Two documents adapting the same policy for one domain count as one:
 * the valid one (the policy set applies at most one), else the first — so a refused
 * duplicate appearing or going away is not reported as a change of the adaptation.
 */
export function adaptationChanges(
  before: readonly AdaptationState[],
  after: readonly AdaptationState[],
): AdaptationChange[] {
  const old = byKey(before);
  const now = byKey(after);
  const changes: AdaptationChange[] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const a = old.get(key);
    const b = now.get(key);
    if (a === undefined && b !== undefined) changes.push({ change: 'added', after: b });
    else if (a !== undefined && b === undefined) changes.push({ change: 'removed', before: a });
    else if (a !== undefined && b !== undefined) {
      const fields = differences(a, b);
      if (fields.length > 0) changes.push({ change: 'changed', before: a, after: b, fields });
    }
  }
  return changes;
}

function byKey(states: readonly AdaptationState[]): Map<string, AdaptationState> {
  const map = new Map<string, AdaptationState>();
  for (const state of states) {
    // NUL cannot occur in a folder name, so domain and policy cannot run into each other.
    const key = `${state.domain}\u0000${state.policy}`;
    const seen = map.get(key);
    if (seen === undefined || (!seen.valid && state.valid)) map.set(key, state);
  }
  return map;
}

function differences(a: AdaptationState, b: AdaptationState): AdaptationField[] {
  const fields: AdaptationField[] = [];
  if (a.severity !== b.severity) fields.push('severity');
  // Key order in YAML is no change: the parameters are compared as canonical JSON.
  if (canonicalJson(a.params) !== canonicalJson(b.params)) fields.push('params');
  if (a.reason !== b.reason) fields.push('reason');
  if (a.valid !== b.valid) fields.push('valid');
  return fields;
}
