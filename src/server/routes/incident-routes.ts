import { createRoute } from '@hono/zod-openapi';
import type { Incident } from '../../core/sla/index.ts';
import type { MeshworkStore } from '../../app/store/store.ts';
import { IncidentPageSchema, IncidentQuerySchema } from '../incident-schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok } from './route-kit.ts';

const listIncidents = createRoute({
  method: 'get',
  path: '/incidents',
  tags: ['monitoring'],
  summary: 'Broken SLAs of products, newest first: open until the SLA is met again',
  request: { query: IncidentQuerySchema },
  responses: {
    200: jsonContent(IncidentPageSchema, 'A page of incidents'),
    ...COMMON_PROBLEMS,
  },
});

/**
 * Incidents are about products, which every signed-in user may see in the catalog: so are
 * their broken promises (they hold no data, only times and the SLA's wording).
 */
export function registerIncidentRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(listIncidents, async (c) => {
    const { state, product, domain, limit, cursor } = c.req.valid('query');
    const page = await ctx.deps.store.incidents.list({
      ...(state === undefined ? {} : { states: [state] }),
      ...(product === undefined ? {} : { productIds: [product] }),
      ...(domain === undefined ? {} : { domains: [domain] }),
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return ok(c, page);
  });
}

/** The open incidents of some products (the product and domain answers), newest first. */
export async function openIncidentsOf(
  store: MeshworkStore,
  filter: { readonly productIds?: readonly string[]; readonly domains?: readonly string[] },
): Promise<readonly Incident[]> {
  const page = await store.incidents.list({ ...filter, states: ['open'], limit: 200 });
  return page.items;
}
