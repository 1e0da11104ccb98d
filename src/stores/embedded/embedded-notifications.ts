import { join } from 'node:path';
import type { NotificationRepository } from '../../app/store/store.ts';
import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../core/notify/notification-model.ts';
import {
  assertNotificationPruneRequest,
  isPrunableDelivery,
} from '../../core/notify/notification-pruning.ts';
import { pageByKey } from '../paging.ts';
import type { CollectionLog } from './collection-log.ts';
import { guardedDocuments } from './guarded-documents.ts';

/**
 * Notifications in the embedded store: three guarded collections (events, subscriptions,
 * deliveries), each under a change lock of its own like access requests. Adding an event
 * or a delivery is a read-check-write under that lock, so two processes publishing one
 * event store it — and fan it out — once.
 */
export function embeddedNotifications(
  dir: string,
  log: (name: string) => CollectionLog,
): NotificationRepository {
  const events = guardedDocuments<MeshEvent>(
    log('notification-events'),
    join(dir, 'notification-events-change.lock'),
    'event',
  );
  const subscriptions = guardedDocuments<Subscription>(
    log('subscriptions'),
    join(dir, 'subscriptions-change.lock'),
    'subscription',
  );
  const deliveries = guardedDocuments<Delivery>(
    log('deliveries'),
    join(dir, 'deliveries-change.lock'),
    'delivery',
  );
  return {
    async addEvent(event) {
      const stored = await events.createOrMerge(
        event,
        (e) => e.id === event.id,
        () => null,
      );
      return stored.changed;
    },
    getEvent: (id) => events.get(id),
    addSubscription: (subscription) => subscriptions.create(subscription),
    getSubscription: (id) => subscriptions.get(id),
    async listSubscriptions(filter) {
      const matching = (await subscriptions.all())
        .reverse()
        .filter(
          (s) =>
            oneOf(filter.owners, s.owner) &&
            (filter.enabled === undefined || s.enabled === filter.enabled),
        );
      return pageByKey(matching, (s) => s.id, filter);
    },
    updateSubscription: (id, change) => subscriptions.update(id, change),
    deleteSubscription: (id) => subscriptions.remove(id),
    async addDelivery(delivery) {
      const stored = await deliveries.createOrMerge(
        delivery,
        (d) => d.id === delivery.id,
        () => null,
      );
      return stored.changed;
    },
    getDelivery: (id) => deliveries.get(id),
    updateDelivery: (id, change) => deliveries.update(id, change),
    async listDeliveries(filter) {
      const matching = (await deliveries.all())
        .reverse()
        .filter(
          (d) =>
            oneOf(filter.owners, d.owner) &&
            oneOf(filter.eventIds, d.eventId) &&
            oneOf(filter.states, d.state) &&
            (filter.subscriptionIds === undefined ||
              (d.subscriptionId !== null && filter.subscriptionIds.includes(d.subscriptionId))),
        );
      return pageByKey(matching, (d) => d.id, filter);
    },
    async prune(request) {
      assertNotificationPruneRequest(request);
      const { before } = request;
      const gone = await deliveries.removeWhere((d) => isPrunableDelivery(d, before));
      // Read after the deliveries' prune: an event stays while a delivery refers to it (a
      // pending one needs it to be sent).
      const referred = new Set((await deliveries.all()).map((d) => d.eventId));
      const goneEvents = await events.removeWhere((e) => e.at < before && !referred.has(e.id));
      return { events: goneEvents.length, deliveries: gone.length };
    },
  };
}

function oneOf<T>(allowed: readonly T[] | undefined, value: T): boolean {
  return allowed === undefined || allowed.includes(value);
}
