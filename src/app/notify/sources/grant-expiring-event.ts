import type { Grant } from '../../../core/access/model.ts';
import type { MeshEvent } from '../../../core/notify/mesh-event.ts';

const DAY_MS = 86_400_000;

/** Whether an active grant ends after `now` and within `days` of it (0 days: never). */
export function endsWithin(grant: Grant, days: number, now: Date): boolean {
  if (days <= 0 || grant.state !== 'active') return false;
  const left = Date.parse(grant.endsAt) - now.getTime();
  return left > 0 && left <= days * DAY_MS;
}

/**
 * `grant.expiring` for the grant's consumer team. The id is the grant and its end date:
 * every sweep within the notice days hands the same event over (the publisher keeps the
 * first), and a grant whose end moved (a renewal) is told again.
 */
export function grantExpiringEvent(grant: Grant, domain: string | null, now: Date): MeshEvent {
  return {
    id: `grant.expiring:${grant.id}:${grant.endsAt}`,
    type: 'grant.expiring',
    at: now.toISOString(),
    subject: grant.id,
    productId: grant.productId,
    domain,
    recipients: { users: [], teams: [grant.consumerTeam] },
    data: {
      grantId: grant.id,
      productId: grant.productId,
      port: grant.port,
      consumerTeam: grant.consumerTeam,
      consumerDomain: grant.consumerDomain,
      purpose: grant.purpose,
      endsAt: grant.endsAt,
      daysLeft: Math.ceil((Date.parse(grant.endsAt) - now.getTime()) / DAY_MS),
    },
  };
}
