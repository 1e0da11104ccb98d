import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { createToken, listTokens, revokeToken } from '../../app/accounts/tokens.ts';
import type { AuthContext } from './authenticate.ts';
import { problem } from './problem.ts';
import { jsonBody, jsonResponse, problemResponse, TokenSchema } from './schemas.ts';

export { TOKEN_PREFIX } from '../../app/accounts/tokens.ts';

const unauthenticated = { 401: problemResponse('Not signed in') };

const list = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['tokens'],
  summary: "The caller's API tokens (never the tokens themselves)",
  responses: {
    200: jsonResponse(z.object({ items: z.array(TokenSchema), next: z.null() }), 'All of them'),
    ...unauthenticated,
  },
});

const create = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'Create an API token; the answer is the only time it is shown',
  request: {
    body: jsonBody(
      z.object({
        name: z.string().min(1).max(100),
        expiresInDays: z.number().int().min(1).max(3650).optional(),
      }),
    ),
  },
  responses: {
    201: jsonResponse(TokenSchema.extend({ token: z.string() }), 'Created; keep the token now'),
    ...unauthenticated,
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['tokens'],
  summary: "Revoke one of the caller's tokens",
  request: {
    params: z.object({
      id: z
        .string()
        .max(100)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    204: { description: 'Revoked' },
    404: problemResponse('No such token of yours'),
    ...unauthenticated,
  },
});

export function registerTokenRoutes(
  app: OpenAPIHono,
  ctx: AuthContext,
  authenticate: MiddlewareHandler,
): void {
  const { store } = ctx;
  app.use('/tokens', authenticate);
  app.use('/tokens/*', authenticate);

  app.openapi(list, async (c) => {
    const tokens = await listTokens(store, c.get('principal').username);
    return c.json({ items: [...tokens], next: null }, 200);
  });

  app.openapi(create, async (c) => {
    const { name, expiresInDays } = c.req.valid('json');
    const username = c.get('principal').username;
    const { token, secret } = await createToken(store, { username, name, expiresInDays });
    return c.json({ ...token, token: secret }, 201);
  });

  app.openapi(revoke, async (c) => {
    const username = c.get('principal').username;
    const { id } = c.req.valid('param');
    if (!(await revokeToken(store, username, id)))
      return problem(c, 404, 'Not found', 'No such token of yours.');
    return c.body(null, 204);
  });
}
