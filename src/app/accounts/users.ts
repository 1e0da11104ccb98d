import type { GlobalRole } from '../../core/access/roles.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, Page, PageRequest, User } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import { hashPassword } from './password.ts';

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
export const MIN_PASSWORD_LENGTH = 8;
/** scrypt reads all of it: a megabyte "password" would be work for nothing. */
export const MAX_PASSWORD_LENGTH = 1024;

/** What a change of users answers: the user as now stored (shown without its hash), or why not. */
export type UserOutcome =
  | { readonly outcome: 'done'; readonly user: PublicUser }
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'last-admin' };

/**
 * Ends what signs in as `username`: every session, and with `tokens` every API token.
 * Sessions and tokens are also bound to the account's creation time (`isOfThisAccount`),
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

/**
 * Deletes the user's own notification subscriptions (issue 13) when the account goes, so a
 * later account of the same name starts with none; the publisher also skips any left over
 * by a crash (made before the account was). Team subscriptions they made stay the team's.
 */
export async function endSubscriptions(store: MeshworkStore, username: string): Promise<void> {
  const owners = [`user:${username}` as const];
  for (;;) {
    const page = await store.notifications.listSubscriptions({ owners, limit: 100 });
    if (page.items.length === 0) return;
    for (const subscription of page.items)
      await store.notifications.deleteSubscription(subscription.id);
  }
}

/** The user of this name when it may act (exists and is not disabled), else null. */
export async function activeUser(store: MeshworkStore, username: string): Promise<User | null> {
  const user = await store.users.get(username);
  return user && !user.disabled ? user : null;
}

/**
 * A session or token made before its user was created belongs to an earlier account of
 * the same name (deleted, then created again): it must not act with the new one's roles.
 * Deleting a user ends its sessions and revokes its tokens as well; this also covers what
 * was left behind by a process that deleted the user some other way.
 */
export function isOfThisAccount(issuedAt: string, user: User): boolean {
  return Date.parse(issuedAt) >= Date.parse(user.createdAt);
}

export async function listUsers(
  store: MeshworkStore,
  page: PageRequest,
): Promise<Page<PublicUser>> {
  const found = await store.users.list(page);
  return { items: found.items.map(publicUser), next: found.next };
}

export async function getUser(store: MeshworkStore, username: string): Promise<PublicUser | null> {
  const user = await store.users.get(username);
  return user && publicUser(user);
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new MeshworkError(
      'invalid-input',
      `A password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
    );
}

export interface NewUser {
  readonly username: string;
  readonly name: string;
  readonly email?: string | null | undefined;
  readonly password: string;
  readonly roles?: readonly GlobalRole[] | undefined;
}

/** Creates a local account (`taken` when the name is); audited as done by `actor`. */
export async function createUser(
  store: MeshworkStore,
  actor: string,
  input: NewUser,
): Promise<
  { readonly outcome: 'created'; readonly user: PublicUser } | { readonly outcome: 'taken' }
> {
  if (!USERNAME_PATTERN.test(input.username))
    throw new MeshworkError('invalid-input', `"${input.username}" is not a valid username.`);
  checkPassword(input.password);
  if (await store.users.get(input.username)) return { outcome: 'taken' };
  const user: User = {
    username: input.username,
    name: input.name,
    email: input.email ?? null,
    roles: [...new Set(input.roles ?? [])],
    passwordHash: await hashPassword(input.password),
    oidcSubject: null,
    disabled: false,
    createdAt: new Date().toISOString(),
  };
  await store.users.put(user);
  await recordAudit(store, {
    actor,
    action: 'user.create',
    target: user.username,
    details: { roles: user.roles.join(',') },
  });
  return { outcome: 'created', user: publicUser(user) };
}

/** The fields of an account a change may set; the ones given (even as null) are audited by name. */
export interface UserUpdate {
  readonly name?: string | undefined;
  readonly email?: string | null | undefined;
  readonly password?: string | undefined;
  readonly roles?: readonly GlobalRole[] | undefined;
  readonly disabled?: boolean | undefined;
}

/**
 * Changes an account under the last-admin rule (the store keeps it, atomically). A new
 * password or a disabled account ends every session — whoever held one may be the reason
 * for the change — and a disabled account's tokens are revoked too.
 */
export async function updateUser(
  store: MeshworkStore,
  actor: string,
  username: string,
  change: UserUpdate,
): Promise<UserOutcome> {
  if (change.password !== undefined) checkPassword(change.password);
  // Hashed before the store's lock is taken: scrypt takes a while.
  const passwordHash =
    change.password === undefined ? undefined : await hashPassword(change.password);
  const result = await store.users.update(
    username,
    (user) => ({
      ...user,
      name: change.name ?? user.name,
      email: change.email === undefined ? user.email : change.email,
      roles: change.roles ? [...new Set(change.roles)] : user.roles,
      disabled: change.disabled ?? user.disabled,
      passwordHash: passwordHash ?? user.passwordHash,
    }),
    { keepAnAdmin: true },
  );
  if (result.outcome !== 'done') return result;
  const changed = result.user;
  if (passwordHash !== undefined || changed.disabled)
    await endAccess(store, username, changed.disabled);
  await recordAudit(store, {
    actor,
    action: 'user.update',
    target: username,
    // Which fields changed, never their values (a password among them).
    details: {
      fields: Object.keys(change).sort().join(','),
      roles: changed.roles.join(','),
      disabled: changed.disabled,
    },
  });
  return { outcome: 'done', user: publicUser(changed) };
}

/** Deletes an account unless it is the last enabled admin; ends its sessions and tokens. */
export async function deleteUser(
  store: MeshworkStore,
  actor: string,
  username: string,
): Promise<{ readonly outcome: 'done' | 'not-found' | 'last-admin' }> {
  const result = await store.users.deleteKeepingAnAdmin(username);
  if (result.outcome !== 'done') return result;
  await endAccess(store, username, true);
  await endSubscriptions(store, username);
  await recordAudit(store, { actor, action: 'user.delete', target: username });
  return { outcome: 'done' };
}
