import { createRoute, z } from '@hono/zod-openapi';
import {
  lineageOf,
  productDetail,
  searchProducts,
  slaHoldsUntil,
  slaStatus,
  summaryHoldsUntil,
} from '../../app/catalog/catalog-queries.ts';
import type { ProductRecord } from '../../app/catalog/catalog-model.ts';
import { portUsage } from '../../app/catalog/port-usage.ts';
import { FACETS } from '../../app/catalog/search-index.ts';
import type { Facet } from '../../app/catalog/search-index.ts';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor } from '../pagination.ts';
import { ApiProblem, notFound } from '../problem.ts';
import { ResponseCache, serialize } from '../response-cache.ts';
import {
  LineageSchema,
  PageQuerySchema,
  ProductDetailSchema,
  ProductPageSchema,
  PortUsageSchema,
} from '../schemas.ts';
import type { AccessDeps } from '../access-deps.ts';
import { openIncidentsOf } from './incident-routes.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, okSerialized, problemResponse } from './route-kit.ts';

const facetParam = (name: string) =>
  z
    .string()
    .optional()
    .openapi({ description: `Only products with this ${name} (comma-separated: any of them).` });

const listProducts = createRoute({
  method: 'get',
  path: '/products',
  tags: ['catalog'],
  summary: 'Search the marketplace: full text over names, descriptions, columns and tags',
  request: {
    query: PageQuerySchema.extend({
      q: z.string().max(500).optional(),
      domain: facetParam('domain'),
      status: facetParam('status'),
      tag: facetParam('tag'),
      classification: facetParam('classification of a column'),
    }),
  },
  responses: {
    200: jsonContent(ProductPageSchema, 'A page of products with facets'),
    ...COMMON_PROBLEMS,
  },
});

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const getProduct = createRoute({
  method: 'get',
  path: '/products/{id}',
  tags: ['catalog'],
  summary: 'A product with its ports, contracts, findings, quality trend and SLAs',
  request: { params: idParam },
  responses: {
    200: jsonContent(ProductDetailSchema, 'The product'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such product.'),
    409: problemResponse('Two products declare this id; neither is shown.'),
  },
});

const getLineage = createRoute({
  method: 'get',
  path: '/products/{id}/lineage',
  tags: ['catalog'],
  summary: 'Upstream and downstream products and sources, up to a depth',
  request: {
    params: idParam,
    query: z.object({
      direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
      depth: z.coerce.number().int().min(1).max(20).default(3),
    }),
  },
  responses: {
    200: jsonContent(LineageSchema, 'The lineage graph around the product'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such product.'),
    409: problemResponse('Two products declare this id; neither is shown.'),
  },
});

const getUsage = createRoute({
  method: 'get',
  path: '/products/{id}/usage',
  tags: ['catalog'],
  summary: 'Where each output port is served: Parquet files, PostgreSQL tables (no credentials)',
  request: { params: idParam },
  responses: {
    200: jsonContent(PortUsageSchema, 'Per output port, its servings'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such product.'),
    409: problemResponse('Two products declare this id; neither is shown.'),
  },
});

const TREND_RUNS = 30;
/**
 * A product's answer is cached until the catalog or the runs this server knows of change,
 * but the quality trend is read from the store, where another process may record runs
 * this server is not told of (a CLI writing straight to a shared PostgreSQL): those show
 * within this bound.
 */
const TREND_TTL_MS = 5_000;
/** Answers kept per route: a product's is ~7 KB, a search page's ~9 KB. */
const DETAIL_CACHE = 2_000;
const SEARCH_CACHE = 1_000;

export function registerProductRoutes(app: ApiApp, ctx: RouteContext, access: AccessDeps): void {
  const product = (id: string): ProductRecord => {
    const catalog = ctx.deps.catalog.current;
    const ambiguous = catalog.ambiguousProducts.get(id);
    if (ambiguous)
      throw new ApiProblem(
        409,
        'Conflict',
        `The product id "${id}" is declared by ${ambiguous.map((f) => `domains/${f}`).join(' and ')}; give one of them another id.`,
      );
    const record = catalog.productsById.get(id);
    if (!record) throw notFound(`There is no data product "${id}".`);
    return record;
  };

  const searches = new ResponseCache(SEARCH_CACHE);
  const details = new ResponseCache(DETAIL_CACHE);

  app.openapi(listProducts, (c) => {
    const query = c.req.valid('query');
    const catalog = ctx.deps.catalog.current;
    const runsVersion = ctx.deps.catalog.runsVersion;
    const now = ctx.now();
    const key = JSON.stringify([
      query.q,
      query.limit,
      query.cursor,
      ...FACETS.map((facet) => query[facet]),
    ]);
    const cached = searches.get(catalog, runsVersion, key, now.getTime());
    if (cached) return okSerialized(c, cached);
    const filters: Partial<Record<Facet, string[]>> = {};
    for (const facet of FACETS) {
      const value = query[facet];
      if (value) filters[facet] = value.split(',').filter((v) => v !== '');
    }
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = searchProducts(
      catalog,
      { q: query.q, filters, offset: decodeCursor(query.cursor), limit },
      now,
    );
    const body = serialize({
      items: page.items,
      total: page.total,
      facets: page.facets,
      next: page.nextOffset === null ? null : encodeCursor(page.nextOffset),
    });
    let until = Number.POSITIVE_INFINITY;
    for (const item of page.items) {
      const record = catalog.productsById.get(item.id);
      if (record) until = Math.min(until, summaryHoldsUntil(catalog, record));
    }
    searches.set(catalog, runsVersion, key, body, until);
    return okSerialized(c, body);
  });

  app.openapi(getProduct, async (c) => {
    const { id } = c.req.valid('param');
    const record = product(id);
    const catalog = ctx.deps.catalog.current;
    // Read before the store is: a run recorded while we wait makes this answer uncacheable.
    const runsVersion = ctx.deps.catalog.runsVersion;
    const now = ctx.now();
    const cached = details.get(catalog, runsVersion, id, now.getTime());
    if (cached) return okSerialized(c, cached);
    const runs = await Promise.all(
      record.outputContracts.map((contractId) =>
        ctx.deps.store.runs.list({ contractId, limit: TREND_RUNS }),
      ),
    );
    const qualityTrend = runs
      .flatMap((p) => p.items)
      .map((r) => {
        const count = (s: string): number => r.run.checks.filter((k) => k.status === s).length;
        return {
          runId: r.id,
          contractId: r.contractId,
          at: r.run.startedAt,
          status: r.run.status,
          passed: count('passed'),
          // A run that could not read its data is an error, not a failed check (issue 9).
          failed: count('failed'),
          errors: count('error'),
          warnings: count('warning'),
        };
      })
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const incidents = await openIncidentsOf(ctx.deps.store, { productIds: [id] });
    const body = serialize({
      product: productDetail(catalog, record, now),
      findings: record.findings,
      qualityTrend,
      sla: slaStatus(catalog, record, now),
      incidents,
    });
    // The trend's bound also bounds how long a new or resolved incident takes to show.
    const until = Math.min(
      summaryHoldsUntil(catalog, record),
      slaHoldsUntil(catalog, record),
      now.getTime() + TREND_TTL_MS,
    );
    details.set(catalog, runsVersion, id, body, until);
    return okSerialized(c, body);
  });

  app.openapi(getUsage, (c) => {
    const { id } = c.req.valid('param');
    return ok(c, { items: portUsage(ctx.deps.catalog.current, product(id)) });
  });

  app.openapi(getLineage, async (c) => {
    const { id } = c.req.valid('param');
    const { direction, depth } = c.req.valid('query');
    product(id);
    const graph = lineageOf(ctx.deps.catalog.current, id, direction, depth);
    const products = graph.nodes.filter((n) => n.kind === 'product').map((n) => n.id);
    const consumers = (await access.service.consumersOf(products)).map((g) => ({
      product: g.product,
      port: g.port,
      team: g.team,
      domain: g.domain,
      purpose: g.purpose,
      endsAt: g.endsAt,
    }));
    return ok(c, { ...graph, consumers });
  });
}
