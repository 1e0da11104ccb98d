import type { Delivery } from './notification-model.ts';

/** What `NotificationRepository.prune` removes (issue 13: the history is not kept for ever). */
export interface NotificationPruneRequest {
  /** ISO instant in UTC; finished deliveries created and events that happened before it may go. */
  readonly before: string;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

/** Refuses a cutoff every store would read differently (they compare ISO text). */
export function assertNotificationPruneRequest(request: NotificationPruneRequest): void {
  if (!ISO_TIME.test(request.before) || Number.isNaN(Date.parse(request.before)))
    throw new Error(
      `prune needs "before" as an ISO time in UTC (2026-03-01T10:00:00.000Z); got ${JSON.stringify(String(request.before).slice(0, 40))}`,
    );
}

/** A delivery a prune deletes: finished and created before the cutoff. A pending one stays, however old. */
export function isPrunableDelivery(delivery: Delivery, before: string): boolean {
  return delivery.state !== 'pending' && delivery.createdAt < before;
}
