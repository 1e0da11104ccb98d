import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { recordAudit } from '../../app/accounts/audit.ts';
import { GateBusyError, type HashGate } from '../../app/accounts/hash-gate.ts';
import { checkPasswordSignIn } from '../../app/accounts/sign-in.ts';
import type { User } from '../../app/store/store.ts';
import type { AuthContext } from './authenticate.ts';
import { toPrincipal } from './authenticate.ts';
import type { OidcClient } from './oidc.ts';
import { problem } from './problem.ts';
import type { RateLimiter } from './rate-limit.ts';
import { jsonBody, jsonResponse, PrincipalSchema, problemResponse } from './schemas.ts';
import { currentSession, endSession, startSession } from './sessions.ts';

export interface SessionRouteDeps {
  readonly ctx: AuthContext;
  readonly authenticate: MiddlewareHandler;
  readonly oidc: OidcClient | null;
  readonly byUsername: RateLimiter;
  readonly byAddress: RateLimiter;
  readonly hashGate: HashGate;
}

/** The socket's peer address; in-process test requests have none. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const SignedIn = z.object({ user: PrincipalSchema, csrfToken: z.string().nullable() });

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with a local account; sets the session cookie',
  request: {
    body: jsonBody(
      z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) }),
    ),
  },
  responses: {
    200: jsonResponse(
      SignedIn,
      'Signed in; the CSRF token goes into X-CSRF-Token of later changes',
    ),
    401: problemResponse('Wrong username or password'),
    429: problemResponse('Too many attempts; see Retry-After'),
    503: problemResponse('Too many sign-ins at once; see Retry-After'),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End the session',
  responses: { 204: { description: 'Signed out' }, 401: problemResponse('Not signed in') },
});

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'Who is signed in',
  responses: { 200: jsonResponse(SignedIn, 'The caller'), 401: problemResponse('Not signed in') },
});

const config = createRoute({
  method: 'get',
  path: '/auth/config',
  tags: ['auth'],
  summary: 'How one may sign in (public, for the login page)',
  responses: {
    200: jsonResponse(
      z.object({ oidc: z.object({ enabled: z.boolean(), label: z.string().nullable() }) }),
      'Sign-in options',
    ),
  },
});

export function registerSessionRoutes(app: OpenAPIHono, deps: SessionRouteDeps): void {
  const { ctx } = deps;

  app.openapi(login, async (c) => {
    const { username, password } = c.req.valid('json');
    const userKey = username.toLowerCase();
    const address = clientAddress(c);
    const tooMany = (wait: number) =>
      problem(c, 429, 'Too many attempts', `Too many sign-ins; try again in ${wait} s.`, {
        'Retry-After': String(wait),
      });
    // Counted before the password is checked (rate-limit.ts): a burst gets no further.
    const userWait = await deps.byUsername.reserve(userKey);
    if (userWait > 0) return tooMany(userWait);
    const addressWait = await deps.byAddress.reserve(address);
    if (addressWait > 0) {
      await deps.byUsername.release(userKey);
      return tooMany(addressWait);
    }
    let user: User | null;
    try {
      user = await checkPasswordSignIn(ctx.store, {
        username,
        password,
        address,
        gate: deps.hashGate,
      });
    } catch (error) {
      if (!(error instanceof GateBusyError)) throw error;
      // Never checked: the attempt does not count.
      await deps.byUsername.release(userKey);
      await deps.byAddress.release(address);
      const wait = deps.hashGate.retryAfterSeconds;
      return problem(c, 503, 'Busy', `Too many sign-ins at once; try again in ${wait} s.`, {
        'Retry-After': String(wait),
      });
    }
    if (user === null)
      return problem(c, 401, 'Invalid credentials', 'The username or the password is wrong.');
    await deps.byAddress.release(address);
    await deps.byUsername.reset(userKey);
    const { csrfToken } = await startSession(c, ctx.store, {
      username: user.username,
      publicUrl: ctx.publicUrl,
    });
    await recordAudit(ctx.store, {
      actor: user.username,
      action: 'auth.login',
      target: user.username,
      details: { method: 'password', address },
    });
    return c.json({ user: toPrincipal(ctx, user, 'session'), csrfToken }, 200);
  });

  app.use('/auth/logout', deps.authenticate);
  app.openapi(logout, async (c) => {
    await endSession(c, ctx.store, ctx.publicUrl);
    return c.body(null, 204);
  });

  app.use('/auth/me', deps.authenticate);
  app.openapi(me, async (c) => {
    const principal = c.get('principal');
    const session = principal.via === 'session' ? await currentSession(c, ctx.store) : null;
    return c.json({ user: principal, csrfToken: session?.csrfToken ?? null }, 200);
  });

  app.openapi(config, (c) =>
    c.json({ oidc: { enabled: deps.oidc !== null, label: deps.oidc?.label ?? null } }, 200),
  );
}
