import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { recordAudit } from '../../app/accounts/audit.ts';
import { identityRefusal, userForIdentity } from '../../app/accounts/sso-users.ts';
import type { AuthContext } from './authenticate.ts';
import type { OidcClient } from './oidc.ts';
import { problem } from './problem.ts';
import { problemResponse } from './schemas.ts';
import { isHttps, startSession } from './sessions.ts';
import { clientAddress } from './routes-session.ts';

const FLOW_COOKIE = 'mw_oidc';
const FLOW_COOKIE_PATH = '/api/auth/oidc';

/** Only a path on this site: an open redirect would make the sign-in page a phishing aid. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  return value;
}

const begin = createRoute({
  method: 'get',
  path: '/auth/oidc/login',
  tags: ['auth'],
  summary: 'Start single sign-on: redirects to the identity provider',
  request: { query: z.object({ returnTo: z.string().max(2000).optional() }) },
  responses: {
    302: { description: 'To the identity provider' },
    404: problemResponse('Single sign-on is not configured'),
    503: problemResponse('The identity provider cannot be reached'),
  },
});

const callback = createRoute({
  method: 'get',
  path: '/auth/oidc/callback',
  tags: ['auth'],
  summary: 'Where the identity provider sends the browser back',
  responses: {
    302: { description: 'Into the portal (signed in), or to /login?error=sso' },
    404: problemResponse('Single sign-on is not configured'),
  },
});

export function registerOidcRoutes(
  app: OpenAPIHono,
  ctx: AuthContext,
  oidc: OidcClient | null,
): void {
  const notConfigured = 'Single sign-on is not configured (MESHWORK_OIDC_ISSUER).';

  app.openapi(begin, async (c) => {
    if (!oidc) return problem(c, 404, 'Not found', notConfigured);
    let started: Awaited<ReturnType<OidcClient['begin']>>;
    try {
      started = await oidc.begin(safeReturnTo(c.req.valid('query').returnTo));
    } catch {
      return problem(
        c,
        503,
        'Identity provider unavailable',
        'The identity provider cannot be reached.',
      );
    }
    // SameSite=Lax: the provider sends the browser back with a top-level GET, which carries it.
    setCookie(c, FLOW_COOKIE, started.flowId, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c, ctx.publicUrl),
      path: FLOW_COOKIE_PATH,
      maxAge: 600,
    });
    return c.redirect(started.url.href, 302);
  });

  app.openapi(callback, async (c) => {
    if (!oidc) return problem(c, 404, 'Not found', notConfigured);
    const flowId = getCookie(c, FLOW_COOKIE) ?? '';
    deleteCookie(c, FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    const address = clientAddress(c);
    // The URL the provider redirected to, as registered, whatever a proxy made of it.
    const current = new URL(c.req.url);
    const callbackUrl = new URL(`${ctx.publicUrl}/api/auth/oidc/callback${current.search}`);
    try {
      const { identity, returnTo } = await oidc.finish(flowId, callbackUrl);
      const refusal = identityRefusal(identity, oidc.allowedDomains);
      if (refusal !== null) throw new Error(refusal);
      const { user, created } = await userForIdentity(
        ctx.store,
        identity,
        (name) => Object.keys(ctx.domainRoles(name)).length > 0,
      );
      if (user.disabled) throw new Error('account disabled');
      await startSession(c, ctx.store, { username: user.username, publicUrl: ctx.publicUrl });
      await recordAudit(ctx.store, {
        actor: user.username,
        action: 'auth.login',
        target: user.username,
        details: { method: 'oidc', created, address },
      });
      return c.redirect(returnTo, 302);
    } catch (error) {
      await recordAudit(ctx.store, {
        actor: 'anonymous',
        action: 'auth.login-failed',
        target: null,
        details: {
          method: 'oidc',
          reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
          address,
        },
      });
      return c.redirect('/login?error=sso', 302);
    }
  });
}
