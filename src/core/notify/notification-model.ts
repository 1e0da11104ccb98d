import type { MeshEventType } from './mesh-event.ts';

/**
 * Subscriptions and the delivery log of notifications (issue 13). A subscription says
 * which events (types, scope) go where (a channel); a delivery is one event sent to one
 * destination, with every attempt logged. Events addressed to people directly (an
 * access request waiting for its deciders) are delivered without a subscription, by
 * e-mail to each person's address.
 */
export type ChannelKind = 'email' | 'webhook' | 'slack' | 'teams';

export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'webhook', 'slack', 'teams'];

export type NotificationLanguage = 'de' | 'en';

/**
 * Who a subscription or delivery belongs to: `user:<username>` or `team:<team>`. One
 * string, so stores filter it as one column.
 */
export type NotificationOwner = `user:${string}` | `team:${string}`;

export function userOwner(username: string): NotificationOwner {
  return `user:${username}`;
}

export function teamOwner(team: string): NotificationOwner {
  return `team:${team}`;
}

/** Which events of the chosen types a subscription hears: all, a product's, a domain's. */
export type SubscriptionScope =
  | { readonly kind: 'mesh' }
  | { readonly kind: 'product'; readonly productId: string }
  | { readonly kind: 'domain'; readonly domain: string };

/**
 * Where a subscription's events go. The webhook secret and the Slack/Teams URLs (which
 * carry their own token) are secrets: stored, because sending needs them, but never
 * shown again by the API after creation (`describeChannel`).
 */
export type SubscriptionChannel =
  | {
      readonly kind: 'email';
      /** Null: the owner's own address at the time of the event (users only). */
      readonly address: string | null;
    }
  | { readonly kind: 'webhook'; readonly url: string; readonly secret: string }
  | { readonly kind: 'slack'; readonly url: string }
  | { readonly kind: 'teams'; readonly url: string };

export interface Subscription {
  readonly id: string;
  readonly owner: NotificationOwner;
  /** The username that created it. */
  readonly createdBy: string;
  /** At least one. */
  readonly types: readonly MeshEventType[];
  readonly scope: SubscriptionScope;
  readonly channel: SubscriptionChannel;
  /** Null: the mesh's `defaults.language`. */
  readonly language: NotificationLanguage | null;
  readonly enabled: boolean;
  readonly createdAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One try of a delivery. Never the secret, never the body sent. */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly durationMs: number;
  /** The HTTP status or SMTP reply code, null when no answer came. */
  readonly statusCode: number | null;
  /** `retry`: failed, tried again later; `failed`: failed for good. */
  readonly outcome: 'delivered' | 'retry' | 'failed';
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The start of the receiver's answer, at most 200 characters. */
  readonly response: string | null;
}

export interface Delivery {
  /** Deterministic from event and destination (`deliveryId`), so a fan-out run twice makes one. */
  readonly id: string;
  readonly eventId: string;
  readonly eventType: MeshEventType;
  /** Null for a delivery to a recipient named by the event itself. */
  readonly subscriptionId: string | null;
  readonly owner: NotificationOwner;
  readonly channel: ChannelKind;
  /**
   * Where it goes, as shown in the log: the e-mail address, or the URL's origin (a
   * webhook's path may carry a token: Slack's and Teams' always do).
   */
  readonly destination: string;
  /** The e-mail address to send to (channel `email`), resolved when the event came. */
  readonly address: string | null;
  readonly language: NotificationLanguage;
  readonly state: DeliveryState;
  /** Oldest first, at most 20. */
  readonly attempts: readonly DeliveryAttempt[];
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

export const MAX_DELIVERY_ATTEMPTS_LOGGED = 20;

/** Whether a subscription hears an event: enabled, the type chosen, the scope matching. */
export function subscriptionMatches(
  subscription: Subscription,
  event: {
    readonly type: MeshEventType;
    readonly productId: string | null;
    readonly domain: string | null;
  },
): boolean {
  if (!subscription.enabled || !subscription.types.includes(event.type)) return false;
  const scope = subscription.scope;
  switch (scope.kind) {
    case 'mesh':
      return true;
    case 'product':
      return event.productId === scope.productId;
    case 'domain':
      return event.domain === scope.domain;
  }
}
