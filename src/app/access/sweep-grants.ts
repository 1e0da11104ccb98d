import type { Grant } from '../../core/access/model.ts';
import type { AccessPolicyEvaluator, GrantReview } from '../../core/governance/index.ts';
import { isExpired, needsRecertification, remindDue } from '../../core/access/request-rules.ts';
import type { MeshworkStore, Page } from '../store/store.ts';
import { producingOwners, soleProductById } from './access-context.ts';
import type {
  AccessMesh,
  GrantProvisioner,
  MemberSyncResult,
  Reminder,
  SweepReport,
} from './access-types.ts';
import { auditAccess } from './audit-access.ts';
import { endsWithin, grantExpiringEvent } from '../notify/sources/grant-expiring-event.ts';
import type { EventSink } from '../notify/sources/publish-events.ts';
import type { ApprovedRecovery } from './recover-approved.ts';
import { recoverApproved } from './recover-approved.ts';
import { publishEvents } from '../notify/sources/publish-events.ts';

export interface SweepOptions {
  readonly store: MeshworkStore;
  readonly mesh: AccessMesh;
  readonly provision: GrantProvisioner;
  readonly evaluator: AccessPolicyEvaluator;
  readonly now: Date;
  readonly newId: () => string;
  readonly pageSize: number;
  /** Publish `grant.expiring` for grants ending within `noticeDays` (issue 13). */
  readonly expiring?: { readonly events: EventSink; readonly noticeDays: number };
  /** Complete the requests left `approved` by a server that died mid-approval (recover-approved.ts). */
  readonly approved?: ApprovedRecovery;
  /** How long after its approval a request may still be activating (default RECOVERY_GRACE_MS). */
  readonly recoveryGraceMs?: number;
}

const NO_REVIEW: GrantReview = { recertifyEveryDays: null, remindDaysBefore: null };

/**
 * One pass over the active grants: those past their end date expire, those not
 * recertified within the producing domain's interval lapse (both revoked in the engine
 * first, then marked), and the owners of those ending soon are reminded once.
 *
 * The active grants are read page by page before anything changes (ending one moves it out
 * of the "active" filter, which would shift later pages), then each is handled once: the
 * work is linear in the grants, with the review interval looked up once per domain. Two
 * sweeps at once are safe: the engine's revoke is idempotent and each state change is an
 * atomic update that applies only to a grant still active, so one sweep records it.
 * A grant whose engine revoke fails stays active, is reported (and audited as
 * `grant.revoke-failed` with the reason and what to drop), and is tried again next time.
 *
 * First, requests left `approved` by a server that died between an approval's writes are
 * completed (recover-approved.ts), so their grants are swept like any other.
 *
 * Last, the database memberships of every team still holding an active grant are made
 * its current members' logins: who left the team (or whose team is gone) loses the role.
 */
export async function sweepGrants(options: SweepOptions): Promise<SweepReport> {
  const { store, mesh, provision, evaluator, now, newId } = options;
  const at = now.toISOString();
  const recovery =
    options.approved === undefined
      ? undefined
      : await recoverApproved({
          store,
          now,
          newId,
          pageSize: options.pageSize,
          ...options.approved,
          ...(options.recoveryGraceMs === undefined ? {} : { graceMs: options.recoveryGraceMs }),
        });
  const active: Grant[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Grant> = await store.grants.list({
      states: ['active'],
      limit: options.pageSize,
      cursor,
    });
    active.push(...page.items);
    cursor = page.next;
  } while (cursor !== null);

  const reviews = new Map<string, GrantReview>();
  const reviewOf = (grant: Grant): GrantReview => {
    const product = soleProductById(mesh, grant.productId);
    if (!product) return NO_REVIEW;
    let review = reviews.get(product.domainFolder);
    if (!review) {
      review = evaluator.review(product.domainFolder);
      reviews.set(product.domainFolder, review);
    }
    return review;
  };

  const expired: string[] = [];
  const lapsed: string[] = [];
  const reminded: Reminder[] = [];
  const failed: { grantId: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const grant of active) {
    if (seen.has(grant.id)) continue;
    seen.add(grant.id);
    const review = reviewOf(grant);
    const end: 'expire' | 'lapse' | null = isExpired(grant, now)
      ? 'expire'
      : review.recertifyEveryDays !== null &&
          needsRecertification(grant, review.recertifyEveryDays, now)
        ? 'lapse'
        : null;
    try {
      if (end !== null) {
        try {
          await provision.revoke(grant, { mesh });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          await auditAccess(store, newId(), at, 'system', 'grant.revoke-failed', grant.id, {
            productId: grant.productId,
            port: grant.port,
            consumerTeam: grant.consumerTeam,
            consumerDomain: grant.consumerDomain,
            intended: `grant.${end}`,
            reason: reason.slice(0, 1000),
          });
          throw error;
        }
        let applied = false;
        await store.grants.update(grant.id, (current) => {
          applied = current.state === 'active';
          return applied ? { ...current, state: 'expired', endedAt: at, endedBy: 'system' } : null;
        });
        if (!applied) continue;
        await store.accessRequests.update(grant.requestId, (current) =>
          current.state === 'active' ? { ...current, state: 'expired', updatedAt: at } : null,
        );
        await auditAccess(store, newId(), at, 'system', `grant.${end}`, grant.id, {
          productId: grant.productId,
          port: grant.port,
          consumerTeam: grant.consumerTeam,
          endsAt: grant.endsAt,
          certifiedAt: grant.certifiedAt,
        });
        (end === 'expire' ? expired : lapsed).push(grant.id);
        continue;
      }
      if (review.remindDaysBefore !== null && remindDue(grant, review.remindDaysBefore, now)) {
        const days = review.remindDaysBefore;
        let applied = false;
        await store.grants.update(grant.id, (current) => {
          applied = remindDue(current, days, now);
          return applied ? { ...current, remindedAt: at } : null;
        });
        if (!applied) continue;
        const product = soleProductById(mesh, grant.productId);
        const owners = product ? producingOwners(mesh, product) : [];
        await auditAccess(store, newId(), at, 'system', 'grant.remind', grant.id, {
          productId: grant.productId,
          port: grant.port,
          consumerTeam: grant.consumerTeam,
          endsAt: grant.endsAt,
          owners: owners.join(','),
        });
        reminded.push({
          grantId: grant.id,
          productId: grant.productId,
          port: grant.port,
          team: grant.consumerTeam,
          endsAt: grant.endsAt,
          owners,
        });
      }
    } catch (error) {
      failed.push({
        grantId: grant.id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const ended = new Set([...expired, ...lapsed]);
  const members: MemberSyncResult[] = provision.syncMembers
    ? [
        ...(await provision
          .syncMembers(
            active.filter((g) => !ended.has(g.id)),
            { mesh },
          )
          .catch((error: unknown): MemberSyncResult[] => [
            {
              server: '',
              domain: '',
              team: '',
              removedLogins: [],
              missingLogins: [],
              error: error instanceof Error ? error.message : String(error),
            },
          ])),
      ]
    : [];
  for (const result of members) {
    if (result.removedLogins.length === 0) continue;
    await auditAccess(
      store,
      newId(),
      at,
      'system',
      'team.members-revoked',
      `${result.domain}/${result.team}`,
      {
        server: result.server,
        logins: result.removedLogins.join(','),
      },
    );
  }
  const expiring =
    options.expiring === undefined
      ? undefined
      : await announceExpiring(
          [...new Map(active.map((g) => [g.id, g])).values()].filter((g) => !ended.has(g.id)),
          mesh,
          options.expiring,
          now,
        );
  return {
    at,
    expired,
    lapsed,
    reminded,
    failed,
    members,
    ...(expiring === undefined ? {} : { expiring }),
    ...(recovery === undefined ? {} : { recovery }),
  };
}

/**
 * Each still-active grant ending within the notice days, handed to the publisher one by
 * one after the sweep's own work: a failed publish is in the report (and the sink's
 * `onFailure`) and is tried again by the next sweep under the same id.
 */
async function announceExpiring(
  grants: readonly Grant[],
  mesh: AccessMesh,
  options: { readonly events: EventSink; readonly noticeDays: number },
  now: Date,
): Promise<NonNullable<SweepReport['expiring']>> {
  const published: string[] = [];
  const failed: { grantId: string; reason: string }[] = [];
  for (const grant of grants) {
    if (!endsWithin(grant, options.noticeDays, now)) continue;
    const product = soleProductById(mesh, grant.productId);
    const domain = product ? (product.declaredDomain ?? product.domainFolder) : null;
    const outcome = await publishEvents(options.events, [grantExpiringEvent(grant, domain, now)]);
    const failure = outcome.failed[0];
    if (failure) failed.push({ grantId: grant.id, reason: failure.reason });
    else published.push(grant.id);
  }
  return { published, failed };
}
