/* eslint-disable @typescript-eslint/require-await -- in memory, every answer is immediate; the interface is async for the real stores */
import type { NotificationRepository, Page, PageRequest } from '../../src/app/store/store.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../src/core/notify/notification-model.ts';
import {
  assertNotificationPruneRequest,
  isPrunableDelivery,
} from '../../src/core/notify/notification-pruning.ts';

/** Notifications in memory (issue 13), behaving as the real stores' (`notifications-conformance.ts`). */
export function createMemoryNotifications(): NotificationRepository {
  const events = new Map<string, MeshEvent>();
  const subscriptions = new Map<string, Subscription>();
  const deliveries = new Map<string, Delivery>();
  return {
    addEvent: async (event) => addOnce(events, event),
    getEvent: async (id) => events.get(id) ?? null,
    addSubscription: async (subscription) => {
      if (subscriptions.has(subscription.id))
        throw new Error(`subscription "${subscription.id}" exists already`);
      subscriptions.set(subscription.id, subscription);
    },
    getSubscription: async (id) => subscriptions.get(id) ?? null,
    listSubscriptions: async (filter) =>
      page(
        [...subscriptions.values()]
          .filter(
            (s) =>
              oneOf(filter.owners, s.owner) &&
              (filter.enabled === undefined || s.enabled === filter.enabled),
          )
          .reverse(),
        filter,
      ),
    updateSubscription: async (id, change) => update(subscriptions, id, change),
    deleteSubscription: async (id) => subscriptions.delete(id),
    addDelivery: async (delivery) => addOnce(deliveries, delivery),
    getDelivery: async (id) => deliveries.get(id) ?? null,
    updateDelivery: async (id, change) => update(deliveries, id, change),
    listDeliveries: async (filter) =>
      page(
        [...deliveries.values()]
          .filter(
            (d) =>
              oneOf(filter.owners, d.owner) &&
              oneOf(filter.eventIds, d.eventId) &&
              oneOf(filter.states, d.state) &&
              (filter.subscriptionIds === undefined ||
                (d.subscriptionId !== null && filter.subscriptionIds.includes(d.subscriptionId))),
          )
          .reverse(),
        filter,
      ),
    prune: async (request) => {
      assertNotificationPruneRequest(request);
      let deliveriesGone = 0;
      for (const d of [...deliveries.values()])
        if (isPrunableDelivery(d, request.before)) {
          deliveries.delete(d.id);
          deliveriesGone++;
        }
      const referred = new Set([...deliveries.values()].map((d) => d.eventId));
      let eventsGone = 0;
      for (const e of [...events.values()])
        if (e.at < request.before && !referred.has(e.id)) {
          events.delete(e.id);
          eventsGone++;
        }
      return { events: eventsGone, deliveries: deliveriesGone };
    },
  };
}

function addOnce<T extends { readonly id: string }>(map: Map<string, T>, value: T): boolean {
  if (map.has(value.id)) return false;
  map.set(value.id, value);
  return true;
}

function update<T extends { readonly id: string }>(
  map: Map<string, T>,
  id: string,
  change: (current: T) => T | null,
): T | null {
  const before = map.get(id);
  if (before === undefined) return null;
  const after = change(before);
  if (after === null) return before;
  if (after.id !== id) throw new Error(`an update must not change the id "${id}"`);
  map.set(id, after);
  return after;
}

function oneOf<T>(allowed: readonly T[] | undefined, value: T): boolean {
  return allowed === undefined || allowed.includes(value);
}

function page<T>(items: readonly T[], request: PageRequest): Page<T> {
  if (request.cursor && !/^\d+$/.test(request.cursor))
    throw new Error(`invalid page cursor "${request.cursor.slice(0, 40)}"`);
  const start = request.cursor ? Number(request.cursor) : 0;
  const limit = request.limit ?? 50;
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return { items: slice, next: end < items.length ? String(end) : null };
}
