import { resolve } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import { domainRolesOf } from '../../src/app/catalog/teams.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import type { BodyLimits } from '../../src/server/body-limits.ts';
import type { CanvasDeps } from '../../src/server/deps.ts';
import type { ServerLog } from '../../src/server/log.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { addUser, signIn } from './auth/support.ts';

export const DEMO_MESH = resolve(import.meta.dirname, '../../examples/alpine-bikes');
export const ADMIN_PASSWORD = 'admin-password-1';

export interface ApiFixture {
  readonly app: OpenAPIHono;
  readonly store: ReturnType<typeof createMemoryStore>;
  readonly catalog: CatalogService;
  /** Headers of a signed-in admin (cookie + CSRF token) for `app.request`. */
  readonly admin: Record<string, string>;
  signInAs(username: string): Promise<Record<string, string>>;
}

/** The real app over the demo mesh, a store in memory and the real auth seam. */
export async function createApiFixture(
  options: {
    meshRoot?: string | null;
    webRoot?: string;
    now?: () => Date;
    log?: ServerLog;
    limits?: BodyLimits;
    canvas?: Partial<CanvasDeps>;
  } = {},
): Promise<ApiFixture> {
  const store = createMemoryStore();
  const catalog = new CatalogService({
    store,
    meshRoot: options.meshRoot === undefined ? DEMO_MESH : options.meshRoot,
  });
  await catalog.load();
  const auth = createAuth({
    store,
    env: {},
    domainRoles: (username) =>
      domainRolesOf(
        new Map([...catalog.current.domains].map(([name, d]) => [name, d.teams])),
        username,
      ),
    publicUrl: 'http://127.0.0.1:4000',
  });
  const app = createApp({
    store,
    catalog,
    auth,
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.canvas === undefined ? {} : { canvas: options.canvas }),
  });
  const signInAs = async (username: string): Promise<Record<string, string>> => {
    await addUser(store, username, ADMIN_PASSWORD, username === 'admin' ? ['admin'] : []);
    const session = await signIn(app, username, ADMIN_PASSWORD);
    return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  };
  return { app, store, catalog, admin: await signInAs('admin'), signInAs };
}

export async function getJson<T = Record<string, unknown>>(
  app: OpenAPIHono,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await app.request(path, { headers });
  const body = (await res.json()) as T;
  return { status: res.status, body, headers: res.headers };
}
