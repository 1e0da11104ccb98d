import type { MeshEvent } from '../../core/notify/mesh-event.ts';
import type {
  Delivery,
  NotificationLanguage,
  NotificationOwner,
  Subscription,
} from '../../core/notify/notification-model.ts';
import { subscriptionMatches, teamOwner, userOwner } from '../../core/notify/notification-model.ts';
import type { MeshEventType } from '../../core/notify/mesh-event.ts';
import type { MeshworkStore } from '../store/store.ts';
import { deliveryId, deliveryJob, originOf } from './delivery-plan.ts';
import type { EventPublisher } from './event-publisher.ts';
import { capFanOut } from './fan-out-cap.ts';

/**
 * Events about access (who requested what, whose grant ends) reach subscriptions only of
 * the users and teams the event names — a subscription to a domain's events does not
 * show anyone else's requests.
 */
export const ADDRESSED_ONLY: ReadonlySet<MeshEventType> = new Set<MeshEventType>([
  'access.request-waiting',
  'access.request-decided',
  'grant.expiring',
]);

export interface StorePublisherOptions {
  /** Usernames of a team's members in the served mesh (owners and members); [] when unknown. */
  readonly teamMembers: (team: string) => Promise<readonly string[]> | readonly string[];
  /** The mesh's `defaults.language`, for recipients and subscriptions that chose none. */
  readonly defaultLanguage: () => NotificationLanguage;
  readonly now?: () => Date;
  /** Where a capped fan-out is said (the server's log); the delivery log says it too. */
  readonly warn?: (message: string, fields: Readonly<Record<string, string | number>>) => void;
}

export interface StorePublisher extends EventPublisher {
  /** Publishes and returns the deliveries the event has (new ones and those there before). */
  publishWithDeliveries(event: MeshEvent): Promise<readonly Delivery[]>;
}

/**
 * The `EventPublisher` of a server or worker (issue 13): stores the event once by id and
 * fans it out — to the people it is addressed to (users directly, teams' members), by
 * e-mail to their address, and to every enabled subscription matching its type and
 * scope — one delivery per destination, each sent by a `notify-deliver` job.
 *
 * The fan-out runs again when an event id comes again: deliveries and jobs are idempotent
 * by id, so nothing is sent twice, and a publisher that died between storing the event
 * and enqueuing its jobs is made good by the producer's next try.
 */
export function createStorePublisher(
  store: MeshworkStore,
  options: StorePublisherOptions,
): StorePublisher {
  const now = options.now ?? (() => new Date());

  async function plan(event: MeshEvent, at: string): Promise<Delivery[]> {
    const planned = new Map<string, Delivery>();
    const add = (
      key: string,
      fields: Pick<Delivery, 'subscriptionId' | 'owner' | 'channel' | 'destination' | 'address'> & {
        language: NotificationLanguage | null;
      },
      failure?: { code: string; message: string },
    ): void => {
      const id = deliveryId(event.id, key);
      if (planned.has(id)) return;
      planned.set(id, {
        id,
        eventId: event.id,
        eventType: event.type,
        ...fields,
        language: fields.language ?? options.defaultLanguage(),
        state: failure ? 'failed' : 'pending',
        attempts: failure
          ? [
              {
                attempt: 0,
                at,
                durationMs: 0,
                statusCode: null,
                outcome: 'failed',
                error: failure,
                response: null,
              },
            ]
          : [],
        createdAt: at,
        finishedAt: failure ? at : null,
      });
    };

    const people = new Set(event.recipients.users);
    for (const team of event.recipients.teams)
      for (const username of await options.teamMembers(team)) people.add(username);
    for (const username of [...people].sort()) {
      const user = await store.users.get(username);
      // Disabled accounts hear nothing; a name the store does not know is said in the log.
      if (user?.disabled === true) continue;
      const owner = userOwner(username);
      if (user === null || user.email === null) {
        add(
          `user:${username}`,
          {
            subscriptionId: null,
            owner,
            channel: 'email',
            destination: username,
            address: null,
            language: null,
          },
          {
            code: 'no-email-address',
            message: `${user === null ? 'there is no account' : 'the account has no e-mail address'} for "${username}", so the event was not sent to them`,
          },
        );
        continue;
      }
      add(emailKey(user.email), {
        subscriptionId: null,
        owner,
        channel: 'email',
        destination: user.email,
        address: user.email,
        language: null,
      });
    }

    const addressed = new Set<string>([
      ...[...people].map((u) => userOwner(u)),
      ...event.recipients.teams.map((t) => teamOwner(t)),
    ]);
    for (const subscription of await matchingSubscriptions(store, event)) {
      // Who asked whom for what is for the people concerned: anyone may subscribe to a
      // domain, not to the access requests of others in it.
      if (ADDRESSED_ONLY.has(event.type) && !addressed.has(subscription.owner)) continue;
      const owner = subscription.owner;
      const channel = subscription.channel;
      if (channel.kind === 'email') {
        const address = channel.address ?? (await ownAddress(store, owner));
        if (address === null) {
          add(
            `sub:${subscription.id}`,
            {
              subscriptionId: subscription.id,
              owner,
              channel: 'email',
              destination: owner,
              address: null,
              language: subscription.language,
            },
            { code: 'no-email-address', message: `${owner} has no e-mail address to send to` },
          );
          continue;
        }
        add(emailKey(address), {
          subscriptionId: subscription.id,
          owner,
          channel: 'email',
          destination: address,
          address,
          language: subscription.language,
        });
        continue;
      }
      add(`sub:${subscription.id}`, {
        subscriptionId: subscription.id,
        owner,
        channel: channel.kind,
        destination: originOf(channel.url),
        address: null,
        language: subscription.language,
      });
    }
    return [...planned.values()];
  }

  async function publishWithDeliveries(event: MeshEvent): Promise<readonly Delivery[]> {
    await store.notifications.addEvent(event);
    const at = now().toISOString();
    const deliveries: Delivery[] = [];
    const capped = capFanOut(event, await plan(event, at), at);
    if (capped.message !== null)
      options.warn?.(capped.message, { eventId: event.id, code: 'fan-out-capped' });
    const planned = capped.overflow === null ? capped.kept : [...capped.kept, capped.overflow];
    for (const delivery of planned) {
      const added = await store.notifications.addDelivery(delivery);
      const stored = added ? delivery : await store.notifications.getDelivery(delivery.id);
      if (stored === null) continue;
      deliveries.push(stored);
      if (stored.state === 'pending') await store.jobs.enqueue(deliveryJob(stored, at));
    }
    return deliveries;
  }

  return {
    publishWithDeliveries,
    async publish(event) {
      await publishWithDeliveries(event);
    },
  };
}

function emailKey(address: string): string {
  return `email:${address.toLowerCase()}`;
}

async function ownAddress(store: MeshworkStore, owner: NotificationOwner): Promise<string | null> {
  if (!owner.startsWith('user:')) return null;
  const user = await store.users.get(owner.slice('user:'.length));
  return user === null || user.disabled ? null : user.email;
}

async function matchingSubscriptions(
  store: MeshworkStore,
  event: MeshEvent,
): Promise<Subscription[]> {
  const found: Subscription[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.notifications.listSubscriptions({ enabled: true, limit: 500, cursor });
    found.push(...page.items.filter((s) => subscriptionMatches(s, event)));
    cursor = page.next;
  } while (cursor !== null);
  return found.reverse();
}

/** `teamMembers` over the served mesh's teams (a name may repeat across domains: all count). */
export function teamMembersIn(
  teams: ReadonlyMap<
    string,
    readonly { readonly name: string; readonly members: readonly { readonly username: string }[] }[]
  >,
): (team: string) => readonly string[] {
  return (team) => {
    const found = new Set<string>();
    for (const list of teams.values())
      for (const t of list) if (t.name === team) for (const m of t.members) found.add(m.username);
    return [...found];
  };
}
