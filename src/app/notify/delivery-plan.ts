import { createHash } from 'node:crypto';
import type { Job } from '../../core/jobs/job-model.ts';
import type { Delivery } from '../../core/notify/notification-model.ts';

/** How often a delivery is tried in all before it fails for good (the first try included). */
export const DELIVERY_MAX_ATTEMPTS = 8;

/**
 * A delivery's id: from the event and where it goes, so fanning one event out twice (two
 * servers, a producer that retried) makes one delivery per destination. One e-mail per
 * address per event, whoever asked for it; one post per subscription otherwise.
 */
export function deliveryId(eventId: string, destinationKey: string): string {
  const digest = createHash('sha256').update(`${eventId}\n${destinationKey}`).digest('hex');
  return `dlv_${digest.slice(0, 32)}`;
}

export function deliveryJobId(id: string): string {
  return `notify:${id}`;
}

/** The `notify-deliver` job that sends a delivery (`notify-deliver-executor.ts`). */
export function deliveryJob(delivery: Delivery, at: string): Job {
  return {
    id: deliveryJobId(delivery.id),
    kind: 'notify-deliver',
    target: delivery.id,
    payload: { eventId: delivery.eventId, channel: delivery.channel },
    trigger: 'system',
    requestedBy: 'system',
    scheduledFor: at,
    runAfter: at,
    state: 'queued',
    attempts: 0,
    maxAttempts: DELIVERY_MAX_ATTEMPTS,
    lease: null,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    history: [],
  };
}

/** The URL's origin, which is what the log and the API show of a webhook (its path may hold a token). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
