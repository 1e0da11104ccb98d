import type { AdaptationChange, AdaptationState } from '../../core/governance/index.ts';
import { adaptationChanges, loadPolicySet } from '../../core/governance/index.ts';
import { classifyMeshPath } from '../../core/mesh/layout.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import { recordAudit } from '../accounts/audit.ts';
import { readBuiltinPolicies } from '../governance/builtin-pack.ts';
import type { MeshworkStore } from '../store/store.ts';
import { summarizeAdaptations } from './governance-view.ts';
import type { MeshText } from './load-mesh.ts';
import { parseMeshTexts } from './load-mesh.ts';

/** The audit action of an adaptation that appeared, changed or went away. */
export const ADAPTATION_ACTION = 'policy.adaptation';

/** Bounds of the texts an entry copies from the mesh: a pushed YAML may be of any size. */
const MAX_PARAMS = 2_000;
const MAX_REASON = 500;
const MAX_NAME = 200;

/**
 * The adaptations of a mesh given as texts, summarised as the catalog does it — but from
 * meshwork.yaml and the policy files alone: validity and effective severity depend on
 * nothing else, and a stored snapshot of a large mesh is not indexed again just for this.
 */
export async function adaptationsOfTexts(texts: readonly MeshText[]): Promise<AdaptationState[]> {
  const wanted = texts.filter((t) => {
    const kind = classifyMeshPath(t.path).kind;
    return kind === 'organisation' || kind === 'policy';
  });
  const model = buildMeshModel(parseMeshTexts(wanted));
  return summarizeAdaptations(model, loadPolicySet(model, await readBuiltinPolicies()));
}

export interface AdaptationAuditInput {
  readonly before: readonly AdaptationState[];
  readonly after: readonly AdaptationState[];
  /** Who brought the new mesh: the publishing user, or "system" (start, file watcher). */
  readonly actor: string;
  readonly at: string;
  /** The revision of the catalog that holds `after`, and of the one it replaces (null: none). */
  readonly revision: string;
  readonly previousRevision: string | null;
}

/** Appends one `policy.adaptation` entry per change, in order; returns the changes. */
export async function recordAdaptationChanges(
  store: MeshworkStore,
  input: AdaptationAuditInput,
): Promise<AdaptationChange[]> {
  const changes = adaptationChanges(input.before, input.after);
  for (const change of changes) {
    const state = change.change === 'removed' ? change.before : change.after;
    await recordAudit(store, {
      at: input.at,
      actor: input.actor,
      action: ADAPTATION_ACTION,
      target: `${bound(state.domain, MAX_NAME)}/${bound(state.policy, MAX_NAME)}`,
      details: {
        change: change.change,
        domain: bound(state.domain, MAX_NAME),
        policy: bound(state.policy, MAX_NAME),
        severity: bound(state.severity, MAX_NAME),
        params: bound(JSON.stringify(state.params), MAX_PARAMS),
        reason: state.reason === null ? null : bound(state.reason, MAX_REASON),
        valid: state.valid,
        ...(change.change === 'changed'
          ? {
              fields: change.fields.join(','),
              severityBefore: bound(change.before.severity, MAX_NAME),
              paramsBefore: bound(JSON.stringify(change.before.params), MAX_PARAMS),
              validBefore: change.before.valid,
            }
          : {}),
        revision: input.revision,
        previousRevision: input.previousRevision,
      },
    });
  }
  return changes;
}

/** A text cut to `max` characters, marked as cut so that no one reads it as whole. */
function bound(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
