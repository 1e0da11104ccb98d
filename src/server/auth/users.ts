import type { GlobalRole, MeshworkStore, User } from '../../app/store/store.ts';
import type { OidcIdentity } from './oidc.ts';

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  readonly username: string;
  readonly name: string;
  readonly email: string | null;
  readonly roles: GlobalRole[];
  readonly disabled: boolean;
  readonly sso: boolean;
  readonly createdAt: string;
}

export function publicUser(user: User): PublicUser {
  return {
    username: user.username,
    name: user.name,
    email: user.email,
    roles: [...user.roles],
    disabled: user.disabled,
    sso: user.oidcSubject !== null,
    createdAt: user.createdAt,
  };
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Ends what signs in as `username`: every session, and with `tokens` every API token.
 * Sessions and tokens are also bound to the account's creation time (`authenticate.ts`),
 * so one left over by a crash between the two steps cannot act for a later namesake.
 */
export async function endAccess(
  store: MeshworkStore,
  username: string,
  tokens: boolean,
): Promise<void> {
  await store.sessions.deleteForUser(username);
  if (!tokens) return;
  for (const token of await store.tokens.listForUser(username)) {
    if (!token.revoked) await store.tokens.revoke(username, token.id);
  }
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
 * identity to the intended account (`POST /users/{username}/oidc-link`).
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
