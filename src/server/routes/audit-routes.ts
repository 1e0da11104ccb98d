import { createRoute, z } from '@hono/zod-openapi';
import { AuditEventSchema } from '../access-schemas.ts';
import { PageQuerySchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, problemResponse } from './route-kit.ts';

const listAudit = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'The audit trail, newest first (admin, governance)',
  request: {
    query: PageQuerySchema.extend({
      actor: z.string().max(200).optional(),
      action: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(AuditEventSchema), next: z.string().nullable() }),
      'A page of audit entries',
    ),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin or governance.'),
  },
});

export function registerAuditRoutes(app: ApiApp, ctx: RouteContext): void {
  const guard = ctx.deps.auth.requireRole('governance');
  app.use('/audit', guard);
  app.use('/audit/*', guard);

  app.openapi(listAudit, async (c) => {
    const { actor, action, limit, cursor } = c.req.valid('query');
    const page = await ctx.deps.store.audit.list({
      ...(actor === undefined ? {} : { actor }),
      ...(action === undefined ? {} : { action }),
      limit: limit ?? 50,
      ...(cursor === undefined ? {} : { cursor }),
    });
    return c.json({ items: page.items, next: page.next } as never, 200);
  });
}
