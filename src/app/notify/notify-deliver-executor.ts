import type { Job, JobOutcome } from '../../core/jobs/job-model.ts';
import type { Delivery, DeliveryAttempt } from '../../core/notify/notification-model.ts';
import { MAX_DELIVERY_ATTEMPTS_LOGGED } from '../../core/notify/notification-model.ts';
import type { JobContext, JobExecutor } from '../jobs/job-executor.ts';
import type { ChannelResult } from './channels/channel-result.ts';
import { sendDelivery } from './channels/send-delivery.ts';

/** The first retry waits this long by default (`MESHWORK_NOTIFY_RETRY_SECONDS`). */
export const DELIVERY_RETRY_BASE_SECONDS = 30;
const RETRY_CAP_SECONDS = 3600;

/**
 * Wait before try `attempt + 1` after try `attempt` failed: base × 4^(attempt−1), at most
 * an hour — 30 s, 2 min, 8 min, 32 min, 1 h, 1 h, … with the default base.
 */
export function deliveryBackoffSeconds(attempt: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 4 ** Math.max(0, attempt - 1), RETRY_CAP_SECONDS);
}

/**
 * The `notify-deliver` job (issue 13): sends one delivery through its channel, logs the
 * try in the delivery (status code, error, duration — never the secret or the body) and
 * asks for a retry at the backoff time when it is worth one. At-least-once: a worker that
 * dies after sending and before logging sends again — webhook receivers deduplicate by
 * the CloudEvent `id` (the event) and the `Meshwork-Delivery` header (docs/notifications.md).
 */
export const notifyDeliverExecutor: JobExecutor = {
  kind: 'notify-deliver',
  run: deliver,
};

async function deliver(job: Job, context: JobContext): Promise<JobOutcome> {
  const notifications = context.store.notifications;
  const delivery = await notifications.getDelivery(job.target);
  if (delivery === null)
    return fail('unknown-delivery', `there is no delivery "${job.target}" (deleted?)`);
  if (delivery.state !== 'pending')
    return { state: 'succeeded', result: { deliveryId: delivery.id, state: delivery.state } };
  const event = await notifications.getEvent(delivery.eventId);
  if (event === null) return fail('unknown-event', `the event "${delivery.eventId}" is not stored`);
  const subscription =
    delivery.subscriptionId === null
      ? null
      : await notifications.getSubscription(delivery.subscriptionId);

  const sent = await sendDelivery(delivery, event, subscription, {
    env: context.env,
    now: context.now,
    signal: context.signal,
  });
  const at = context.now();
  const lastTry = job.attempts >= job.maxAttempts;
  const outcome = sent.outcome === 'retry' && lastTry ? 'failed' : sent.outcome;
  const logged = await notifications.updateDelivery(delivery.id, (current) =>
    logAttempt(current, sent, outcome, at.toISOString()),
  );
  const attempt = logged?.attempts.length ?? job.attempts;
  const result = { deliveryId: delivery.id, statusCode: sent.statusCode };
  if (outcome === 'delivered') return { state: 'succeeded', result };
  const error = sent.error ?? { code: 'delivery-failed', message: 'the delivery failed' };
  if (outcome === 'failed')
    return {
      state: 'failed',
      permanent: true,
      error:
        lastTry && sent.outcome === 'retry'
          ? { code: error.code, message: `${error.message} (gave up after ${job.attempts} tries)` }
          : error,
    };
  const base = retryBaseSeconds(context.env);
  const retryAt = new Date(at.getTime() + deliveryBackoffSeconds(attempt, base) * 1000);
  return { state: 'failed', error, retryAt: retryAt.toISOString() };
}

function logAttempt(
  current: Delivery,
  sent: ChannelResult,
  outcome: DeliveryAttempt['outcome'],
  at: string,
): Delivery | null {
  // Logged once: a try whose worker lost the job after the other had logged is not counted twice.
  if (current.state !== 'pending') return null;
  const attempt: DeliveryAttempt = {
    attempt: (current.attempts[current.attempts.length - 1]?.attempt ?? 0) + 1,
    at,
    durationMs: sent.durationMs,
    statusCode: sent.statusCode,
    outcome,
    error: sent.error,
    response: sent.response,
  };
  return {
    ...current,
    attempts: [...current.attempts, attempt].slice(-MAX_DELIVERY_ATTEMPTS_LOGGED),
    state: outcome === 'delivered' ? 'delivered' : outcome === 'failed' ? 'failed' : 'pending',
    finishedAt: outcome === 'retry' ? null : at,
  };
}

function retryBaseSeconds(env: NodeJS.ProcessEnv): number {
  const value = Number(env.MESHWORK_NOTIFY_RETRY_SECONDS);
  return Number.isFinite(value) &&
    value >= 0 &&
    env.MESHWORK_NOTIFY_RETRY_SECONDS !== undefined &&
    env.MESHWORK_NOTIFY_RETRY_SECONDS !== ''
    ? value
    : DELIVERY_RETRY_BASE_SECONDS;
}

/** Failed for good: nothing a retry would change. */
function fail(code: string, message: string): JobOutcome {
  return { state: 'failed', permanent: true, error: { code, message } };
}
