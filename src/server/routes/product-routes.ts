import { createRoute, z } from '@hono/zod-openapi';
import {
  lineageOf,
  productDetail,
  searchProducts,
  slaStatus,
} from '../../app/catalog/catalog-queries.ts';
import type { ProductRecord } from '../../app/catalog/catalog-model.ts';
import { FACETS } from '../../app/catalog/search-index.ts';
import type { Facet } from '../../app/catalog/search-index.ts';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor } from '../pagination.ts';
import { notFound } from '../problem.ts';
import {
  LineageSchema,
  PageQuerySchema,
  ProductDetailSchema,
  ProductPageSchema,
} from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

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
  },
});

const TREND_RUNS = 30;

export function registerProductRoutes(app: ApiApp, ctx: RouteContext): void {
  const product = (id: string): ProductRecord => {
    const record = ctx.deps.catalog.current.productsById.get(id);
    if (!record) throw notFound(`There is no data product "${id}".`);
    return record;
  };

  app.openapi(listProducts, (c) => {
    const query = c.req.valid('query');
    const filters: Partial<Record<Facet, string[]>> = {};
    for (const facet of FACETS) {
      const value = query[facet];
      if (value) filters[facet] = value.split(',').filter((v) => v !== '');
    }
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = searchProducts(
      ctx.deps.catalog.current,
      { q: query.q, filters, offset: decodeCursor(query.cursor), limit },
      ctx.now(),
    );
    return ok(c, {
      items: page.items,
      total: page.total,
      facets: page.facets,
      next: page.nextOffset === null ? null : encodeCursor(page.nextOffset),
    });
  });

  app.openapi(getProduct, async (c) => {
    const record = product(c.req.valid('param').id);
    const catalog = ctx.deps.catalog.current;
    const now = ctx.now();
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
          failed: count('failed') + count('error'),
          warnings: count('warning'),
        };
      })
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return ok(c, {
      product: productDetail(catalog, record, now),
      findings: record.findings,
      qualityTrend,
      sla: slaStatus(record, now),
    });
  });

  app.openapi(getLineage, (c) => {
    const { id } = c.req.valid('param');
    const { direction, depth } = c.req.valid('query');
    product(id);
    return ok(c, lineageOf(ctx.deps.catalog.current, id, direction, depth));
  });
}
