import { randomUUID } from 'node:crypto';
import type {
  AccessFinding,
  AccessRequest,
  Approval,
  ApproverRole,
  Grant,
  GrantProvisioning,
  GrantRowFilter,
} from '../../core/access/model.ts';
import type { AccessPolicyEvaluator, AccessPolicyOutcome } from '../../core/governance/index.ts';
import { createAccessPolicyEvaluator } from '../../core/governance/index.ts';
import { productLocation } from '../../core/mesh/product-lookup.ts';
import { MeshworkError } from '../errors.ts';
import type { Page } from '../store/store.ts';
import type { PortView } from './access-context.ts';
import {
  isAdmin,
  isGovernance,
  isMember,
  isProducingOwner,
  isPseudonymised,
  owningTeam,
  portView,
  productById,
  soleProductById,
  selectColumns,
  teamsNamed,
  teamsOf,
} from './access-context.ts';
import { AccessBlockedError } from './access-errors.ts';
import type { DecisionOutcome } from '../../core/access/request-rules.ts';
import {
  applyApproval,
  applyRejection,
  requiredApprovals,
} from '../../core/access/request-rules.ts';
import type { DocumentIssue } from '../../core/findings/finding.ts';
import type {
  AccessActor,
  AccessMesh,
  AccessRequestInput,
  AccessService,
  AccessServiceOptions,
  Consumer,
  DataAccess,
  DecisionInput,
  GrantFilter,
  ListRequestsOptions,
  RequestView,
} from './access-types.ts';
import { auditAccess } from './audit-access.ts';
import { sweepGrants } from './sweep-grants.ts';
import { grantIdOf } from './grant-id.ts';
import type { Activation } from './recover-approved.ts';
import { PROVISIONING_CHECK } from './provisioning-check.ts';
import {
  decidersOf,
  requestDecidedEvent,
  requestDomain,
  requestWaitingEvent,
} from '../notify/sources/access-events.ts';
import { publishEvents } from '../notify/sources/publish-events.ts';
import type { ValidRequest } from './validate-request.ts';
import { REQUEST_CHECK, validateRequest } from './validate-request.ts';
import { decisionRowFilter } from './decision-row-filter.ts';
import { describeRowFilter } from '../../core/access/row-filter.ts';

export type * from './access-types.ts';
export { AccessBlockedError, isAccessBlockedError } from './access-errors.ts';
export { accessMeshFromTexts, accessMeshOf, cachedAccessMesh } from './access-mesh.ts';
export { createEmbeddedProvisioner, dataRoute } from './embedded-provisioner.ts';
export { createEngineProvisioner, memberLogins } from './engine-provisioner.ts';
export { combineProvisioners, createGrantProvisioner } from './grant-provisioner.ts';

export { PROVISIONING_CHECK } from './provisioning-check.ts';
export { grantIdOf } from './grant-id.ts';
const MAX_COMMENT = 2000;
/** Error codes that are a refusal of the caller's attempt (audited as such). */
const REFUSALS: ReadonlySet<string> = new Set([
  'invalid-input',
  'forbidden',
  'conflict',
  'not-found',
]);
const PAGE = 500;
/** `MESHWORK_GRANT_EXPIRY_NOTICE_DAYS` when not set. */
export const DEFAULT_EXPIRY_NOTICE_DAYS = 7;

/**
 * The access application service (issue 10): requests, decisions, grants, the sweep and
 * the data route's verdict. The store and the clock are passed in; nothing is opened here.
 *
 * Two deciders at once: every change of a request goes through `accessRequests.update`,
 * whose change function sees the request as stored under the store's lock. The move to
 * `approved` happens inside exactly one such change, and only the caller whose change made
 * it provisions — so two approvals at once make one grant.
 */
export function createAccessService(options: AccessServiceOptions): AccessService {
  const { store, provision } = options;
  const clock = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const evaluators = new WeakMap<AccessMesh, AccessPolicyEvaluator>();
  const evaluatorOf = (mesh: AccessMesh): AccessPolicyEvaluator => {
    let evaluator = evaluators.get(mesh);
    if (!evaluator) {
      evaluator = createAccessPolicyEvaluator(mesh.model, mesh.policies);
      evaluators.set(mesh, evaluator);
    }
    return evaluator;
  };

  /** The access policies for a request (new or stored) against the mesh as it is now. */
  function evaluate(
    mesh: AccessMesh,
    view: PortView,
    request: Omit<AccessRequest, 'findings'>,
    now: Date,
  ): AccessPolicyOutcome {
    const columns = selectColumns(view.columns, request.columns);
    const personal = columns.filter((c) => c.personal).map((c) => c.name);
    const confidential = columns.filter((c) => c.confidential).map((c) => c.name);
    const purpose = mesh.purposes.find((p) => p.id === request.purpose) ?? null;
    const domainData = mesh.model.domains.get(view.product.domainFolder)?.doc.source.data ?? null;
    const portData =
      (view.product.doc.source.data as { outputPorts?: unknown[] } | null)?.outputPorts?.[
        view.port.index
      ] ?? null;
    return evaluatorOf(mesh).evaluate(
      view.product.domainFolder,
      {
        request: {
          ...request,
          columns: columns.map((c) => c.name),
          personalColumns: personal,
          personal: personal.length > 0,
          confidentialColumns: confidential,
          confidential: confidential.length > 0,
          productDomain: view.product.domainFolder,
          sameDomain: request.consumerDomain === view.product.domainFolder,
          durationDays: (Date.parse(request.endsAt) - now.getTime()) / 86_400_000,
        },
        product: view.product.doc.source.data ?? null,
        port: portData,
        contract: view.contract?.doc.source.data ?? null,
        purpose,
        domain: domainData,
      },
      { portPersonal: view.columns.some((c) => c.personal) },
    );
  }

  /** The DPO is asked where a `require-dpo` policy applies (personal data) and none waives it. */
  function approvalsNeeded(outcome: AccessPolicyOutcome): readonly ApproverRole[] {
    return requiredApprovals({
      personal: outcome.effects['require-dpo'].length > 0,
      policyWaivesDpo: outcome.effects['waive-dpo'].length > 0,
    });
  }

  async function request(actor: AccessActor, input: AccessRequestInput): Promise<AccessRequest> {
    const mesh = await options.mesh();
    const now = clock();
    const { valid, findings } = validateRequest(mesh, actor, input, now);
    if (!valid) throw new AccessBlockedError(findings);
    const inherited = valid.renewalOf !== null ? await checkRenewal(valid) : null;
    const at = now.toISOString();
    const base = draft(valid, actor, newId(), at);
    const outcome = evaluate(mesh, valid.view, base, now);
    if (outcome.findings.some((f) => f.severity === 'error'))
      throw new AccessBlockedError(outcome.findings);
    const required = approvalsNeeded(outcome);
    const auto = outcome.effects['auto-approve'][0];
    const approvals: Approval[] =
      auto === undefined ? [] : [{ role: 'owner', by: `policy:${auto}`, at, comment: null }];
    const created: AccessRequest = {
      ...base,
      // A renewal keeps the rows of what it renews until the owners decide otherwise.
      ...(inherited ? { rowFilter: inherited } : {}),
      requiredApprovals: required,
      approvals,
      findings: outcome.findings,
      state: complete(required, approvals) ? 'approved' : 'pending',
    };
    await store.accessRequests.create(created);
    await auditAccess(store, newId(), at, actor.username, 'access.request', created.id, {
      productId: created.productId,
      port: created.port,
      consumerTeam: created.consumerTeam,
      purpose: created.purpose,
      endsAt: created.endsAt,
      requiredApprovals: required.join(','),
      warnings: outcome.findings.filter((f) => f.severity === 'warning').length,
      ...(outcome.dpoWaivedBy.length > 0 ? { dpoWaivedBy: outcome.dpoWaivedBy.join(',') } : {}),
    });
    if (auto !== undefined)
      await auditAccess(store, newId(), at, `policy:${auto}`, 'access.auto-approve', created.id, {
        role: 'owner',
      });
    if (created.state === 'approved') return activate(mesh, created, actor.username);
    await announceWaiting(mesh, created);
    return created;
  }

  /** The deciders still to decide hear of a pending request (after the work is stored). */
  async function announceWaiting(mesh: AccessMesh, pending: AccessRequest): Promise<void> {
    if (options.events === undefined || pending.state !== 'pending') return;
    try {
      const deciders = await decidersOf(mesh, store, pending);
      await publishEvents(options.events, [
        requestWaitingEvent(pending, deciders, requestDomain(mesh, pending), clock()),
      ]);
    } catch (error) {
      // Naming the deciders read the store; its failure is a failed publish, said, not thrown.
      options.events.onFailure({
        eventId: `access.request-waiting:${pending.id}`,
        type: 'access.request-waiting',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The requester hears of the decision (after the work is stored). */
  async function announceDecided(mesh: AccessMesh, decided: AccessRequest): Promise<void> {
    await publishEvents(options.events, [
      requestDecidedEvent(decided, requestDomain(mesh, decided), clock()),
    ]);
  }

  async function decide(
    actor: AccessActor,
    id: string,
    input: DecisionInput,
  ): Promise<AccessRequest> {
    if (input.decision !== 'approve' && input.decision !== 'reject')
      throw new MeshworkError('invalid-input', 'decision is "approve" or "reject".');
    const comment = typeof input.comment === 'string' ? input.comment.trim() || null : null;
    if (comment !== null && comment.length > MAX_COMMENT)
      throw new MeshworkError('invalid-input', `comment is longer than ${MAX_COMMENT} characters.`);
    const mesh = await options.mesh();
    const found = await requireRequest(id);
    const product = productById(mesh, found.productId);
    const mayOwner =
      isAdmin(actor) || (product !== undefined && isProducingOwner(mesh, product, actor.username));
    const mayDpo = isAdmin(actor) || isGovernance(actor);
    if (!mayOwner && !(mayDpo && found.requiredApprovals.includes('dpo')))
      throw new MeshworkError(
        'forbidden',
        `${actor.username} may not decide this request: the owners of the producing domain decide${
          found.requiredApprovals.includes('dpo') ? ', and the governance role (DPO)' : ''
        }.`,
      );
    if (found.state !== 'pending') throw alreadyDecided(found);
    const now = clock();
    const at = now.toISOString();

    if (input.decision === 'reject') {
      if (input.rowFilter !== undefined && input.rowFilter !== null)
        throw new MeshworkError('invalid-input', 'A row filter comes with an approval only.');
      let outcome: DecisionOutcome | undefined;
      const after = await store.accessRequests.update(id, (current) => {
        outcome = applyRejection(current, { by: actor.username, at, comment }, now);
        return outcome.ok && outcome.changed ? outcome.request : null;
      });
      if (!after) throw new MeshworkError('not-found', `There is no access request "${id}".`);
      const rejected = outcome;
      if (rejected && !rejected.ok) throw refusal(rejected.problem);
      await auditAccess(store, newId(), at, actor.username, 'access.decision', id, {
        decision: 'reject',
      });
      await announceDecided(mesh, after);
      return after;
    }

    // The mesh may have changed since the request: its policies are asked again.
    const view = portView(mesh, found.productId, found.port);
    if (!view)
      throw new MeshworkError(
        'conflict',
        `The product "${found.productId}" has no output port "${found.port}" any more; the request cannot be approved.`,
      );
    const { findings } = evaluate(mesh, view, found, now);
    if (findings.some((f) => f.severity === 'error')) throw new AccessBlockedError(findings);
    // Given (a filter, or null for every row), it is the owners' choice; left out, the
    // owners approve the filter the request carries (a renewal's, from the grant it renews).
    // Null on a request without a filter changes nothing, and is no owner's choice then.
    const explicit =
      input.rowFilter !== undefined && (input.rowFilter !== null || Boolean(found.rowFilter));
    if (explicit && !mayOwner)
      throw new MeshworkError(
        'forbidden',
        `${actor.username} may not set a row filter: the owners of the producing domain do, with their approval.`,
      );
    const rowFilter = mayOwner
      ? decisionRowFilter(view, found, explicit ? input.rowFilter : (found.rowFilter ?? null))
      : null;
    let filterRefused = false;

    let outcome: DecisionOutcome | undefined;
    let role: ApproverRole | undefined;
    const after = await store.accessRequests.update(id, (current) => {
      outcome = undefined;
      filterRefused = false;
      const missing = current.requiredApprovals.filter(
        (r) => !current.approvals.some((a) => a.role === r),
      );
      // An admin may give either; the owners' approval first.
      role = missing.find((r) => (r === 'owner' ? mayOwner : mayDpo));
      if (current.state !== 'pending' || role === undefined) {
        outcome = applyApproval(
          current,
          { role: mayOwner ? 'owner' : 'dpo', by: actor.username, at, comment },
          now,
        );
        return null;
      }
      // The filter rides on the owners' approval; given with the DPO's it would be lost.
      filterRefused = explicit && role !== 'owner';
      if (filterRefused) return null;
      outcome = applyApproval(current, { role, by: actor.username, at, comment }, now);
      if (!outcome.ok || !outcome.changed) return null;
      const approved = { ...outcome.request, findings };
      if (role !== 'owner') return approved;
      if (rowFilter !== null) return { ...approved, rowFilter };
      return approved.rowFilter ? { ...approved, rowFilter: null } : approved;
    });
    if (!after) throw new MeshworkError('not-found', `There is no access request "${id}".`);
    if (filterRefused)
      throw new MeshworkError(
        'conflict',
        "The owners' approval is there already, and a row filter is set with it only; approve without one.",
      );
    const result = outcome;
    if (!result || !result.ok || !result.changed) {
      if (result && !result.ok) throw refusal(result.problem);
      throw new MeshworkError(
        'conflict',
        `The approval ${actor.username} may give is there already; the request waits for ${after.requiredApprovals
          .filter((r) => !after.approvals.some((a) => a.role === r))
          .join(' and ')}.`,
      );
    }
    // Exactly one change moves a request to approved: the caller whose change it was provisions.
    const becameApproved = after.state === 'approved';
    await auditAccess(store, newId(), at, actor.username, 'access.decision', id, {
      decision: 'approve',
      role: role ?? null,
      ...(rowFilter === null || role !== 'owner'
        ? {}
        : {
            rowFilterColumn: rowFilter.column,
            rowFilterValues: JSON.stringify(rowFilter.values),
          }),
    });
    if (!becameApproved) {
      await announceWaiting(mesh, after);
      return after;
    }
    const activated = await activate(mesh, after, actor.username);
    await announceDecided(mesh, activated);
    return activated;
  }

  /**
   * Provisions an approved request (only the caller that approved it gets here) and makes
   * the grant active. A failure leaves the request approved with a finding saying why: a
   * grant is stored only once the engines hold it.
   */
  async function activate(
    mesh: AccessMesh,
    approved: AccessRequest,
    actor: string,
  ): Promise<AccessRequest> {
    return (await activation(mesh, approved, actor)).request;
  }

  /**
   * `activate`, saying what it did. Run again for the same request (the sweep's recovery
   * after a server died between its writes), it provisions the same grant id — the
   * engines make the same objects again — and finds the grant stored by the first run
   * instead of storing a second.
   */
  async function activation(
    mesh: AccessMesh,
    approved: AccessRequest,
    actor: string,
  ): Promise<Activation> {
    const now = clock().toISOString();
    const view = portView(mesh, approved.productId, approved.port);
    const purpose = mesh.purposes.find((p) => p.id === approved.purpose);
    const grant: Grant = {
      id: grantIdOf(approved.id),
      requestId: approved.id,
      productId: approved.productId,
      port: approved.port,
      consumerTeam: approved.consumerTeam,
      consumerDomain: approved.consumerDomain,
      purpose: approved.purpose,
      columns: approved.columns,
      personalInClear: purpose?.personalDataInClear ?? false,
      ...(approved.rowFilter ? { rowFilter: approved.rowFilter } : {}),
      state: 'active',
      startsAt: now,
      endsAt: approved.endsAt,
      certifiedAt: now,
      endedAt: null,
      endedBy: null,
      provisioning: [],
      remindedAt: null,
    };
    let provisioning: readonly GrantProvisioning[];
    try {
      if (!view)
        throw new MeshworkError('not-found', 'the product or its port is gone from the mesh');
      const team = teamsNamed(mesh, approved.consumerTeam).find(
        (t) => t.domain === approved.consumerDomain,
      );
      provisioning = await provision.provision(grant, {
        mesh,
        product: view.product,
        port: view.port,
        contract: view.contract,
        members: team?.members.map((m) => m.username) ?? [],
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const finding: AccessFinding = {
        policy: PROVISIONING_CHECK,
        severity: 'error',
        message: `Approved, but the grant could not be provisioned: ${reason}`,
      };
      await auditAccess(store, newId(), now, actor, 'grant.provision-failed', approved.id, {
        reason: reason.slice(0, 500),
      });
      const request =
        (await store.accessRequests.update(approved.id, (current) =>
          current.state === 'approved'
            ? { ...current, findings: [...current.findings, finding], updatedAt: now }
            : null,
        )) ?? approved;
      return { request, grant: null, applied: false };
    }
    const active = await createOnce({ ...grant, provisioning });
    if (active === null) return finishActivation(approved, await requireGrant(grant.id), now);
    await auditAccess(store, newId(), now, actor, 'grant.create', active.id, {
      requestId: approved.id,
      productId: active.productId,
      port: active.port,
      consumerTeam: active.consumerTeam,
      endsAt: active.endsAt,
      engines: provisioning.map((p) => p.engine).join(','),
      ...(active.rowFilter
        ? { rowFilter: describeRowFilter(active.rowFilter).slice(0, 1000) }
        : {}),
    });
    return finishActivation(approved, active, now);
  }

  /**
   * Stores a new grant; null when a grant of that id is there already (a second activation
   * of its request: the store refuses the duplicate, atomically, on every backing).
   */
  async function createOnce(grant: Grant): Promise<Grant | null> {
    try {
      await store.grants.create(grant);
      return grant;
    } catch (error) {
      const existing = await store.grants.get(grant.id);
      if (existing !== null && existing.requestId === grant.requestId) return null;
      throw error;
    }
  }

  /**
   * The last write of an activation: the request becomes active with its grant. Only a
   * request still `approved` changes, so of two activations (or recoveries) one applies.
   */
  async function finishActivation(
    approved: AccessRequest,
    active: Grant,
    now: string,
  ): Promise<Activation> {
    const provisioning = active.provisioning;
    // Said, not hidden: members whose database login does not exist cannot read it yet.
    const missing = provisioning.flatMap((p) =>
      (p.missingLogins ?? []).map((login) => `${login} (${p.server ?? p.engine})`),
    );
    const loginFindings: AccessFinding[] = [
      ...(missing.length === 0
        ? []
        : [
            {
              policy: PROVISIONING_CHECK,
              severity: 'warning' as const,
              message: `Provisioned, but these team members' database logins do not exist, so they cannot read it yet: ${missing.join(', ')}. Create the logins and provision again (a new request).`,
            },
          ]),
      // Said, not hidden: without a login mapping nobody was made a member of the role.
      ...provisioning
        .filter((p) => p.membersUnmanaged === true)
        .map((p) => ({
          policy: PROVISIONING_CHECK,
          severity: 'warning' as const,
          message: `Provisioned on ${p.server ?? p.engine}, but meshwork.yaml maps no user to a ${p.engine} login (access.${p.engine}.login), so no one was made a member of the role ${p.role ?? ''}: until a database administrator grants it to the team's logins, they cannot read ${p.objects.join(', ')}.`,
        })),
    ];
    let applied = false;
    const request =
      (await store.accessRequests.update(approved.id, (current) => {
        applied = current.state === 'approved';
        return applied
          ? {
              ...current,
              state: 'active',
              grantId: active.id,
              findings: [
                ...current.findings.filter((f) => f.policy !== PROVISIONING_CHECK),
                ...loginFindings,
              ],
              updatedAt: now,
            }
          : null;
      })) ?? approved;
    return { request, grant: active, applied };
  }

  /** A renewal names a grant (or request) of the same team for the same port. */
  /** The renewed grant or request of the team for this port; its row filter, if any. */
  async function checkRenewal(valid: ValidRequest): Promise<GrantRowFilter | null> {
    const id = valid.renewalOf!;
    const earlier = (await store.grants.get(id)) ?? (await store.accessRequests.get(id));
    const matches =
      earlier !== null &&
      earlier.productId === valid.view.product.id &&
      earlier.port === valid.view.port.name &&
      earlier.consumerTeam === valid.team.name &&
      // A team is its domain and its name: another domain's team of the same name would
      // otherwise inherit (and see) the row filter of a grant that is not its own.
      earlier.consumerDomain === valid.team.domain;
    if (!matches)
      throw new AccessBlockedError([
        {
          policy: REQUEST_CHECK,
          severity: 'error',
          message: `renewalOf "${id.slice(0, 200)}" names no grant or request of the team "${valid.team.domain}/${valid.team.name}" for this port.`,
        },
      ]);
    return earlier.rowFilter ?? null;
  }

  async function requireRequest(id: string): Promise<AccessRequest> {
    const found =
      typeof id === 'string' && id.length <= 200 ? await store.accessRequests.get(id) : null;
    if (!found)
      throw new MeshworkError(
        'not-found',
        `There is no access request "${String(id).slice(0, 200)}".`,
      );
    return found;
  }

  async function requireGrant(id: string): Promise<Grant> {
    const found = typeof id === 'string' && id.length <= 200 ? await store.grants.get(id) : null;
    if (!found)
      throw new MeshworkError('not-found', `There is no grant "${String(id).slice(0, 200)}".`);
    return found;
  }

  /** Who may see a request or grant: its team, the producers, governance, admin. */
  function maySee(
    mesh: AccessMesh,
    actor: AccessActor,
    item: { productId: string; consumerTeam: string; consumerDomain: string },
  ): boolean {
    if (isAdmin(actor) || isGovernance(actor)) return true;
    // A team is its domain and its name: another domain's team of the same name sees nothing.
    if (
      teamsNamed(mesh, item.consumerTeam).some(
        (t) => t.domain === item.consumerDomain && isMember(t, actor.username),
      )
    )
      return true;
    const product = soleProductById(mesh, item.productId);
    if (!product) return false;
    const owning = owningTeam(mesh, product);
    return (
      isProducingOwner(mesh, product, actor.username) ||
      (owning !== undefined && isMember(owning, actor.username))
    );
  }

  async function endGrant(
    actor: AccessActor,
    grantId: string,
    mayEnd: (mesh: AccessMesh, grant: Grant) => boolean,
  ): Promise<Grant> {
    const mesh = await options.mesh();
    const grant = await requireGrant(grantId);
    if (!mayEnd(mesh, grant))
      throw new MeshworkError(
        'forbidden',
        `${actor.username} may not revoke this grant: the producing domain's owners, the consumer team's owners, governance and admins may.`,
      );
    if (grant.state !== 'active')
      throw new MeshworkError('conflict', `The grant "${grant.id}" is ${grant.state} already.`);
    // The engine first: a grant is marked revoked only once nobody can read through it.
    // When that fails it stays active, and the audit log says why and what to drop.
    try {
      await provision.revoke(grant, { mesh });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await auditAccess(
        store,
        newId(),
        clock().toISOString(),
        actor.username,
        'grant.revoke-failed',
        grant.id,
        {
          productId: grant.productId,
          port: grant.port,
          consumerTeam: grant.consumerTeam,
          consumerDomain: grant.consumerDomain,
          intended: 'grant.revoke',
          reason: reason.slice(0, 1000),
        },
      );
      throw error;
    }
    const at = clock().toISOString();
    let applied = false;
    const after = await store.grants.update(grant.id, (current) => {
      applied = current.state === 'active';
      return applied
        ? { ...current, state: 'revoked', endedAt: at, endedBy: actor.username }
        : null;
    });
    if (!after || !applied)
      throw new MeshworkError('conflict', `The grant "${grant.id}" ended meanwhile.`);
    await store.accessRequests.update(grant.requestId, (current) =>
      current.state === 'active' ? { ...current, state: 'revoked', updatedAt: at } : null,
    );
    await auditAccess(store, newId(), at, actor.username, 'grant.revoke', grant.id, {
      productId: grant.productId,
      port: grant.port,
      consumerTeam: grant.consumerTeam,
    });
    return after;
  }

  /**
   * A refused request, decision or data read is an audit entry too (issue 10: every
   * request …): who tried what, and why it was refused. Only refusals — bad input, a policy,
   * a missing right, a conflict; a store or engine failure is not a decision about access
   * and is not recorded as one. The texts come from the caller: each is cut to a bound.
   */
  async function refused<T>(
    actor: AccessActor,
    action: string,
    target: string,
    details: Readonly<Record<string, unknown>>,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof MeshworkError && REFUSALS.has(error.code)) {
        const bounded: Record<string, string | null> = {};
        for (const [key, value] of Object.entries(details))
          bounded[key] = typeof value === 'string' ? value.slice(0, 200) : null;
        await auditAccess(
          store,
          newId(),
          clock().toISOString(),
          actor.username,
          action,
          target.slice(0, 200),
          {
            ...bounded,
            code: error.code,
            reason: error.message.slice(0, 500),
          },
        );
      }
      throw error;
    }
  }

  return {
    request: (actor, input) =>
      refused(
        actor,
        'access.request-refused',
        `${String(input.productId)}/${String(input.port)}`,
        { consumerTeam: input.consumerTeam, purpose: input.purpose, endsAt: input.endsAt },
        () => request(actor, input),
      ),
    decide: (actor, id, input) =>
      refused(actor, 'access.decision-refused', id, { decision: input.decision }, () =>
        decide(actor, id, input),
      ),

    async getRequest(actor, id) {
      const mesh = await options.mesh();
      const found = await requireRequest(id);
      if (found.requester !== actor.username && !maySee(mesh, actor, found))
        throw new MeshworkError('forbidden', `${actor.username} may not see this access request.`);
      return found;
    },

    async listRequests(actor, view: RequestView, list: ListRequestsOptions = {}) {
      const mesh = await options.mesh();
      const paging = { limit: list.limit ?? 50, cursor: list.cursor ?? null };
      const states = list.states;
      if (view === 'mine')
        return store.accessRequests.list({
          requester: actor.username,
          ...(states ? { states } : {}),
          ...paging,
        });
      if (view === 'all') {
        if (!isAdmin(actor) && !isGovernance(actor))
          throw new MeshworkError(
            'forbidden',
            'Every request is shown to admins and governance only.',
          );
        return store.accessRequests.list({ ...(states ? { states } : {}), ...paging });
      }
      if (view !== 'to-decide')
        throw new MeshworkError('invalid-input', 'view is "mine", "to-decide" or "all".');
      // Pending requests that wait for an approval this actor may give.
      const dpo = isAdmin(actor) || isGovernance(actor);
      const owned = isAdmin(actor)
        ? undefined
        : mesh.model.products
            .filter((p) => p.id !== undefined && isProducingOwner(mesh, p, actor.username))
            .map((p) => p.id!);
      const page = await store.accessRequests.list({
        states: ['pending'],
        ...(dpo ? {} : { productIds: owned ?? [] }),
        ...paging,
      });
      const ownedSet = owned === undefined ? null : new Set(owned);
      const items = page.items.filter((r) =>
        r.requiredApprovals.some(
          (role) =>
            !r.approvals.some((a) => a.role === role) &&
            (role === 'dpo' ? dpo : ownedSet === null || ownedSet.has(r.productId)),
        ),
      );
      return { items, next: page.next };
    },

    async listGrants(actor, filter: GrantFilter = {}): Promise<Page<Grant>> {
      const mesh = await options.mesh();
      const paging = { limit: filter.limit ?? 50, cursor: filter.cursor ?? null };
      const base = {
        ...(filter.states ? { states: filter.states } : {}),
        ...(filter.productId !== undefined ? { productIds: [filter.productId] } : {}),
        ...(filter.team !== undefined ? { consumerTeams: [filter.team] } : {}),
        ...paging,
      };
      if (isAdmin(actor) || isGovernance(actor)) return store.grants.list(base);
      const teams = teamsOf(mesh, actor.username);
      const mine = [...new Set(teams.map((t) => t.name))];
      if (filter.productId !== undefined) {
        const product = soleProductById(mesh, filter.productId);
        const owning = product ? owningTeam(mesh, product) : undefined;
        const producer =
          product !== undefined &&
          (isProducingOwner(mesh, product, actor.username) ||
            (owning !== undefined && isMember(owning, actor.username)));
        if (producer) return store.grants.list(base);
      }
      if (filter.team !== undefined && !mine.includes(filter.team))
        throw new MeshworkError(
          'forbidden',
          `${actor.username} is not a member of the team "${filter.team}".`,
        );
      // Otherwise: the grants the actor's own teams hold. The store filters by name; a
      // team of that name in another domain is someone else's, so its grants are dropped
      // (a page may then hold fewer items; its cursor still leads on).
      const page = await store.grants.list({
        ...base,
        consumerTeams: filter.team !== undefined ? [filter.team] : mine,
      });
      return {
        items: page.items.filter((g) =>
          teams.some((t) => t.name === g.consumerTeam && t.domain === g.consumerDomain),
        ),
        next: page.next,
      };
    },

    async getGrant(actor, id) {
      const mesh = await options.mesh();
      const found = await requireGrant(id);
      if (!maySee(mesh, actor, found))
        throw new MeshworkError('forbidden', `${actor.username} may not see this grant.`);
      return found;
    },

    revoke: (actor, grantId) =>
      endGrant(actor, grantId, (mesh, grant) => {
        if (isAdmin(actor) || isGovernance(actor)) return true;
        const product = soleProductById(mesh, grant.productId);
        if (product && isProducingOwner(mesh, product, actor.username)) return true;
        return teamsNamed(mesh, grant.consumerTeam).some(
          (t) =>
            t.domain === grant.consumerDomain &&
            t.members.some((m) => m.username === actor.username && m.role === 'owner'),
        );
      }),

    async recertify(actor, grantId) {
      const mesh = await options.mesh();
      const grant = await requireGrant(grantId);
      const product = productById(mesh, grant.productId);
      if (!isAdmin(actor) && !(product && isProducingOwner(mesh, product, actor.username)))
        throw new MeshworkError(
          'forbidden',
          `${actor.username} may not recertify this grant: the producing domain's owners do.`,
        );
      const at = clock().toISOString();
      let applied = false;
      const after = await store.grants.update(grant.id, (current) => {
        applied = current.state === 'active';
        return applied ? { ...current, certifiedAt: at } : null;
      });
      if (!after || !applied)
        throw new MeshworkError(
          'conflict',
          `The grant "${grant.id}" is ${after?.state ?? 'gone'}; only an active grant is recertified.`,
        );
      await auditAccess(store, newId(), at, actor.username, 'grant.recertify', grant.id, {
        productId: grant.productId,
        consumerTeam: grant.consumerTeam,
      });
      return after;
    },

    async sweep(at?: Date) {
      const mesh = await options.mesh();
      return sweepGrants({
        store,
        mesh,
        provision,
        evaluator: evaluatorOf(mesh),
        now: at ?? clock(),
        newId,
        pageSize: PAGE,
        approved: {
          activate: (request) => activation(mesh, request, 'system'),
          complete: (request, grant) => finishActivation(request, grant, clock().toISOString()),
        },
        ...(options.events === undefined
          ? {}
          : {
              expiring: {
                events: options.events,
                noticeDays: options.expiryNoticeDays ?? DEFAULT_EXPIRY_NOTICE_DAYS,
              },
            }),
      });
    },

    async consumersOf(productIds) {
      const consumers: Consumer[] = [];
      if (productIds.length === 0) return consumers;
      let cursor: string | null = null;
      do {
        const page: Page<Grant> = await store.grants.list({
          productIds,
          states: ['active'],
          limit: PAGE,
          cursor,
        });
        for (const g of page.items)
          consumers.push({
            grantId: g.id,
            product: g.productId,
            port: g.port,
            team: g.consumerTeam,
            domain: g.consumerDomain,
            purpose: g.purpose,
            endsAt: g.endsAt,
          });
        cursor = page.next;
      } while (cursor !== null);
      return consumers;
    },

    async dataAccess(actor, productId, port): Promise<DataAccess> {
      const mesh = await options.mesh();
      const view = portView(mesh, productId, port);
      if (!view)
        throw new MeshworkError(
          'not-found',
          `There is no product "${productId}" with an output port "${port}".`,
        );
      const all = view.columns.map((c) => c.name);
      const product = productLocation(view.product);
      const contractFile = view.contract?.doc.path ?? null;
      const owning = owningTeam(mesh, view.product);
      if (owning && isMember(owning, actor.username))
        return {
          allowed: true,
          product,
          contractFile,
          columns: all,
          pseudonymise: [],
          via: 'owner',
          grantId: null,
          rowFilter: null,
        };
      const mine = teamsOf(mesh, actor.username);
      if (mine.length === 0)
        return deniedRead(
          actor,
          productId,
          port,
          `${actor.username} belongs to no team with a grant for this port.`,
        );
      const now = clock().toISOString();
      let cursor: string | null = null;
      do {
        const page: Page<Grant> = await store.grants.list({
          productIds: [productId],
          consumerTeams: mine.map((t) => t.name),
          states: ['active'],
          limit: PAGE,
          cursor,
        });
        const grant = page.items.find(
          (g) =>
            g.port === port &&
            g.endsAt > now &&
            mine.some((t) => t.name === g.consumerTeam && t.domain === g.consumerDomain),
        );
        if (grant) {
          const columns = selectColumns(view.columns, grant.columns);
          return {
            allowed: true,
            product,
            contractFile,
            columns: columns.map((c) => c.name),
            pseudonymise: grant.personalInClear
              ? []
              : columns.filter(isPseudonymised).map((c) => c.name),
            via: 'grant',
            grantId: grant.id,
            rowFilter: grant.rowFilter ?? null,
          };
        }
        cursor = page.next;
      } while (cursor !== null);
      return deniedRead(
        actor,
        productId,
        port,
        `No team of ${actor.username} holds an active grant for this port.`,
      );
    },
  };

  /** A data read without a grant: refused, and in the audit trail as `data.read-refused`. */
  async function deniedRead(
    actor: AccessActor,
    productId: string,
    port: string,
    reason: string,
  ): Promise<DataAccess> {
    await auditAccess(
      store,
      newId(),
      clock().toISOString(),
      actor.username,
      'data.read-refused',
      `${productId}/${port}`,
      { reason },
    );
    return { allowed: false, reason };
  }
}

function draft(
  valid: ValidRequest,
  actor: AccessActor,
  id: string,
  at: string,
): Omit<AccessRequest, 'findings'> {
  return {
    id,
    productId: valid.view.product.id!,
    port: valid.view.port.name,
    consumerTeam: valid.team.name,
    consumerDomain: valid.team.domain,
    requester: actor.username,
    purpose: valid.purpose.id,
    endsAt: valid.endsAt,
    columns: valid.columnNames,
    justification: valid.justification,
    state: 'pending',
    requiredApprovals: ['owner'],
    approvals: [],
    rejection: null,
    renewalOf: valid.renewalOf,
    grantId: null,
    createdAt: at,
    updatedAt: at,
  };
}

function complete(required: readonly ApproverRole[], approvals: readonly Approval[]): boolean {
  return required.every((r) => approvals.some((a) => a.role === r));
}

/** A refusal of the request rules as the error the faces translate (403 or 409). */
function refusal(problem: DocumentIssue): MeshworkError {
  const forbidden = problem.code === 'self-approval' || problem.code === 'same-approver';
  return new MeshworkError(forbidden ? 'forbidden' : 'conflict', problem.message);
}

function alreadyDecided(request: AccessRequest): MeshworkError {
  return new MeshworkError(
    'conflict',
    `The access request "${request.id}" is ${request.state} already.`,
  );
}
