import { createRoute, z } from '@hono/zod-openapi';
import { createBoundedGate } from '../../app/bounded-gate.ts';
import { evaluateProduct, readMeshTimeZone } from '../../app/sla/index.ts';
import { ProductSlasSchema } from '../incident-schemas.ts';
import { ApiProblem, notFound } from '../problem.ts';
import { ResponseCache, serialize } from '../response-cache.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, okSerialized, problemResponse } from './route-kit.ts';

const getProductSlas = createRoute({
  method: 'get',
  path: '/products/{id}/slas',
  tags: ['monitoring'],
  summary: "The product's monitored SLAs evaluated now: met, breached, or unknown with the reason",
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: jsonContent(ProductSlasSchema, 'Each monitored SLA of its output contracts'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such product.'),
    503: problemResponse('Too many evaluations under way; try again shortly.'),
  },
});

/** An evaluation holds this long: the incidents come from the scheduled job, not from here. */
const HOLD_MS = 30_000;

export function registerSlaRoutes(app: ApiApp, ctx: RouteContext): void {
  const answers = new ResponseCache(500);
  // Each latency SLA opens a DuckDB instance on the served snapshot: a few at once, a
  // bounded queue, the rest turned away (503) rather than piling up.
  const gate = createBoundedGate({
    concurrent: 2,
    queue: 20,
    retryAfterSeconds: 5,
    busy: () =>
      new ApiProblem(
        503,
        'Service Unavailable',
        'Too many SLA evaluations under way; try again in a few seconds.',
      ),
  });

  app.openapi(getProductSlas, async (c) => {
    const { id } = c.req.valid('param');
    const catalog = ctx.deps.catalog.current;
    const record = catalog.productsById.get(id);
    if (!record) throw notFound(`There is no data product "${id}" (or two products declare it).`);
    const now = ctx.now();
    const cached = answers.get(catalog, 0, id, now.getTime());
    if (cached) return okSerialized(c, cached);
    const root = ctx.deps.catalog.root;
    const body = await gate.run(async () => {
      // A pushed catalog has no workspace: nothing is served here, so every SLA is
      // "not built" and no file is read (evaluateProduct reads only built ports).
      const timeZone = root === null ? 'UTC' : await readMeshTimeZone(root);
      const product = await evaluateProduct(catalog, record, root ?? '', now, timeZone);
      return serialize({
        evaluatedAt: now.toISOString(),
        timeZone,
        evaluations: product.evaluations.map(
          ({ element: _element, value: _value, unit: _unit, ...rest }) => rest,
        ),
      });
    });
    answers.set(catalog, 0, id, body, now.getTime() + HOLD_MS);
    return okSerialized(c, body);
  });
}
