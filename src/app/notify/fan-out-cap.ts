import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type { Delivery, NotificationOwner } from '../../core/notify/notification-model.ts';
import { deliveryId } from './delivery-plan.ts';

/**
 * The most deliveries one event makes. Each is a job and a send; without a bound, a few
 * accounts with 100 webhook subscriptions each to the mesh turn every check failure into
 * thousands of requests (and a store write each).
 */
export const MAX_DELIVERIES_PER_EVENT = 1000;
/** The most deliveries one event makes for one owner's subscriptions (their own e-mail aside). */
export const MAX_SUBSCRIPTION_DELIVERIES_PER_OWNER = 20;

export interface CappedFanOut {
  readonly kept: readonly Delivery[];
  /** What was not made, as one failed delivery in the log; null when nothing was dropped. */
  readonly overflow: Delivery | null;
  /** The same, for the server's log. */
  readonly message: string | null;
}

/**
 * Keeps the planned deliveries within the bounds, in plan order — the people an event is
 * addressed to come first, then subscriptions oldest first, so a burst of new subscriptions
 * cannot crowd out older ones. What is dropped is never silent: one failed delivery
 * (`fan-out-capped`, owned by the first owner dropped, visible to admins) counts it and
 * names the owners, and the caller logs the same message.
 */
export function capFanOut(
  event: MeshEvent,
  planned: readonly Delivery[],
  at: string,
  limits: { readonly perEvent: number; readonly perOwner: number } = {
    perEvent: MAX_DELIVERIES_PER_EVENT,
    perOwner: MAX_SUBSCRIPTION_DELIVERIES_PER_OWNER,
  },
): CappedFanOut {
  const kept: Delivery[] = [];
  const dropped = new Map<NotificationOwner, number>();
  const perOwner = new Map<NotificationOwner, number>();
  for (const delivery of planned) {
    const ownCount = perOwner.get(delivery.owner) ?? 0;
    const bySubscription = delivery.subscriptionId !== null;
    if (kept.length >= limits.perEvent || (bySubscription && ownCount >= limits.perOwner)) {
      dropped.set(delivery.owner, (dropped.get(delivery.owner) ?? 0) + 1);
      continue;
    }
    if (bySubscription) perOwner.set(delivery.owner, ownCount + 1);
    kept.push(delivery);
  }
  if (dropped.size === 0) return { kept, overflow: null, message: null };
  const total = [...dropped.values()].reduce((a, b) => a + b, 0);
  const owners = [...dropped].slice(0, 10).map(([owner, n]) => `${owner} (${n})`);
  const more = dropped.size > 10 ? ` and ${dropped.size - 10} more owners` : '';
  const message = `the event "${event.id}" had ${planned.length} deliveries; ${total} were not made (at most ${limits.perEvent} per event and ${limits.perOwner} per owner's subscriptions): ${owners.join(', ')}${more}`;
  const first = [...dropped.keys()][0]!;
  const overflow: Delivery = {
    id: deliveryId(event.id, 'fan-out-capped'),
    eventId: event.id,
    eventType: event.type,
    subscriptionId: null,
    owner: first,
    channel: planned.find((d) => d.owner === first)?.channel ?? 'webhook',
    destination: `${total} deliveries not made`,
    address: null,
    language: planned[0]?.language ?? 'en',
    state: 'failed',
    attempts: [
      {
        attempt: 0,
        at,
        durationMs: 0,
        statusCode: null,
        outcome: 'failed',
        error: { code: 'fan-out-capped', message },
        response: null,
      },
    ],
    createdAt: at,
    finishedAt: at,
  };
  return { kept, overflow, message };
}
