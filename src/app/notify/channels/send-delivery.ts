import type { MeshEvent } from '../../../core/notify/mesh-event.ts';
import type { Delivery, Subscription } from '../../../core/notify/notification-model.ts';
import { eventText } from '../event-texts.ts';
import type { ChannelResult } from './channel-result.ts';
import { httpOutcome } from './channel-result.ts';
import { slackMessage, teamsMessage } from './chat-formats.ts';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  eventSource,
  SIGNATURE_HEADER,
  signatureHeader,
  toCloudEvent,
} from './cloud-event.ts';
import { mailSettingsFromEnv, sendEmail } from './email-channel.ts';
import { outboundPolicyFromEnv } from './outbound-address.ts';
import { postOutbound } from './outbound-http.ts';

export interface SendContext {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly signal: AbortSignal;
}

/** Sends one try of a delivery through its channel. */
export async function sendDelivery(
  delivery: Delivery,
  event: MeshEvent,
  subscription: Subscription | null,
  context: SendContext,
): Promise<ChannelResult> {
  const text = eventText(event, delivery.language);
  const channel = subscription?.channel ?? null;
  if (delivery.channel === 'email') {
    if (delivery.address === null)
      return refused('no-email-address', 'the delivery has no e-mail address');
    return sendEmail(mailSettingsFromEnv(context.env), delivery.address, text, context.signal);
  }
  if (channel === null || channel.kind === 'email' || channel.kind !== delivery.channel)
    return refused('subscription-changed', 'the subscription was deleted or changed its channel');

  let body: string;
  const headers: Record<string, string> = {
    'user-agent': 'Meshwork-Notifications/1',
    'meshwork-delivery': delivery.id,
  };
  if (channel.kind === 'webhook') {
    body = JSON.stringify(toCloudEvent(event, eventSource(context.env)));
    headers['content-type'] = CLOUDEVENTS_CONTENT_TYPE;
    headers[SIGNATURE_HEADER] = signatureHeader(channel.secret, body, context.now());
  } else {
    body = JSON.stringify(channel.kind === 'slack' ? slackMessage(text) : teamsMessage(text));
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  const result = await postOutbound({
    url: channel.url,
    body,
    headers,
    policy: outboundPolicyFromEnv(context.env),
    signal: context.signal,
  });
  if (result.kind === 'answered') {
    const outcome = httpOutcome(result.status);
    return {
      outcome,
      statusCode: result.status,
      error:
        outcome === 'delivered'
          ? null
          : {
              code: `http-${result.status}`,
              message: `the receiver answered ${result.status}${outcome === 'retry' ? '; tried again later' : ''}`,
            },
      response: result.response === '' ? null : result.response,
      durationMs: result.durationMs,
    };
  }
  return {
    outcome: result.kind === 'no-answer' ? 'retry' : 'failed',
    statusCode: null,
    error: { code: result.code, message: result.message },
    response: null,
    durationMs: result.durationMs,
  };
}

function refused(code: string, message: string): ChannelResult {
  return {
    outcome: 'failed',
    statusCode: null,
    error: { code, message },
    response: null,
    durationMs: 0,
  };
}
