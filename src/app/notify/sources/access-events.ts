import type { AccessRequest, ApproverRole } from '../../../core/access/model.ts';
import type { MeshEvent } from '../../../core/notify/mesh-event.ts';
import { producingOwners, soleProductById } from '../../access/access-context.ts';
import type { AccessMesh } from '../../access/access-types.ts';
import type { MeshworkStore, Page, User } from '../../store/store.ts';

const USER_PAGE = 500;

/** The domain of the product a request is for, as its events name it; null when it is gone. */
export function requestDomain(mesh: AccessMesh, request: AccessRequest): string | null {
  const product = soleProductById(mesh, request.productId);
  return product ? (product.declaredDomain ?? product.domainFolder) : null;
}

/** The approvals a pending request still waits for. */
export function missingApprovals(request: AccessRequest): ApproverRole[] {
  return request.requiredApprovals.filter((r) => !request.approvals.some((a) => a.role === r));
}

/**
 * Who may give the approvals a request still waits for: the producing domain's owners for
 * `owner` (the product's team's owners, else the domain's), the enabled users with the
 * governance role for `dpo` (the DPO). Never the requester: nobody approves their own.
 */
export async function decidersOf(
  mesh: AccessMesh,
  store: MeshworkStore,
  request: AccessRequest,
): Promise<string[]> {
  const missing = missingApprovals(request);
  const users = new Set<string>();
  if (missing.includes('owner')) {
    const product = soleProductById(mesh, request.productId);
    for (const owner of product ? producingOwners(mesh, product) : []) users.add(owner);
  }
  if (missing.includes('dpo')) {
    let cursor: string | null = null;
    do {
      const page: Page<User> = await store.users.list({ limit: USER_PAGE, cursor });
      for (const user of page.items)
        if (!user.disabled && user.roles.includes('governance')) users.add(user.username);
      cursor = page.next;
    } while (cursor !== null);
  }
  users.delete(request.requester);
  return [...users].sort();
}

function facts(request: AccessRequest): MeshEvent['data'] {
  return {
    requestId: request.id,
    productId: request.productId,
    port: request.port,
    consumerTeam: request.consumerTeam,
    consumerDomain: request.consumerDomain,
    purpose: request.purpose,
    endsAt: request.endsAt,
    state: request.state,
  };
}

/**
 * `access.request-waiting` for the deciders still to decide. The id names the approvals
 * still missing, so a request that moves on to the DPO after the owner approved is a new
 * event for the DPO, while handling the same step twice publishes once.
 */
export function requestWaitingEvent(
  request: AccessRequest,
  deciders: readonly string[],
  domain: string | null,
  at: Date,
): MeshEvent {
  const missing = missingApprovals(request);
  return {
    id: `access.request-waiting:${request.id}:${missing.join('+')}`,
    type: 'access.request-waiting',
    at: at.toISOString(),
    subject: request.id,
    productId: request.productId,
    domain,
    recipients: { users: [...deciders], teams: [] },
    data: { ...facts(request), waitingFor: missing.join(',') },
  };
}

/** `access.request-decided` for the requester: approved (active, or approved but not provisioned) or rejected. */
export function requestDecidedEvent(
  request: AccessRequest,
  domain: string | null,
  at: Date,
): MeshEvent {
  return {
    id: `access.request-decided:${request.id}`,
    type: 'access.request-decided',
    at: at.toISOString(),
    subject: request.id,
    productId: request.productId,
    domain,
    recipients: { users: [request.requester], teams: [] },
    data: {
      ...facts(request),
      decision: request.state === 'rejected' ? 'rejected' : 'approved',
      grantId: request.grantId,
    },
  };
}
