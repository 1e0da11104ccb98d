import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { User } from '../../app/store/store.ts';
import { recordAudit } from './audit.ts';
import type { AuthContext } from './authenticate.ts';
import { hashPassword } from './password.ts';
import { problem } from './problem.ts';
import {
  jsonBody,
  jsonResponse,
  PasswordSchema,
  problemResponse,
  PublicUserSchema,
  RoleSchema,
} from './schemas.ts';
import { endAccess, publicUser, USERNAME_PATTERN } from './users.ts';

const UsernameParam = z.object({
  username: z.string().openapi({ param: { name: 'username', in: 'path' } }),
});
const denied = { 401: problemResponse('Not signed in'), 403: problemResponse('Not an admin') };

const list = createRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: 'All accounts (admin)',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).optional(),
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(PublicUserSchema), next: z.string().nullable() }),
      'A page',
    ),
    ...denied,
  },
});

const create = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create a local account (admin)',
  request: {
    body: jsonBody(
      z.object({
        username: z.string().regex(USERNAME_PATTERN),
        name: z.string().min(1).max(200),
        email: z.email().nullable().optional(),
        password: PasswordSchema,
        roles: z.array(RoleSchema).optional(),
      }),
    ),
  },
  responses: {
    201: jsonResponse(PublicUserSchema, 'Created'),
    409: problemResponse('The username is taken'),
    ...denied,
  },
});

const read = createRoute({
  method: 'get',
  path: '/users/{username}',
  tags: ['users'],
  summary: 'One account (admin)',
  request: { params: UsernameParam },
  responses: {
    200: jsonResponse(PublicUserSchema, 'The account'),
    404: problemResponse('No such user'),
    ...denied,
  },
});

const update = createRoute({
  method: 'patch',
  path: '/users/{username}',
  tags: ['users'],
  summary: 'Change an account: name, e-mail, password, roles, disabled (admin)',
  request: {
    params: UsernameParam,
    body: jsonBody(
      z.object({
        name: z.string().min(1).max(200).optional(),
        email: z.email().nullable().optional(),
        password: PasswordSchema.optional(),
        roles: z.array(RoleSchema).optional(),
        disabled: z.boolean().optional(),
      }),
    ),
  },
  responses: {
    200: jsonResponse(PublicUserSchema, 'Changed'),
    404: problemResponse('No such user'),
    409: problemResponse('It would leave no admin'),
    ...denied,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/users/{username}',
  tags: ['users'],
  summary: 'Delete an account and revoke its tokens (admin)',
  request: { params: UsernameParam },
  responses: {
    204: { description: 'Deleted' },
    404: problemResponse('No such user'),
    409: problemResponse('It would leave no admin'),
    ...denied,
  },
});

const link = createRoute({
  method: 'post',
  path: '/users/{username}/oidc-link',
  tags: ['users'],
  summary:
    'Link the SSO identity of the user `from` (created by its first sign-in) to this account, and delete `from` (admin)',
  request: {
    params: UsernameParam,
    body: jsonBody(z.object({ from: z.string().min(1).max(128) })),
  },
  responses: {
    200: jsonResponse(PublicUserSchema, 'Linked: the identity signs in as this account'),
    404: problemResponse('No such user'),
    409: problemResponse('`from` has no SSO identity, or this account has another'),
    ...denied,
  },
});

export function registerUserRoutes(
  app: OpenAPIHono,
  ctx: AuthContext,
  guards: { authenticate: MiddlewareHandler; admin: MiddlewareHandler },
): void {
  const { store } = ctx;
  app.use('/users', guards.authenticate, guards.admin);
  app.use('/users/*', guards.authenticate, guards.admin);
  const lastAdmin = 'This is the last enabled admin; make someone else admin first.';

  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await store.users.list({ limit: limit ?? 50, cursor: cursor ?? null });
    return c.json({ items: page.items.map(publicUser), next: page.next }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    if (await store.users.get(body.username)) {
      return problem(c, 409, 'Conflict', `The username "${body.username}" is taken.`);
    }
    const user: User = {
      username: body.username,
      name: body.name,
      email: body.email ?? null,
      roles: [...new Set(body.roles ?? [])],
      passwordHash: await hashPassword(body.password),
      oidcSubject: null,
      disabled: false,
      createdAt: new Date().toISOString(),
    };
    await store.users.put(user);
    const actor = c.get('principal').username;
    await recordAudit(store, {
      actor,
      action: 'user.create',
      target: user.username,
      details: { roles: user.roles.join(',') },
    });
    return c.json(publicUser(user), 201);
  });

  app.openapi(read, async (c) => {
    const user = await store.users.get(c.req.valid('param').username);
    if (!user) return problem(c, 404, 'Not found', 'No such user.');
    return c.json(publicUser(user), 200);
  });

  app.openapi(update, async (c) => {
    const username = c.req.valid('param').username;
    const body = c.req.valid('json');
    // Hashed before the store's lock is taken: scrypt takes a while.
    const passwordHash =
      body.password === undefined ? undefined : await hashPassword(body.password);
    const result = await store.users.update(
      username,
      (user) => ({
        ...user,
        name: body.name ?? user.name,
        email: body.email === undefined ? user.email : body.email,
        roles: body.roles ? [...new Set(body.roles)] : user.roles,
        disabled: body.disabled ?? user.disabled,
        passwordHash: passwordHash ?? user.passwordHash,
      }),
      { keepAnAdmin: true },
    );
    if (result.outcome === 'not-found') return problem(c, 404, 'Not found', 'No such user.');
    if (result.outcome === 'last-admin') return problem(c, 409, 'Conflict', lastAdmin);
    const changed = result.user;
    // A new password or a disabled account ends every session: whoever held one may be
    // the reason for the change. A disabled account's tokens are revoked too.
    if (passwordHash !== undefined || changed.disabled)
      await endAccess(store, username, changed.disabled);
    await recordAudit(store, {
      actor: c.get('principal').username,
      action: 'user.update',
      target: username,
      // Which fields changed, never their values (a password among them).
      details: {
        fields: Object.keys(body).sort().join(','),
        roles: changed.roles.join(','),
        disabled: changed.disabled,
      },
    });
    return c.json(publicUser(changed), 200);
  });

  app.openapi(remove, async (c) => {
    const username = c.req.valid('param').username;
    const result = await store.users.deleteKeepingAnAdmin(username);
    if (result.outcome === 'not-found') return problem(c, 404, 'Not found', 'No such user.');
    if (result.outcome === 'last-admin') return problem(c, 409, 'Conflict', lastAdmin);
    await endAccess(store, username, true);
    await recordAudit(store, {
      actor: c.get('principal').username,
      action: 'user.delete',
      target: username,
    });
    return c.body(null, 204);
  });

  app.openapi(link, async (c) => {
    const username = c.req.valid('param').username;
    const { from } = c.req.valid('json');
    const [target, source] = [await store.users.get(username), await store.users.get(from)];
    if (!target || !source) return problem(c, 404, 'Not found', 'No such user.');
    const subject = source.oidcSubject;
    if (subject === null || from === username)
      return problem(c, 409, 'Conflict', `"${from}" has no single sign-on identity to link.`);
    if (target.oidcSubject !== null)
      return problem(c, 409, 'Conflict', `"${username}" is already linked to an identity.`);
    // The identity's own user goes first: a subject belongs to one user only.
    const removed = await store.users.deleteKeepingAnAdmin(from);
    if (removed.outcome === 'last-admin') return problem(c, 409, 'Conflict', lastAdmin);
    await endAccess(store, from, true);
    const linked = await store.users.update(username, (user) => ({
      ...user,
      oidcSubject: subject,
    }));
    if (linked.outcome !== 'done') {
      // The target went away meanwhile: the identity's own user comes back, so no sign-in
      // identity is left linked to nobody. (Its sessions stay ended.)
      await store.users.put(source);
      return problem(
        c,
        409,
        'Conflict',
        `"${username}" was deleted meanwhile; "${from}" is kept with its identity.`,
      );
    }
    await recordAudit(store, {
      actor: c.get('principal').username,
      action: 'user.link-oidc',
      target: username,
      details: { from },
    });
    return c.json(publicUser(linked.user), 200);
  });
}
