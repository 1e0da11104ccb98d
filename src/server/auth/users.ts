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

async function enabledAdmins(store: MeshworkStore): Promise<string[]> {
  const admins: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.users.list({ limit: 200, cursor });
    for (const user of page.items) {
      if (user.roles.includes('admin') && !user.disabled) admins.push(user.username);
    }
    cursor = page.next;
  } while (cursor !== null);
  return admins;
}

/** True when taking `username`'s admin rights away would leave nobody to administer. */
export async function isLastAdmin(store: MeshworkStore, username: string): Promise<boolean> {
  const admins = await enabledAdmins(store);
  return admins.length === 1 && admins[0] === username;
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

/**
 * The user an SSO identity signs in as: matched by `issuer|subject` only — never by
 * e-mail or name, which would let whoever controls a provider account claim a local one.
 * A new identity gets a new user, its username made unique if the preferred one is taken.
 */
export async function userForIdentity(
  store: MeshworkStore,
  identity: OidcIdentity,
): Promise<{ user: User; created: boolean }> {
  const existing = await store.users.findByOidcSubject(identity.subject);
  if (existing) return { user: existing, created: false };
  const base = usernameBase(identity);
  let username = base;
  for (let n = 2; (await store.users.get(username)) !== null; n++) username = `${base}-${n}`;
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
