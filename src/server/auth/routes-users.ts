import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { linkOidcIdentity } from '../../app/accounts/sso-users.ts';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
  USERNAME_PATTERN,
} from '../../app/accounts/users.ts';
import type { AuthContext } from './authenticate.ts';
import { problem } from './problem.ts';
import {
  jsonBody,
  jsonResponse,
  PasswordSchema,
  problemResponse,
  PublicUserSchema,
  RoleSchema,
} from './schemas.ts';

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
    const page = await listUsers(store, { limit: limit ?? 50, cursor: cursor ?? null });
    return c.json({ items: [...page.items], next: page.next }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await createUser(store, c.get('principal').username, body);
    if (result.outcome === 'taken')
      return problem(c, 409, 'Conflict', `The username "${body.username}" is taken.`);
    return c.json(result.user, 201);
  });

  app.openapi(read, async (c) => {
    const user = await getUser(store, c.req.valid('param').username);
    if (!user) return problem(c, 404, 'Not found', 'No such user.');
    return c.json(user, 200);
  });

  app.openapi(update, async (c) => {
    const username = c.req.valid('param').username;
    const result = await updateUser(
      store,
      c.get('principal').username,
      username,
      c.req.valid('json'),
    );
    if (result.outcome === 'not-found') return problem(c, 404, 'Not found', 'No such user.');
    if (result.outcome === 'last-admin') return problem(c, 409, 'Conflict', lastAdmin);
    return c.json(result.user, 200);
  });

  app.openapi(remove, async (c) => {
    const username = c.req.valid('param').username;
    const result = await deleteUser(store, c.get('principal').username, username);
    if (result.outcome === 'not-found') return problem(c, 404, 'Not found', 'No such user.');
    if (result.outcome === 'last-admin') return problem(c, 409, 'Conflict', lastAdmin);
    return c.body(null, 204);
  });

  app.openapi(link, async (c) => {
    const username = c.req.valid('param').username;
    const { from } = c.req.valid('json');
    const result = await linkOidcIdentity(store, c.get('principal').username, username, from);
    switch (result.outcome) {
      case 'done':
        return c.json(result.user, 200);
      case 'not-found':
        return problem(c, 404, 'Not found', 'No such user.');
      case 'no-identity':
        return problem(c, 409, 'Conflict', `"${from}" has no single sign-on identity to link.`);
      case 'already-linked':
        return problem(c, 409, 'Conflict', `"${username}" is already linked to an identity.`);
      case 'last-admin':
        return problem(c, 409, 'Conflict', lastAdmin);
      case 'gone-meanwhile':
        return problem(
          c,
          409,
          'Conflict',
          `"${username}" was deleted meanwhile; "${from}" is kept with its identity.`,
        );
    }
  });
}
