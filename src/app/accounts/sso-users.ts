import type { MeshworkStore, User } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import { endAccess, endSubscriptions, publicUser, type PublicUser } from './users.ts';

/** Who an OpenID Connect provider says signed in (the HTTP flow is `server/auth/oidc.ts`). */
export interface OidcIdentity {
  /** `<issuer>|<subject>`, the stable key of an SSO user. */
  readonly subject: string;
  readonly preferredUsername: string | null;
  readonly name: string | null;
  readonly email: string | null;
  /** The provider's `email_verified`: only true when it says so. */
  readonly emailVerified: boolean;
}

function usernameBase(identity: OidcIdentity): string {
  // Entra ID's preferred_username is the UPN (an e-mail address): its local part is the name.
  const raw = (identity.preferredUsername ?? identity.email ?? 'user').split('@')[0] ?? 'user';
  const cleaned = raw
    .toLowerCase()
    .replaceAll(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 48);
  return cleaned === '' ? 'user' : cleaned;
}

/** Why an identity may not sign in, or null when it may (`MESHWORK_OIDC_ALLOWED_DOMAINS`). */
export function identityRefusal(
  identity: OidcIdentity,
  allowedDomains: readonly string[] | null,
): string | null {
  if (allowedDomains === null) return null;
  const domain = identity.email?.split('@')[1]?.toLowerCase() ?? null;
  if (domain === null || !allowedDomains.includes(domain)) return 'e-mail domain not allowed';
  // An unverified address is whatever the person typed into the provider's profile.
  if (!identity.emailVerified) return 'e-mail address not verified';
  return null;
}

/**
 * The user an SSO identity signs in as: matched by `issuer|subject` only — never by
 * e-mail or name, which would let whoever controls a provider account claim a local one.
 * A new identity gets a new user whose name is neither taken nor given a role by the
 * mesh's teams (`isReserved`): `mweber@gmail.com` must not become the `mweber` that
 * domain.yaml makes an owner. It has no roles until an admin grants them or links the
 * identity to the intended account (`linkOidcIdentity`).
 */
export async function userForIdentity(
  store: MeshworkStore,
  identity: OidcIdentity,
  isReserved: (username: string) => boolean,
): Promise<{ user: User; created: boolean }> {
  const existing = await store.users.findByOidcSubject(identity.subject);
  if (existing) return { user: existing, created: false };
  const base = usernameBase(identity);
  let username = base;
  for (let n = 2; isReserved(username) || (await store.users.get(username)) !== null; n++)
    username = `${base}-${n}`;
  const user: User = {
    username,
    name: identity.name ?? username,
    email: identity.email,
    roles: [],
    passwordHash: null,
    oidcSubject: identity.subject,
    disabled: false,
    createdAt: new Date().toISOString(),
  };
  await store.users.put(user);
  return { user, created: true };
}

export type LinkOutcome =
  | { readonly outcome: 'done'; readonly user: PublicUser }
  | { readonly outcome: 'not-found' }
  /** `from` has no SSO identity (or is the account itself). */
  | { readonly outcome: 'no-identity' }
  /** The account is linked to another identity already. */
  | { readonly outcome: 'already-linked' }
  | { readonly outcome: 'last-admin' }
  /** The account went away while linking; `from` was put back with its identity. */
  | { readonly outcome: 'gone-meanwhile' };

/**
 * Links the SSO identity of the user `from` (created by its first sign-in) to `username`
 * and deletes `from`: the admin's explicit way to let an identity sign in as an existing
 * account. Audited as done by `actor`.
 */
export async function linkOidcIdentity(
  store: MeshworkStore,
  actor: string,
  username: string,
  from: string,
): Promise<LinkOutcome> {
  const [target, source] = [await store.users.get(username), await store.users.get(from)];
  if (!target || !source) return { outcome: 'not-found' };
  const subject = source.oidcSubject;
  if (subject === null || from === username) return { outcome: 'no-identity' };
  if (target.oidcSubject !== null) return { outcome: 'already-linked' };
  // The identity's own user goes first: a subject belongs to one user only.
  const removed = await store.users.deleteKeepingAnAdmin(from);
  if (removed.outcome === 'last-admin') return { outcome: 'last-admin' };
  await endAccess(store, from, true);
  await endSubscriptions(store, from);
  const linked = await store.users.update(username, (user) => ({ ...user, oidcSubject: subject }));
  if (linked.outcome !== 'done') {
    // The target went away meanwhile: the identity's own user comes back, so no sign-in
    // identity is left linked to nobody. (Its sessions stay ended.)
    await store.users.put(source);
    return { outcome: 'gone-meanwhile' };
  }
  await recordAudit(store, {
    actor,
    action: 'user.link-oidc',
    target: username,
    details: { from },
  });
  return { outcome: 'done', user: publicUser(linked.user) };
}
