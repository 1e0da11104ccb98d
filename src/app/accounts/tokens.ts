import { randomUUID } from 'node:crypto';
import type { ApiToken, MeshworkStore, User } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import { randomSecret, sha256 } from './secrets.ts';
import { activeUser, isOfThisAccount } from './users.ts';

/** Recognisable in a leaked file or a secret scanner, like GitHub's `ghp_`. */
export const TOKEN_PREFIX = 'mwt_';

/** A token as its owner sees it: never its hash, which is all the store keeps of it. */
export type TokenView = Omit<ApiToken, 'tokenHash' | 'username'>;

export function tokenView(token: ApiToken): TokenView {
  const { tokenHash: _hash, username: _owner, ...rest } = token;
  return rest;
}

/** `username`'s API tokens, revoked ones included. */
export async function listTokens(
  store: MeshworkStore,
  username: string,
): Promise<readonly TokenView[]> {
  return (await store.tokens.listForUser(username)).map(tokenView);
}

/**
 * Creates an API token for `username`; `secret` is returned this once and never stored
 * (the store keeps its SHA-256). Audited.
 */
export async function createToken(
  store: MeshworkStore,
  options: {
    readonly username: string;
    readonly name: string;
    readonly expiresInDays?: number | undefined;
  },
): Promise<{ readonly token: TokenView; readonly secret: string }> {
  const { username, name, expiresInDays } = options;
  const secret = `${TOKEN_PREFIX}${randomSecret()}`;
  const now = Date.now();
  const token: ApiToken = {
    id: randomUUID(),
    username,
    name,
    tokenHash: sha256(secret),
    createdAt: new Date(now).toISOString(),
    expiresAt:
      expiresInDays === undefined ? null : new Date(now + expiresInDays * 86_400_000).toISOString(),
    lastUsedAt: null,
    revoked: false,
  };
  await store.tokens.put(token);
  await recordAudit(store, {
    actor: username,
    action: 'token.create',
    target: token.id,
    details: { name },
  });
  return { token: tokenView(token), secret };
}

/** Revokes one of `username`'s tokens; false when it has none with this id. Audited. */
export async function revokeToken(
  store: MeshworkStore,
  username: string,
  id: string,
): Promise<boolean> {
  if (!(await store.tokens.revoke(username, id))) return false;
  await recordAudit(store, { actor: username, action: 'token.revoke', target: id });
  return true;
}

/** lastUsedAt is a hint for people cleaning up tokens; a minute's precision spares writes. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Who a bearer token signs in as: its user when the token is known, not revoked, not
 * expired, and issued to this account (not an earlier one of the same name) which is
 * enabled; otherwise null. Each checker remembers when it last recorded a token's use.
 */
export function createTokenChecker(store: MeshworkStore): (secret: string) => Promise<User | null> {
  const touched = new Map<string, number>();
  return async function userOfToken(secret) {
    const stored = await store.tokens.findByHash(sha256(secret));
    if (!stored || stored.revoked) return null;
    const now = Date.now();
    if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now) return null;
    const user = await activeUser(store, stored.username);
    if (!user || !isOfThisAccount(stored.createdAt, user)) return null;
    // Remembered here as well as in the store: fifty requests arriving together all see the
    // old lastUsedAt, and each would append its own touch.
    const last = Math.max(
      touched.get(stored.id) ?? 0,
      stored.lastUsedAt === null ? 0 : Date.parse(stored.lastUsedAt),
    );
    if (now - last > TOUCH_INTERVAL_MS) {
      touched.set(stored.id, now);
      await store.tokens.touch(stored.id, new Date(now).toISOString());
    }
    return user;
  };
}
