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
  /**
   * Usernames of a team's members in the served mesh (owners and members); [] when unknown.
   * The team is `<domain>/<team>` (a bare name: only while no two domains have it).
   */
  readonly teamMembers: (team: string) => Promise<readonly string[]> | readonly string[];
  /**
   * The domains a user is an owner or member of (app/catalog/teams.ts `domainRolesOf`), for
   * `job.failed`, which reaches only who may see the job. Omitted: none.
   */
  readonly domainRoles?: (username: string) => Readonly<Record<string, 'owner' | 'member'>>;
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
      if (!(await ownerMayHear(store, subscription, event, options))) continue;
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

/**
 * Whether a subscription's owner may hear this event now. A user's subscription ends with
 * its account: none for a user the store does not know (deleted) or that is disabled,
 * nor for one made before the account was (an earlier account of the same name). Team
 * subscriptions are the team's and stay when the one who made them leaves; its owners
 * see and delete them. `job.failed` reaches only who may see the job in the jobs API
 * (app/jobs/job-service.ts): admins and governance every job, the owners and members of a
 * domain its products' builds.
 */
async function ownerMayHear(
  store: MeshworkStore,
  subscription: Subscription,
  event: MeshEvent,
  options: StorePublisherOptions,
): Promise<boolean> {
  const owner = subscription.owner;
  const buildDomain =
    event.data['kind'] === 'build-product' && event.domain !== null ? event.domain : null;
  if (owner.startsWith('team:')) {
    if (event.type !== 'job.failed') return true;
    const team = owner.slice('team:'.length);
    return buildDomain !== null && team.startsWith(`${buildDomain}/`);
  }
  const username = owner.slice('user:'.length);
  const user = await store.users.get(username);
  if (user === null || user.disabled) return false;
  if (Date.parse(subscription.createdAt) < Date.parse(user.createdAt)) return false;
  if (event.type !== 'job.failed') return true;
  if (user.roles.includes('admin') || user.roles.includes('governance')) return true;
  return buildDomain !== null && options.domainRoles?.(username)[buildDomain] !== undefined;
}

/**
 * `teamMembers` over the served mesh's teams. A team is its domain and its name
 * (`<domain>/<team>`), as access grants name it: a namesake team in another domain is not
 * it. A bare name (events stored before teams were qualified) counts only while exactly one
 * domain has a team of that name.
 */
export function teamMembersIn(
  teams: ReadonlyMap<
    string,
    readonly { readonly name: string; readonly members: readonly { readonly username: string }[] }[]
  >,
): (team: string) => readonly string[] {
  return (team) => {
    const slash = team.indexOf('/');
    const matching: { readonly members: readonly { readonly username: string }[] }[] = [];
    if (slash >= 0) {
      const name = team.slice(slash + 1);
      for (const t of teams.get(team.slice(0, slash)) ?? []) if (t.name === name) matching.push(t);
    } else {
      for (const list of teams.values())
        for (const t of list) if (t.name === team) matching.push(t);
      if (matching.length > 1) return [];
    }
    return [...new Set(matching.flatMap((t) => t.members.map((m) => m.username)))];
  };
}
