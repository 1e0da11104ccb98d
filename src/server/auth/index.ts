import { availableParallelism } from 'node:os';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { MeshworkError } from '../../app/errors.ts';
import type { MeshworkStore } from '../../app/store/store.ts';
import { bootstrapAdmin } from '../../app/accounts/bootstrap-admin.ts';
import { createHashGate } from '../../app/accounts/hash-gate.ts';
import { createAuthenticate, type AuthContext } from './authenticate.ts';
import { requireDomainRole, requireRole } from './authorize.ts';
import { readOidcSettings } from './oidc-config.ts';
import { createOidcClient } from './oidc.ts';
import type { DomainRole } from './principal.ts';
import { problem } from './problem.ts';
import { createRateLimiter } from './rate-limit.ts';
import { registerOidcRoutes } from './routes-oidc.ts';
import { registerSessionRoutes } from './routes-session.ts';
import { registerTokenRoutes } from './routes-tokens.ts';
import { registerUserRoutes } from './routes-users.ts';
import { createSecurityHeaders } from './security-headers.ts';

export type { DomainRole, Principal } from './principal.ts';
export { TOKEN_PREFIX } from './routes-tokens.ts';

export interface AuthOptions {
  readonly store: MeshworkStore;
  readonly env: NodeJS.ProcessEnv;
  /** The caller's roles per domain, from the teams in the mesh's domain.yaml files. */
  readonly domainRoles: (username: string) => Record<string, DomainRole>;
  /** Where browsers reach the server, e.g. `http://127.0.0.1:4000`; the OIDC redirect URI hangs off it. */
  readonly publicUrl: string;
}

export interface AuthService {
  readonly authenticate: MiddlewareHandler;
  readonly requireRole: typeof requireRole;
  readonly requireDomainRole: typeof requireDomainRole;
  /** Mounted at `/api`: auth, users and tokens routes. */
  readonly routes: OpenAPIHono;
  bootstrapAdmin(): Promise<{ created: boolean; generatedPassword?: string }>;
  readonly securityHeaders: MiddlewareHandler;
}

const WINDOW_MS = 15 * 60_000;

/**
 * Failed sign-ins allowed per 15 minutes. Behind a reverse proxy every browser has the
 * proxy's address (forwarded headers are not trusted: anyone can send them), so the
 * per-address limit is configurable.
 */
function loginLimit(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new MeshworkError('usage', `${name} must be a whole number of at least 1, not "${raw}".`);
  }
  return value;
}

export function createAuth(options: AuthOptions): AuthService {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const ctx: AuthContext = { store: options.store, domainRoles: options.domainRoles, publicUrl };
  const settings = readOidcSettings(options.env);
  const oidc = settings
    ? createOidcClient(settings, `${publicUrl}/api/auth/oidc/callback`, options.store.signInFlows)
    : null;
  const authenticate = createAuthenticate(ctx);

  const routes = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const detail = result.error.issues
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ');
        return problem(c, 400, 'Invalid request', detail);
      }
      return undefined;
    },
  });
  // Answers here carry CSRF tokens, API tokens and account data: no cache may keep them.
  routes.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  registerSessionRoutes(routes, {
    ctx,
    authenticate,
    oidc,
    byUsername: createRateLimiter({
      store: options.store.attempts,
      scope: 'sign-in-user',
      maxFailures: loginLimit(options.env, 'MESHWORK_LOGIN_LIMIT_PER_USER', 5),
      windowMs: WINDOW_MS,
    }),
    byAddress: createRateLimiter({
      store: options.store.attempts,
      scope: 'sign-in-address',
      maxFailures: loginLimit(options.env, 'MESHWORK_LOGIN_LIMIT_PER_ADDRESS', 30),
      windowMs: WINDOW_MS,
    }),
    // scrypt runs in libuv's pool of 4 threads: more at once than cores only adds waiting.
    hashGate: createHashGate({
      concurrent: loginLimit(
        options.env,
        'MESHWORK_LOGIN_CONCURRENCY',
        Math.min(4, Math.max(1, availableParallelism())),
      ),
      queue: loginLimit(options.env, 'MESHWORK_LOGIN_QUEUE', 32),
    }),
  });
  registerOidcRoutes(routes, ctx, oidc);
  registerUserRoutes(routes, ctx, { authenticate, admin: requireRole('admin') });
  registerTokenRoutes(routes, ctx, authenticate);

  return {
    authenticate,
    requireRole,
    requireDomainRole,
    routes,
    securityHeaders: createSecurityHeaders(publicUrl),
    bootstrapAdmin: () => bootstrapAdmin(options.store, options.env['MESHWORK_ADMIN_PASSWORD']),
  };
}
