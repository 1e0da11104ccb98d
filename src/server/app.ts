import { createHash } from 'node:crypto';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { createAccessDeps } from './access-deps.ts';
import { DEFAULT_BODY_LIMITS, limitBodies } from './body-limits.ts';
import type { ServerDeps } from './deps.ts';
import { SILENT_LOG } from './log.ts';
import { serverEventSink } from './event-sink.ts';
import { errorRenderer, problemJson } from './problem.ts';
import { requestLog } from './request-log.ts';
import { registerAccessRoutes } from './routes/access-routes.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerAuditRoutes } from './routes/audit-routes.ts';
import { registerCanvasRoutes } from './routes/canvas-routes.ts';
import { canvasDrafter } from './canvas-drafter.ts';
import { registerContractRoutes } from './routes/contract-routes.ts';
import { registerDomainRoutes } from './routes/domain-routes.ts';
import { registerIncidentRoutes } from './routes/incident-routes.ts';
import { registerSlaRoutes } from './routes/sla-routes.ts';
import { registerJobRoutes } from './routes/job-routes.ts';
import { registerTrinoRulesFileRoutes, registerTrinoStatusRoutes } from './routes/trino-routes.ts';

import { registerDashboardRoutes } from './routes/dashboard-routes.ts';

import { registerNotifyRoutes } from './routes/notify-routes.ts';
import { registerPortDataRoutes } from './routes/port-data-routes.ts';
import { registerPrivacyRoutes } from './routes/privacy-routes.ts';
import { registerProductRoutes } from './routes/product-routes.ts';
import type { RouteContext } from './routes/route-kit.ts';
import { jsonContent } from './routes/route-kit.ts';
import { servePortal } from './static.ts';

export const VERSION = '0.1.0';

/** Node's synchronous hash: cheaper per response than WebCrypto's promise round trip. */
const sha1 = (body: Uint8Array): ArrayBuffer => {
  const digest = createHash('sha1').update(body).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
};

/** Routes reachable without a session: health, and the means of signing in. */
const PUBLIC_API = new Set([
  '/api/health',
  '/api/auth/login',
  '/api/auth/config',
  '/api/auth/oidc/login',
  '/api/auth/oidc/callback',
]);

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['server'],
  summary: 'Liveness; the only route without authentication',
  responses: {
    200: jsonContent(
      z.object({ status: z.literal('ok'), version: z.string() }).openapi('Health'),
      'The server is up',
    ),
  },
});

/**
 * The HTTP server: the API under /api (every route but health and the sign-in entry
 * points behind `authenticate`), the OpenAPI document generated from the route schemas,
 * and the portal from `webRoot`. Errors of every route become problem+json in `onError`.
 */
export function createApp(deps: ServerDeps): OpenAPIHono {
  const events =
    deps.events === undefined ? undefined : serverEventSink(deps.events, deps.log ?? SILENT_LOG);
  const ctx: RouteContext = {
    deps,
    now: deps.now ?? (() => new Date()),
    ...(events === undefined ? {} : { events }),
  };
  const renderError = errorRenderer(deps.log ?? SILENT_LOG);
  const api = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const detail = result.error.issues
        .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
        .join('; ');
      return problemJson(c, 400, 'Bad Request', detail);
    },
  });
  const signedIn: MiddlewareHandler = async (c, next) => {
    if (PUBLIC_API.has(c.req.path)) return next();
    return deps.auth.authenticate(c, next);
  };
  api.use('*', signedIn);
  // After authentication: a stranger's upload is refused with 401 before it is read.
  api.use('*', limitBodies(deps.limits ?? DEFAULT_BODY_LIMITS));
  api.use('*', etag({ weak: true, generateDigest: sha1 }));

  api.openapi(health, (c) => c.json({ status: 'ok' as const, version: VERSION }, 200));
  const access =
    deps.access ??
    createAccessDeps({
      store: deps.store,
      catalog: deps.catalog,
      workspaceRoot: deps.catalog.root,
      env: {},
      now: ctx.now,
      ...(ctx.events === undefined ? {} : { events: ctx.events }),
    });
  registerProductRoutes(api, ctx, access);
  registerDomainRoutes(api, ctx);
  registerIncidentRoutes(api, ctx);
  registerSlaRoutes(api, ctx);
  registerContractRoutes(api, ctx);
  registerAdminRoutes(api, ctx);
  registerAccessRoutes(api, ctx, access);
  registerPortDataRoutes(api, ctx, access);
  registerAuditRoutes(api, ctx);
  registerJobRoutes(api, ctx);
  if (deps.trino !== undefined) registerTrinoStatusRoutes(api, ctx, deps.trino);

  registerDashboardRoutes(api, ctx);
  registerPrivacyRoutes(api, ctx, access);
  registerNotifyRoutes(api, ctx, access);
  registerCanvasRoutes(api, ctx, {
    commitProposals: deps.canvas?.commitProposals ?? false,
    draft: deps.canvas?.draft ?? canvasDrafter({}),
  });
  api.route('/', deps.auth.routes);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Meshwork API',
      version: VERSION,
      description:
        'The catalog of a data mesh: domains, products, contracts, lineage, runs, governance. ' +
        'Every route but /api/health needs a session cookie or an API token (Bearer).',
    },
    servers: [{ url: '/api' }],
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'mw_session',
  });
  api.onError(renderError);

  const app = new OpenAPIHono();
  app.use('*', requestLog(deps.log ?? SILENT_LOG));
  app.use('*', deps.auth.securityHeaders);
  // Before /api's authentication: Trino fetches its rules with a token in the path.
  if (deps.trino !== undefined) registerTrinoRulesFileRoutes(app, deps.trino, deps.store);
  app.route('/api', api);
  if (deps.webRoot !== undefined) app.use('*', servePortal(deps.webRoot));
  // Sub-apps' notFound is not consulted by Hono once mounted; the one here answers for all.
  app.notFound((c) =>
    problemJson(c, 404, 'Not Found', `Nothing at ${c.req.method} ${c.req.path}.`),
  );
  app.onError(renderError);
  return app;
}
