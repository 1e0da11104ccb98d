import type { AccessRequest, Grant } from '../../core/access/model.ts';
import type { MeshworkStore, Page } from '../store/store.ts';
import type { RecoveryReport } from './access-types.ts';
import { auditAccess } from './audit-access.ts';
import { grantIdOf } from './grant-id.ts';
import { PROVISIONING_CHECK } from './provisioning-check.ts';

/**
 * How long after its approval a request may still be in its approver's activation. An
 * activation is one provisioning (a few engine round trips; a PostgreSQL provision may
 * wait for a build holding the served table) and two store writes: seconds, even under
 * load. Past this, a request still `approved` without a grant is taken to be left by a
 * server that died. Being wrong costs work, not a second grant: the grant's id is the
 * request's (grant-id.ts), provisioning it again makes the same objects, and of two
 * activations one stores the grant and one moves the request.
 */
export const RECOVERY_GRACE_MS = 2 * 60_000;

/** What an activation did: the request after it, its grant, and whether this call moved it. */
export interface Activation {
  readonly request: AccessRequest;
  readonly grant: Grant | null;
  /** True only for the one call whose change made the request active. */
  readonly applied: boolean;
}

/** The service's own activation steps, handed to the sweep. */
export interface ApprovedRecovery {
  /** Provisions and stores the request's grant (or finds it stored) and makes it active. */
  readonly activate: (request: AccessRequest) => Promise<Activation>;
  /** Marks the request active with its stored grant — what `activate` does last. */
  readonly complete: (request: AccessRequest, grant: Grant) => Promise<Activation>;
}

export interface RecoverOptions extends ApprovedRecovery {
  readonly store: MeshworkStore;
  readonly now: Date;
  readonly newId: () => string;
  readonly pageSize: number;
  readonly graceMs?: number;
}

/**
 * Completes the requests an approval left `approved` (a server killed between `decide`'s
 * writes): with its grant stored, the request is marked active with it; with none, no
 * failed provisioning and approved longer than the grace ago, it is activated again. Each
 * is audited as `grant.recovered` by the one sweep whose change applied, so two sweeps at
 * once complete it once. A failed provisioning is left for a person and reported.
 */
export async function recoverApproved(options: RecoverOptions): Promise<RecoveryReport> {
  const { store, now, newId } = options;
  const grace = options.graceMs ?? RECOVERY_GRACE_MS;
  const stuck: AccessRequest[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<AccessRequest> = await store.accessRequests.list({
      states: ['approved'],
      limit: options.pageSize,
      cursor,
    });
    stuck.push(...page.items);
    cursor = page.next;
  } while (cursor !== null);

  const completed: { requestId: string; grantId: string }[] = [];
  const activated: { requestId: string; grantId: string }[] = [];
  const waiting: string[] = [];
  const provisionFailed: string[] = [];
  const failed: { requestId: string; reason: string }[] = [];
  for (const request of stuck) {
    try {
      const grant = await grantOf(store, request, options.pageSize);
      if (grant !== null) {
        if (grant.state !== 'active') {
          failed.push({
            requestId: request.id,
            reason: `its grant ${grant.id} is ${grant.state}; the request is left approved`,
          });
          continue;
        }
        const done = await options.complete(request, grant);
        if (!done.applied) continue;
        await audit(store, newId(), now, grant, request, 'completed');
        completed.push({ requestId: request.id, grantId: grant.id });
        continue;
      }
      if (request.findings.some((f) => f.policy === PROVISIONING_CHECK && f.severity === 'error')) {
        provisionFailed.push(request.id);
        continue;
      }
      if (now.getTime() - Date.parse(request.updatedAt) < grace) {
        waiting.push(request.id);
        continue;
      }
      const done = await options.activate(request);
      if (done.applied && done.grant !== null) {
        await audit(store, newId(), now, done.grant, request, 'activated');
        activated.push({ requestId: request.id, grantId: done.grant.id });
      } else if (done.grant === null) {
        const finding = done.request.findings.findLast((f) => f.policy === PROVISIONING_CHECK);
        failed.push({
          requestId: request.id,
          reason: finding?.message ?? 'the activation stored no grant',
        });
      }
    } catch (error) {
      failed.push({
        requestId: request.id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { completed, activated, waiting, provisionFailed, failed };
}

/**
 * The request's grant: under its derived id, or — stored before ids were derived — among
 * the grants of its product and team.
 */
async function grantOf(
  store: MeshworkStore,
  request: AccessRequest,
  pageSize: number,
): Promise<Grant | null> {
  const derived = await store.grants.get(grantIdOf(request.id));
  if (derived !== null) return derived;
  let cursor: string | null = null;
  do {
    const page: Page<Grant> = await store.grants.list({
      productIds: [request.productId],
      consumerTeams: [request.consumerTeam],
      limit: pageSize,
      cursor,
    });
    const found = page.items.find((g) => g.requestId === request.id);
    if (found) return found;
    cursor = page.next;
  } while (cursor !== null);
  return null;
}

async function audit(
  store: MeshworkStore,
  id: string,
  now: Date,
  grant: Grant,
  request: AccessRequest,
  recovery: 'completed' | 'activated',
): Promise<void> {
  await auditAccess(store, id, now.toISOString(), 'system', 'grant.recovered', grant.id, {
    requestId: request.id,
    recovery,
    productId: grant.productId,
    port: grant.port,
    consumerTeam: grant.consumerTeam,
  });
}
