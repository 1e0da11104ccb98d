import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordAudit } from '../../app/accounts/audit.ts';
import { ApiProblem } from '../problem.ts';
import { SyncResultSchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const sync = createRoute({
  method: 'post',
  path: '/sync',
  tags: ['catalog'],
  summary: 'Re-index the served mesh from disk (admin or governance)',
  responses: {
    200: jsonContent(SyncResultSchema, 'The new catalog revision'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin or governance.'),
  },
});

const CatalogPushSchema = z
  .object({
    documents: z
      .array(z.object({ path: z.string().min(1).max(1000), text: z.string() }))
      .min(1)
      .max(100_000),
  })
  .openapi('CatalogPush');

const putCatalog = createRoute({
  method: 'put',
  path: '/catalog',
  tags: ['catalog'],
  summary: 'Replace the served mesh with a pushed one (meshwork publish; admin or governance)',
  request: {
    body: { required: true, content: { 'application/json': { schema: CatalogPushSchema } } },
  },
  responses: {
    200: jsonContent(SyncResultSchema, 'The new catalog revision'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin or governance.'),
  },
});

function actor(c: Context): string {
  const principal = (c.var as Record<string, unknown>).principal as
    { username?: string } | undefined;
  return principal?.username ?? 'anonymous';
}

export function registerAdminRoutes(app: ApiApp, ctx: RouteContext): void {
  const guard = ctx.deps.auth.requireRole('admin', 'governance');
  app.use('/sync', guard);
  app.use('/catalog', guard);

  app.openapi(sync, async (c) => {
    const result = await ctx.deps.catalog.sync(actor(c));
    await audit(ctx, c, 'catalog.sync', result.revision);
    return ok(c, result);
  });

  app.openapi(putCatalog, async (c) => {
    const { documents } = c.req.valid('json');
    const unsafe = documents.find(
      (d) => d.path.startsWith('/') || d.path.split('/').includes('..'),
    );
    if (unsafe)
      throw new ApiProblem(
        400,
        'Bad Request',
        `Document paths are relative to the mesh root; "${unsafe.path}" is not.`,
      );
    const result = await ctx.deps.catalog.replace(documents, `publish by ${actor(c)}`, actor(c));
    await audit(ctx, c, 'catalog.publish', result.revision);
    return ok(c, result);
  });
}

async function audit(
  ctx: RouteContext,
  c: Context,
  action: string,
  revision: string,
): Promise<void> {
  await recordAudit(ctx.deps.store, {
    at: ctx.now().toISOString(),
    actor: actor(c),
    action,
    target: 'catalog',
    details: { revision },
  });
}
