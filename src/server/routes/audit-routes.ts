import { createRoute, z } from '@hono/zod-openapi';
import { verifyAudit } from '../../app/audit/index.ts';
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

const AuditVerificationSchema = z
  .object({
    intact: z.boolean(),
    count: z.number().int().openapi({ description: 'Entries read until the verdict' }),
    headSeq: z.number().int().nullable(),
    headHash: z.string().nullable(),
    broken: z
      .object({
        kind: z.enum(['edited', 'deleted', 'inserted', 'reordered']),
        position: z.number().int(),
        seq: z.number().int().nullable(),
        id: z.string(),
        message: z.string(),
      })
      .nullable()
      .openapi({ description: 'The first entry that breaks the chain; null when intact' }),
    missingAnchors: z.array(z.string()),
  })
  .openapi('AuditVerification');

const verify = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['audit'],
  summary:
    'Check the hash chain of the audit trail; names the first broken entry (admin, governance)',
  request: {
    query: z.object({
      anchor: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional()
        .openapi({ description: 'A head hash noted earlier that must still be in the chain' }),
    }),
  },
  responses: {
    200: jsonContent(AuditVerificationSchema, 'The verdict (200 also when the chain is broken)'),
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

  app.openapi(verify, async (c) => {
    const { anchor } = c.req.valid('query');
    const { verdict, missingAnchors } = await verifyAudit(ctx.deps.store, {
      anchors: anchor === undefined ? [] : [anchor],
    });
    return c.json(
      {
        intact: verdict.ok && missingAnchors.length === 0,
        count: verdict.count,
        headSeq: verdict.ok ? verdict.headSeq : null,
        headHash: verdict.ok ? verdict.headHash : null,
        broken: verdict.ok ? null : verdict.broken,
        missingAnchors: [...missingAnchors],
      },
      200,
    );
  });
}
