import type { Context, MiddlewareHandler } from 'hono';
import { isSessionCsrfToken, sessionUser } from '../../app/accounts/sessions.ts';
import { createTokenChecker } from '../../app/accounts/tokens.ts';
import type { MeshworkStore, User } from '../../app/store/store.ts';
import type { DomainRole, Principal } from './principal.ts';
import { problem } from './problem.ts';
import { currentSession } from './sessions.ts';

export interface AuthContext {
  readonly store: MeshworkStore;
  readonly domainRoles: (username: string) => Record<string, DomainRole>;
  readonly publicUrl: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function toPrincipal(ctx: AuthContext, user: User, via: Principal['via']): Principal {
  return {
    username: user.username,
    name: user.name,
    roles: [...user.roles],
    domains: { ...ctx.domainRoles(user.username) },
    via,
  };
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
  const userOfToken = createTokenChecker(ctx.store);
  return async function authenticate(c, next) {
    const existing: Principal | undefined = c.get('principal');
    if (existing) return next();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const user = match?.[1] ? await userOfToken(match[1]) : null;
      if (!user) return unauthorized(c);
      c.set('principal', toPrincipal(ctx, user, 'token'));
      return next();
    }
    const live = await currentSession(c, ctx.store);
    if (!live) return unauthorized(c);
    const { session } = live;
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token');
      if (sent === undefined || !isSessionCsrfToken(session, sent)) {
        return problem(
          c,
          403,
          'CSRF token missing',
          "Send the session's CSRF token in the X-CSRF-Token header.",
        );
      }
    }
    const user = await sessionUser(ctx.store, session);
    if (!user) return unauthorized(c);
    c.set('principal', toPrincipal(ctx, user, 'session'));
    return next();
  };
}
