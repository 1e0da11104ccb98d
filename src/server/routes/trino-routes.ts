import { timingSafeEqual, createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { MeshworkStore } from '../../app/store/store.ts';
import type { TrinoRouteDeps } from '../deps.ts';
import { trinoRulesStatus } from '../../app/access/trino-rules-publisher.ts';
import { problemJson } from '../problem.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, problemResponse } from './route-kit.ts';

const MIN_TOKEN_CHARS = 32;

/**
 * The rules for `security.config-file=http://…/api/trino/access-rules/<token>`. Trino 476's
 * rules client (HttpBasedAccessControlRulesProvider in trino-plugin-toolkit) sends a bare
 * GET — no header can be configured — so the route is guarded by a secret in the path,
 * MESHWORK_TRINO_RULES_TOKEN (32+ characters), compared in constant time. The request log
 * writes the route pattern, never the path, so the token never reaches a log. Without
 * the token set the routes do not exist (404), as for a wrong one. What is served is the
 * set in the store, not this server's file: every server behind a load balancer serves
 * the same version, whichever published it.
 */
export function registerTrinoRulesFileRoutes(
  app: OpenAPIHono,
  deps: TrinoRouteDeps,
  store: MeshworkStore,
): void {
  const serve = (which: 'rules' | 'groups') => async (c: Context) => {
    const expected = deps.env.MESHWORK_TRINO_RULES_TOKEN ?? '';
    const given = c.req.param('token') ?? '';
    if (expected.length < MIN_TOKEN_CHARS || !sameSecret(given, expected))
      return problemJson(c, 404, 'Not Found', 'Nothing here.');
    const config = deps.publisher.config(await deps.mesh());
    if ('missing' in config)
      return problemJson(c, 503, 'Service Unavailable', `Trino access rules: ${config.missing}.`);
    const inForce = await store.trinoRules.current();
    // Never an empty or made-up document: Trino keeps failing closed rather than open.
    if (inForce === null)
      return problemJson(
        c,
        503,
        'Service Unavailable',
        'No Trino access rules were published yet.',
      );
    const text = which === 'rules' ? inForce.rules : inForce.groups;
    c.header('cache-control', 'no-store');
    c.header('x-meshwork-rules-version', String(inForce.version));
    c.header('content-type', which === 'rules' ? 'application/json' : 'text/plain; charset=utf-8');
    return c.body(text, 200);
  };
  app.get('/api/trino/access-rules/:token', serve('rules'));
  app.get('/api/trino/access-groups/:token', serve('groups'));
}

function sameSecret(given: string, expected: string): boolean {
  // Hashes of equal length: neither the length nor a prefix of the token leaks by timing.
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

const TrinoAccessStatusSchema = z
  .object({
    configured: z.boolean(),
    missing: z.string().nullable().openapi({ description: 'Why Trino access is not configured' }),
    version: z.string().nullable().openapi({ description: 'The rule set in force, a hash' }),
    revision: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The store's version of the set in force, counting up from 1" }),
    publishedAt: z.string().nullable(),
    publishedBy: z
      .string()
      .nullable()
      .openapi({ description: 'The server process that stored it (host:pid)' }),
    grants: z.number().int().nullable(),
    lastFailure: z.object({ at: z.string(), reason: z.string() }).nullable(),
    failing: z
      .boolean()
      .openapi({ description: 'The last publish failed: the rules in force are older' }),
  })
  .openapi('TrinoAccessStatus');

const status = createRoute({
  method: 'get',
  path: '/trino/access-status',
  tags: ['access'],
  summary: 'The published Trino access rules: version, when, the last failure (admin)',
  responses: {
    200: jsonContent(TrinoAccessStatusSchema, 'The status: the set in the store, the audit trail'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin.'),
  },
});

export function registerTrinoStatusRoutes(
  app: ApiApp,
  ctx: RouteContext,
  deps: TrinoRouteDeps,
): void {
  const guard = ctx.deps.auth.requireRole('admin');
  app.use('/trino/access-status', guard);
  app.openapi(status, async (c) => {
    const config = deps.publisher.config(await deps.mesh());
    const found = await trinoRulesStatus(ctx.deps.store);
    return c.json(
      {
        configured: !('missing' in config),
        missing: 'missing' in config ? config.missing : null,
        ...found,
      },
      200,
    );
  });
}
