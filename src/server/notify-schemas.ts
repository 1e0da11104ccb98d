import { z } from '@hono/zod-openapi';
import { MESH_EVENT_TYPES } from '../core/notify/mesh-event.ts';
import type { MeshEventType } from '../core/notify/mesh-event.ts';
import { CHANNEL_KINDS } from '../core/notify/notification-model.ts';
import type { ChannelKind } from '../core/notify/notification-model.ts';

/**
 * The shapes of the notifications API (issue 13), mirroring `core/notify/`: subscriptions
 * and the delivery log. Every string a caller sends is bounded here. A webhook's secret
 * is in the answer to its creation only (`SubscriptionCreatedSchema`); Slack's and
 * Teams' URLs carry their own token and are shown by their origin only after creation.
 */
const eventType = z.enum(MESH_EVENT_TYPES as [MeshEventType, ...MeshEventType[]]);
const channelKind = z.enum(CHANNEL_KINDS as [ChannelKind, ...ChannelKind[]]);
const name = z.string().min(1).max(200);
const url = z.string().min(8).max(2000);

export const SubscriptionScopeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('mesh') }),
    z.object({ kind: z.literal('product'), productId: name }),
    z.object({ kind: z.literal('domain'), domain: name }),
  ])
  .openapi('SubscriptionScope');

/** What a caller sends to create a subscription. */
export const SubscriptionInputSchema = z
  .object({
    /** Omitted: the caller's own; a team's needs an owner of that team (or an admin). */
    team: name.optional(),
    types: z.array(eventType).min(1).max(MESH_EVENT_TYPES.length),
    scope: SubscriptionScopeSchema,
    channel: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('email'),
        /** Omitted: the caller's own address (user subscriptions only). */
        address: z.email().max(254).optional(),
      }),
      z.object({ kind: z.literal('webhook'), url }),
      z.object({ kind: z.literal('slack'), url }),
      z.object({ kind: z.literal('teams'), url }),
    ]),
    language: z.enum(['de', 'en']).optional(),
  })
  .openapi('SubscriptionInput');

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    owner: z.string().openapi({ description: '`user:<username>` or `team:<team>`' }),
    createdBy: z.string(),
    types: z.array(eventType),
    scope: SubscriptionScopeSchema,
    channel: z.object({
      kind: channelKind,
      /** The e-mail address (null: the owner's own), or the URL's origin. */
      destination: z.string().nullable(),
    }),
    language: z.enum(['de', 'en']).nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Subscription');

export const SubscriptionCreatedSchema = z
  .object({
    subscription: SubscriptionSchema,
    /**
     * The webhook's signing secret, shown this once (webhook subscriptions only); the
     * receiver checks `Meshwork-Signature` with it (docs/notifications.md).
     */
    secret: z.string().nullable(),
  })
  .openapi('SubscriptionCreated');

export const SubscriptionListSchema = z
  .object({ items: z.array(SubscriptionSchema), next: z.string().nullable() })
  .openapi('SubscriptionList');

export const DeliveryAttemptSchema = z
  .object({
    attempt: z.number().int(),
    at: z.string(),
    durationMs: z.number(),
    statusCode: z.number().int().nullable(),
    outcome: z.enum(['delivered', 'retry', 'failed']),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    response: z.string().nullable(),
  })
  .openapi('DeliveryAttempt');

export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: eventType,
    subscriptionId: z.string().nullable(),
    owner: z.string(),
    channel: channelKind,
    destination: z.string(),
    language: z.enum(['de', 'en']),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(DeliveryAttemptSchema),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Delivery');

export const DeliveryListSchema = z
  .object({ items: z.array(DeliverySchema), next: z.string().nullable() })
  .openapi('DeliveryList');

export const SubscriptionTestSchema = z
  .object({ eventId: z.string(), deliveries: z.array(DeliverySchema) })
  .openapi('SubscriptionTest');
