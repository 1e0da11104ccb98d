import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { DomainRole } from '../../../src/server/auth/index.ts';
import { createAuth, type AuthService } from '../../../src/server/auth/index.ts';
import { hashPassword } from '../../../src/app/accounts/password.ts';
import type { GlobalRole, MeshworkStore } from '../../../src/app/store/store.ts';
import { createMemoryStore } from '../../support/memory-store.ts';

export const PUBLIC_PATHS = new Set([
  '/api/health',
  '/api/auth/login',
  '/api/auth/config',
  '/api/auth/oidc/login',
  '/api/auth/oidc/callback',
]);

export interface TestServer<S extends MeshworkStore = ReturnType<typeof createMemoryStore>> {
  readonly app: OpenAPIHono;
  readonly auth: AuthService;
  readonly store: S;
}

/**
 * A small app mounting the auth seam the way the server does (security headers on
 * everything, `authenticate` on every /api route but the public ones, the auth routes
 * at /api), plus stand-ins for a browse route, a domain-scoped change and an
 * admin-or-governance route.
 */
export function createTestServer<S extends MeshworkStore = ReturnType<typeof createMemoryStore>>(
  options: {
    env?: NodeJS.ProcessEnv;
    domains?: Record<string, Record<string, DomainRole>>;
    publicUrl?: string;
    /** Another store than the in-memory one (the embedded store, for races between stores). */
    store?: S;
  } = {},
): TestServer<S> {
  const store = options.store ?? (createMemoryStore() as unknown as S);
  const domains = options.domains ?? {};
  const auth = createAuth({
    store,
    env: options.env ?? {},
    domainRoles: (username) => domains[username] ?? {},
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:4000',
  });
  const app = new OpenAPIHono();
  app.use('*', auth.securityHeaders);
  const guard: MiddlewareHandler = async (c, next) => {
    if (PUBLIC_PATHS.has(new URL(c.req.url).pathname)) return next();
    return auth.authenticate(c, next);
  };
  app.use('/api/*', guard);
  app.get('/api/health', (c) => c.json({ status: 'ok' }));
  app.get('/api/products', (c) => c.json({ items: [], viewer: c.get('principal').username }));
  app.post(
    '/api/domains/:domain/runs',
    auth.requireDomainRole((c) => c.req.param('domain') ?? null),
    (c) => c.json({ recorded: true }, 201),
  );
  app.post(
    '/api/domains/:domain/settings',
    auth.requireDomainRole((c) => c.req.param('domain') ?? null, 'owner'),
    (c) => c.json({ changed: true }),
  );
  app.post('/api/sync', auth.requireRole('governance'), (c) => c.json({ synced: true }));
  app.route('/api', auth.routes);
  return { app, auth, store };
}

/** scrypt at its production cost takes a few hundred ms here; tests reuse one hash per password. */
const hashes = new Map<string, Promise<string>>();

export async function addUser(
  store: MeshworkStore,
  username: string,
  password: string,
  roles: GlobalRole[] = [],
): Promise<void> {
  await store.users.put({
    username,
    name: username,
    email: null,
    roles,
    passwordHash: await (hashes.get(password) ??
      hashes.set(password, hashPassword(password)).get(password)!),
    oidcSubject: null,
    disabled: false,
    createdAt: new Date().toISOString(),
  });
}

export interface SignedIn {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly setCookie: string;
}

export async function signIn(
  app: OpenAPIHono,
  username: string,
  password: string,
): Promise<SignedIn> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0] ?? '', csrfToken: body.csrfToken, setCookie };
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
