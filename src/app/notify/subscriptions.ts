import { randomBytes } from 'node:crypto';
import type { GlobalRole } from '../../core/access/roles.ts';
import type { MeshEventType } from '../../core/notify/mesh-event.ts';
import type {
  Delivery,
  NotificationLanguage,
  NotificationOwner,
  Subscription,
  SubscriptionChannel,
  SubscriptionScope,
} from '../../core/notify/notification-model.ts';
import { teamOwner, userOwner } from '../../core/notify/notification-model.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, Page, PageRequest } from '../store/store.ts';
import { checkOutboundUrl, outboundPolicyFromEnv } from './channels/outbound-address.ts';
import { deliveryId, deliveryJob, originOf } from './delivery-plan.ts';
import { assertAllowedEmailAddress } from './subscription-email.ts';
import type { TestSendLimiter } from './test-send-limit.ts';

/** A team the actor belongs to: its domain and its name, as access grants name a team. */
export interface NotifyActorTeam {
  readonly domain: string;
  readonly name: string;
  readonly role: 'owner' | 'member';
  /**
   * No other domain has a team of this name. Only then is a subscription stored before
   * teams were qualified (`team:<name>`) this team's: otherwise it may be the other's.
   */
  readonly soleOfItsName: boolean;
}

/** Who is acting, with the teams of the served mesh they belong to. */
export interface NotifyActor {
  readonly username: string;
  readonly roles: readonly GlobalRole[];
  readonly teams: readonly NotifyActorTeam[];
}

/**
 * The owners that are this team: `team:<domain>/<team>`, and the unqualified `team:<team>`
 * of older subscriptions only while no other domain has a team of that name.
 */
function ownersOfTeam(team: NotifyActorTeam): NotificationOwner[] {
  const qualified = teamOwner(`${team.domain}/${team.name}`);
  return team.soleOfItsName ? [qualified, teamOwner(team.name)] : [qualified];
}

export interface SubscriptionInput {
  /** A team's subscription (its owners or an admin); omitted: the actor's own. */
  readonly team?: string | undefined;
  readonly types: readonly MeshEventType[];
  readonly scope: SubscriptionScope;
  readonly channel:
    | { readonly kind: 'email'; readonly address?: string | undefined }
    | { readonly kind: 'webhook' | 'slack' | 'teams'; readonly url: string };
  readonly language?: NotificationLanguage | undefined;
}

/** A subscription as the API shows it: no secret, a URL only by its origin. */
export interface SubscriptionView extends Omit<Subscription, 'channel'> {
  readonly channel: {
    readonly kind: SubscriptionChannel['kind'];
    readonly destination: string | null;
  };
}

/** At most this many subscriptions per user or team: each is read on every event. */
export const MAX_SUBSCRIPTIONS_PER_OWNER = 100;

export interface NotifySettings {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  /** Usernames of a team's members in the served mesh: whose addresses a team may mail. */
  readonly teamMembers?: ((team: string) => readonly string[]) | undefined;
  /** Bounds test sends (`createTestSendLimiter`); none: unbounded (tests of other things). */
  readonly testSendLimiter?: TestSendLimiter | undefined;
}

export function viewSubscription(subscription: Subscription): SubscriptionView {
  const channel = subscription.channel;
  return {
    ...subscription,
    channel: {
      kind: channel.kind,
      destination: channel.kind === 'email' ? channel.address : originOf(channel.url),
    },
  };
}

/** The owners whose subscriptions and deliveries the actor sees: their own and their teams'. */
export function visibleOwners(actor: NotifyActor): NotificationOwner[] {
  return [userOwner(actor.username), ...actor.teams.flatMap(ownersOfTeam)];
}

/** Whether the actor may change (create, delete, test) a subscription of this owner. */
export function mayManage(actor: NotifyActor, owner: NotificationOwner): boolean {
  if (actor.roles.includes('admin')) return true;
  if (owner === userOwner(actor.username)) return true;
  // A team is its domain and its name: the owner of a namesake team in another domain
  // manages nothing of this one.
  return actor.teams.some((t) => t.role === 'owner' && ownersOfTeam(t).includes(owner));
}

/**
 * Whether a `job.failed` subscription of this owner could hear of any job: the rule of
 * app/jobs/job-service.ts (admins and governance every job, a domain's owners and members
 * its builds). The publisher applies it again to each event.
 */
function mayHearFailedJobs(
  actor: NotifyActor,
  owner: NotificationOwner,
  scope: SubscriptionScope,
): boolean {
  const domains = owner.startsWith('team:')
    ? [owner.slice('team:'.length).split('/')[0] ?? '']
    : actor.roles.includes('admin') || actor.roles.includes('governance')
      ? null
      : actor.teams.map((t) => t.domain);
  if (domains === null) return true;
  if (owner.startsWith('team:') && !owner.includes('/')) return false;
  return scope.kind === 'domain' ? domains.includes(scope.domain) : domains.length > 0;
}

/**
 * The owner a new team subscription gets: `<domain>/<team>` as given, or a bare name
 * when it names exactly one of the actor's teams.
 */
function teamOwnerFor(actor: NotifyActor, team: string): NotificationOwner {
  if (team.includes('/')) return teamOwner(team);
  const named = actor.teams.filter((t) => t.name === team);
  const [only] = named;
  if (only === undefined || named.length > 1)
    throw new MeshworkError(
      named.length > 1 ? 'invalid-input' : 'forbidden',
      named.length > 1
        ? `you belong to several teams named "${team}": name it as <domain>/<team>`
        : `only an owner of the team "${team}" (or an admin, naming it <domain>/<team>) may subscribe for it`,
    );
  return teamOwner(`${only.domain}/${only.name}`);
}

/**
 * Creates a subscription. A webhook gets a new signing secret, returned here once and
 * never shown again; webhook, Slack and Teams URLs must pass the outbound rules (https, no
 * private address unless allowed) now, and again at every send.
 */
export async function createSubscription(
  store: MeshworkStore,
  actor: NotifyActor,
  input: SubscriptionInput,
  settings: NotifySettings,
): Promise<{ readonly subscription: Subscription; readonly secret: string | null }> {
  const owner =
    input.team === undefined ? userOwner(actor.username) : teamOwnerFor(actor, input.team);
  if (!mayManage(actor, owner))
    throw new MeshworkError(
      'forbidden',
      `only an owner of the team "${input.team ?? ''}" (or an admin) may subscribe for it`,
    );
  const types = [...new Set(input.types)];
  if (types.length === 0)
    throw new MeshworkError('invalid-input', 'choose at least one event type');
  if (types.includes('job.failed') && !mayHearFailedJobs(actor, owner, input.scope))
    throw new MeshworkError(
      'forbidden',
      'job.failed tells of jobs the jobs API shows: admins and governance see all, the owners and members of a domain its builds; this subscription would see none',
    );
  const existing = await store.notifications.listSubscriptions({
    owners: [owner],
    limit: MAX_SUBSCRIPTIONS_PER_OWNER,
  });
  if (existing.items.length >= MAX_SUBSCRIPTIONS_PER_OWNER)
    throw new MeshworkError(
      'conflict',
      `${owner} has ${MAX_SUBSCRIPTIONS_PER_OWNER} subscriptions already; delete one first`,
    );
  let channel: SubscriptionChannel;
  let secret: string | null = null;
  if (input.channel.kind === 'email') {
    const address = input.channel.address ?? null;
    if (address === null && owner.startsWith('team:'))
      throw new MeshworkError('invalid-input', "a team's e-mail subscription needs an address");
    if (address !== null)
      await assertAllowedEmailAddress(
        store,
        { username: actor.username, isAdmin: actor.roles.includes('admin') },
        owner,
        address,
        settings.teamMembers,
      );
    channel = { kind: 'email', address };
  } else {
    const checked = checkOutboundUrl(input.channel.url, outboundPolicyFromEnv(settings.env));
    if (!checked.ok) throw new MeshworkError('invalid-input', `channel.url: ${checked.message}`);
    if (input.channel.kind === 'webhook') {
      secret = `whsec_${randomBytes(24).toString('base64url')}`;
      channel = { kind: 'webhook', url: checked.url.href, secret };
    } else channel = { kind: input.channel.kind, url: checked.url.href };
  }
  const subscription: Subscription = {
    id: `sub_${randomBytes(9).toString('hex')}`,
    owner,
    createdBy: actor.username,
    types,
    scope: input.scope,
    channel,
    language: input.language ?? null,
    enabled: true,
    createdAt: settings.now().toISOString(),
  };
  await store.notifications.addSubscription(subscription);
  return { subscription, secret };
}

export async function listSubscriptions(
  store: MeshworkStore,
  actor: NotifyActor,
  page: PageRequest,
): Promise<Page<SubscriptionView>> {
  const found = await store.notifications.listSubscriptions({
    owners: visibleOwners(actor),
    ...page,
  });
  return { items: found.items.map(viewSubscription), next: found.next };
}

async function managed(
  store: MeshworkStore,
  actor: NotifyActor,
  id: string,
): Promise<Subscription> {
  const subscription = await store.notifications.getSubscription(id);
  // Someone else's subscription is "not found", not "forbidden": its id says nothing.
  const visible =
    subscription !== null &&
    (actor.roles.includes('admin') || visibleOwners(actor).includes(subscription.owner));
  if (!visible) throw new MeshworkError('not-found', `no subscription "${id}"`);
  if (!mayManage(actor, subscription.owner))
    throw new MeshworkError(
      'forbidden',
      `only the team's owners (or an admin) may change the subscription "${id}"`,
    );
  return subscription;
}

export async function deleteSubscription(
  store: MeshworkStore,
  actor: NotifyActor,
  id: string,
): Promise<void> {
  await managed(store, actor, id);
  await store.notifications.deleteSubscription(id);
}

/** Deliveries of the actor and their teams, newest first; an admin's: all. */
export function listDeliveries(
  store: MeshworkStore,
  actor: NotifyActor,
  page: PageRequest,
): Promise<Page<Delivery>> {
  return store.notifications.listDeliveries(
    actor.roles.includes('admin') ? page : { owners: visibleOwners(actor), ...page },
  );
}

/**
 * Sends a test event to this one subscription (not to everyone who would hear its type):
 * stored like any event, delivered by a `notify-deliver` job, logged like any delivery.
 */
export async function testSubscription(
  store: MeshworkStore,
  actor: NotifyActor,
  id: string,
  settings: NotifySettings & { readonly defaultLanguage: NotificationLanguage },
): Promise<{ readonly eventId: string; readonly deliveries: readonly Delivery[] }> {
  const subscription = await managed(store, actor, id);
  await settings.testSendLimiter?.take(subscription.id, settings.now());
  const at = settings.now().toISOString();
  const type = subscription.types[0] ?? 'check.failed';
  const scope = subscription.scope;
  const event = {
    id: `test:${subscription.id}:${randomBytes(6).toString('hex')}`,
    type,
    at,
    subject: `subscription:${subscription.id}`,
    productId: scope.kind === 'product' ? scope.productId : null,
    domain: scope.kind === 'domain' ? scope.domain : null,
    recipients: { users: [], teams: [] },
    data: { test: true, requestedBy: actor.username },
  };
  await store.notifications.addEvent(event);
  const channel = subscription.channel;
  let address: string | null = null;
  if (channel.kind === 'email') {
    address = channel.address;
    if (address === null) address = (await store.users.get(actor.username))?.email ?? null;
  }
  const failure =
    channel.kind === 'email' && address === null
      ? { code: 'no-email-address', message: 'there is no e-mail address to send the test to' }
      : null;
  const delivery: Delivery = {
    id: deliveryId(event.id, `sub:${subscription.id}`),
    eventId: event.id,
    eventType: type,
    subscriptionId: subscription.id,
    owner: subscription.owner,
    channel: channel.kind,
    destination: channel.kind === 'email' ? (address ?? subscription.owner) : originOf(channel.url),
    address,
    language: subscription.language ?? settings.defaultLanguage,
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
  };
  await store.notifications.addDelivery(delivery);
  if (!failure) await store.jobs.enqueue(deliveryJob(delivery, at));
  return { eventId: event.id, deliveries: [delivery] };
}
