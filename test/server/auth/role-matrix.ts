import type { OpenAPIHono } from '@hono/zod-openapi';
import type { GlobalRole, MeshworkStore } from '../../../src/app/store/store.ts';
import { addUser, signIn } from './support.ts';

/** The callers of the role × route matrix. */
export const ROLES = [
  'anonymous',
  'user',
  'memberX',
  'ownerX',
  'memberY',
  'governance',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, 'anonymous'>;

export const SIGNED_IN: readonly SignedInRole[] = ROLES.filter(
  (r): r is SignedInRole => r !== 'anonymous',
);

export interface MatrixCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Who gets past authentication and authorization; 'public' includes anonymous. */
  readonly allowed: 'public' | readonly SignedInRole[];
}

const GLOBAL_ROLES: Record<SignedInRole, GlobalRole[]> = {
  user: [],
  memberX: [],
  ownerX: [],
  memberY: [],
  governance: ['governance'],
  admin: ['admin'],
};

const PASSWORD = 'matrix-password-1';

export type Credentials = Record<SignedInRole, Record<string, string>>;

/**
 * Creates one account per role (usernames are the role names unless `usernames` names
 * others; the caller's `domainRoles` must make memberX a member and ownerX an owner of
 * domain X, memberY a member of domain Y) and signs each in: by session (cookie + CSRF
 * token) and by token.
 */
export async function matrixCredentials(
  app: OpenAPIHono,
  store: MeshworkStore,
  usernames: Partial<Record<SignedInRole, string>> = {},
): Promise<{ session: Credentials; token: Credentials }> {
  const session = {} as Credentials;
  const token = {} as Credentials;
  for (const role of SIGNED_IN) {
    const username = usernames[role] ?? role;
    if (!(await store.users.get(username)))
      await addUser(store, username, PASSWORD, GLOBAL_ROLES[role]);
    const signedIn = await signIn(app, username, PASSWORD);
    session[role] = { cookie: signedIn.cookie, 'x-csrf-token': signedIn.csrfToken };
    const res = await app.request('/api/tokens', {
      method: 'POST',
      headers: { ...session[role], 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'matrix' }),
    });
    const created = (await res.json()) as { token: string };
    token[role] = { authorization: `Bearer ${created.token}` };
  }
  return { session, token };
}

/**
 * Runs every case as every role and returns the violations: a role let through that is
 * not allowed, or an allowed role stopped by authentication (401) or authorization
 * (403). Allowed roles may still get 400/404/409 — the route's own answer.
 */
export async function runMatrix(
  app: OpenAPIHono,
  credentials: Credentials,
  cases: readonly MatrixCase[],
): Promise<string[]> {
  const violations: string[] = [];
  for (const c of cases) {
    for (const role of ROLES) {
      const headers: Record<string, string> = role === 'anonymous' ? {} : { ...credentials[role] };
      if (c.body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(c.path, {
        method: c.method,
        headers,
        ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
      });
      const allowed = c.allowed === 'public' || (role !== 'anonymous' && c.allowed.includes(role));
      const refusedBy = await refusal(res);
      const label = `${c.method} ${c.path} as ${role}: ${res.status}`;
      if (allowed && refusedBy !== null)
        violations.push(`${label} (refused by ${refusedBy}, should pass)`);
      if (!allowed && refusedBy === null)
        violations.push(`${label} (let through, should be refused)`);
      if (!allowed && role === 'anonymous' && res.status !== 401)
        violations.push(`${label} (anonymous needs 401)`);
      if (!allowed && role !== 'anonymous' && res.status !== 403)
        violations.push(`${label} (signed in needs 403)`);
    }
  }
  return violations;
}

/** Whether the answer is a refusal of authentication or authorization, not the route's own. */
async function refusal(res: Response): Promise<'authentication' | 'authorization' | null> {
  if (res.status !== 401 && res.status !== 403) return null;
  const body = (await res.clone().json()) as { title?: string };
  // A failed sign-in at /api/auth/login is that route's answer, not a guard's.
  if (body.title === 'Invalid credentials') return null;
  return res.status === 401 ? 'authentication' : 'authorization';
}
