import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiToken } from '../../app/store/store.ts';
import { recordAudit } from './audit.ts';
import type { AuthContext } from './authenticate.ts';
import { problem } from './problem.ts';
import { jsonBody, jsonResponse, problemResponse, TokenSchema } from './schemas.ts';
import { randomSecret, sha256 } from './secrets.ts';

/** Recognisable in a leaked file or a secret scanner, like GitHub's `ghp_`. */
export const TOKEN_PREFIX = 'mwt_';

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

function view(token: ApiToken): z.infer<typeof TokenSchema> {
  const { tokenHash: _hash, username: _owner, ...rest } = token;
  return rest;
}

export function registerTokenRoutes(
  app: OpenAPIHono,
  ctx: AuthContext,
  authenticate: MiddlewareHandler,
): void {
  const { store } = ctx;
  app.use('/tokens', authenticate);
  app.use('/tokens/*', authenticate);

  app.openapi(list, async (c) => {
    const tokens = await store.tokens.listForUser(c.get('principal').username);
    return c.json({ items: tokens.map(view), next: null }, 200);
  });

  app.openapi(create, async (c) => {
    const { name, expiresInDays } = c.req.valid('json');
    const username = c.get('principal').username;
    const secret = `${TOKEN_PREFIX}${randomSecret()}`;
    const now = Date.now();
    const token: ApiToken = {
      id: randomUUID(),
      username,
      name,
      tokenHash: sha256(secret),
      createdAt: new Date(now).toISOString(),
      expiresAt:
        expiresInDays === undefined
          ? null
          : new Date(now + expiresInDays * 86_400_000).toISOString(),
      lastUsedAt: null,
      revoked: false,
    };
    await store.tokens.put(token);
    await recordAudit(store, {
      actor: username,
      action: 'token.create',
      target: token.id,
      details: { name },
    });
    return c.json({ ...view(token), token: secret }, 201);
  });

  app.openapi(revoke, async (c) => {
    const username = c.get('principal').username;
    const { id } = c.req.valid('param');
    if (!(await store.tokens.revoke(username, id)))
      return problem(c, 404, 'Not found', 'No such token of yours.');
    await recordAudit(store, { actor: username, action: 'token.revoke', target: id });
    return c.body(null, 204);
  });
}
