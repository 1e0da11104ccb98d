import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { buildDashboard } from '../../app/adoption/dashboard.ts';
import { mayActAs } from '../../core/access/roles.ts';
import { problem } from '../auth/problem.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const Counts = z.record(z.string(), z.number().int());
const Share = z.number().min(0).max(1);

const FiguresSchema = z
  .object({
    products: z.number().int(),
    productsByDomain: Counts,
    productsByStatus: Counts,
    withOwner: z.number().int().nullable(),
    withDescription: z.number().int().nullable(),
    withPassingContracts: z.number().int().nullable(),
    consumers: z
      .object({ activeGrants: z.number().int(), perProduct: Counts })
      .nullable()
      .openapi({ description: 'Active grants, and distinct consumer teams per product' }),
    requests: z
      .object({
        submitted: z.number().int(),
        approved: z.number().int(),
        rejected: z.number().int(),
        pending: z.number().int(),
        medianHoursToApproval: z.number().nullable(),
        approvedInWindow: z.number().int(),
      })
      .nullable(),
    quality: z
      .object({ contracts: z.number().int(), tested: z.number().int(), passing: z.number().int() })
      .nullable(),
    sla: z
      .object({
        evaluatedAt: z
          .string()
          .openapi({ description: 'When the latest succeeded SLA evaluation finished' }),
        productsWithSla: z.number().int(),
        productsMet: z.number().int().openapi({ description: 'Products whose SLAs were all met' }),
        productsBreached: z.number().int(),
        productsUnknown: z
          .number()
          .int()
          .openapi({ description: 'Products with no SLA breached but one not evaluable' }),
        slasMet: z.number().int(),
        slasBreached: z.number().int(),
        slasUnknown: z.number().int(),
      })
      .nullable(),
    policyShare: Share.nullable(),
    proposalToActive: z.object({
      products: z.number().int(),
      medianDays: z.number().nullable(),
    }),
  })
  .openapi('AdoptionFigures');

const DaySchema = z
  .object({
    day: z.string(),
    source: z.enum(['index', 'schedule', 'git']),
    figures: FiguresSchema,
    gaps: z
      .record(z.string(), z.string())
      .openapi({ description: 'Why a null figure is null (not measured that day), by figure' }),
  })
  .openapi('AdoptionDay');

const DashboardSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    current: DaySchema,
    history: z.array(DaySchema),
    sources: z
      .record(z.string(), z.array(z.string()))
      .openapi({ description: 'Where each figure comes from (catalog, runs, grants, …)' }),
  })
  .openapi('Dashboard');

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional();

const dashboard = createRoute({
  method: 'get',
  path: '/dashboard',
  tags: ['adoption'],
  summary:
    'Adoption over time: one snapshot per day from `from` to `to` (default the last 90 days, at most 731) and today measured live (admin, governance, domain owners)',
  request: { query: z.object({ from: Day, to: Day }) },
  responses: {
    200: jsonContent(DashboardSchema, 'The adoption dashboard'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin or governance, or to own a domain.'),
  },
});

/**
 * Management's and the platform team's view: admins, governance, and the owners of a domain
 * (who answer for their domain's adoption). Members and other users see the catalog, not
 * the dashboard. The figures are counts and medians only — no person, no data value.
 */
const mayReadDashboard: MiddlewareHandler = async (c, next) => {
  const principal = c.get('principal');
  if (
    mayActAs(principal, 'governance') ||
    Object.values(principal.domains).some((role) => role === 'owner')
  )
    return next();
  return problem(
    c,
    403,
    'Forbidden',
    'The adoption dashboard is for admins, governance and domain owners.',
  );
};

export function registerDashboardRoutes(app: ApiApp, ctx: RouteContext): void {
  app.use('/dashboard', mayReadDashboard);
  app.openapi(dashboard, async (c) => {
    const { from, to } = c.req.valid('query');
    const body = await buildDashboard({
      store: ctx.deps.store,
      catalog: ctx.deps.catalog.current,
      now: ctx.now(),
      from,
      to,
    });
    return ok(c, body);
  });
}
