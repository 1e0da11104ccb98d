import type { Context, MiddlewareHandler } from 'hono';
import type { MeshworkStore, User } from '../../app/store/store.ts';
import type { DomainRole, Principal } from './principal.ts';
import { problem } from './problem.ts';
import { secretsEqual, sha256 } from './secrets.ts';
import { currentSession } from './sessions.ts';

export interface AuthContext {
  readonly store: MeshworkStore;
  readonly domainRoles: (username: string) => Record<string, DomainRole>;
  readonly publicUrl: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** lastUsedAt is a hint for people cleaning up tokens; a minute's precision spares writes. */
const TOUCH_INTERVAL_MS = 60_000;

export function toPrincipal(ctx: AuthContext, user: User, via: Principal['via']): Principal {
  return {
    username: user.username,
    name: user.name,
    roles: [...user.roles],
    domains: { ...ctx.domainRoles(user.username) },
    via,
  };
}

/**
 * A session or token made before its user was created belongs to an earlier account of
 * the same name (deleted, then created again): it must not act with the new one's roles.
 * Deleting a user ends its sessions and revokes its tokens as well; this also covers what
 * was left behind by a process that deleted the user some other way.
 */
function isOfThisAccount(issuedAt: string, user: User): boolean {
  return Date.parse(issuedAt) >= Date.parse(user.createdAt);
}

async function activeUser(store: MeshworkStore, username: string): Promise<User | null> {
  const user = await store.users.get(username);
  return user && !user.disabled ? user : null;
}

async function fromBearer(
  ctx: AuthContext,
  token: string,
  touched: Map<string, number>,
): Promise<Principal | null> {
  const stored = await ctx.store.tokens.findByHash(sha256(token));
  if (!stored || stored.revoked) return null;
  const now = Date.now();
  if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now) return null;
  const user = await activeUser(ctx.store, stored.username);
  if (!user || !isOfThisAccount(stored.createdAt, user)) return null;
  // Remembered here as well as in the store: fifty requests arriving together all see the
  // old lastUsedAt, and each would append its own touch.
  const last = Math.max(
    touched.get(stored.id) ?? 0,
    stored.lastUsedAt === null ? 0 : Date.parse(stored.lastUsedAt),
  );
  if (now - last > TOUCH_INTERVAL_MS) {
    touched.set(stored.id, now);
    await ctx.store.tokens.touch(stored.id, new Date(now).toISOString());
  }
  return toPrincipal(ctx, user, 'token');
}

const unauthorized = (c: Context): Response =>
  problem(
    c,
    401,
    'Unauthorized',
    'Sign in, or send an API token as "Authorization: Bearer <token>".',
    {
      'WWW-Authenticate': 'Bearer realm="meshwork"',
    },
  );

/**
 * Sets `principal` from `Authorization: Bearer` or the session cookie, or answers 401.
 * A session is a cookie the browser sends by itself, so a state-changing request that
 * rides on one must also carry the session's CSRF token in `X-CSRF-Token` — a page on
 * another site cannot read it. Bearer tokens are never sent by a browser on its own.
 * Runs once per request even when mounted twice (by the app and by these routes).
 */
export function createAuthenticate(ctx: AuthContext): MiddlewareHandler {
  const touched = new Map<string, number>();
  return async function authenticate(c, next) {
    const existing: Principal | undefined = c.get('principal');
    if (existing) return next();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const principal = match?.[1] ? await fromBearer(ctx, match[1], touched) : null;
      if (!principal) return unauthorized(c);
      c.set('principal', principal);
      return next();
    }
    const live = await currentSession(c, ctx.store);
    if (!live) return unauthorized(c);
    const { session } = live;
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token');
      if (sent === undefined || !secretsEqual(sha256(sent), session.csrfTokenHash)) {
        return problem(
          c,
          403,
          'CSRF token missing',
          "Send the session's CSRF token in the X-CSRF-Token header.",
        );
      }
    }
    const user = await activeUser(ctx.store, session.username);
    if (!user || !isOfThisAccount(session.createdAt, user)) {
      await ctx.store.sessions.delete(session.idHash);
      return unauthorized(c);
    }
    c.set('principal', toPrincipal(ctx, user, 'session'));
    return next();
  };
}
