import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { domainSummary, productSummary } from '../../app/catalog/catalog-queries.ts';
import {
  POLICY_TEXT_LANGUAGES,
  builtinPolicyTexts,
} from '../../app/governance/builtin/policy-texts.ts';
import type { StoredScorecard } from '../../app/store/store.ts';
import { pageOf } from '../pagination.ts';
import { notFound } from '../problem.ts';
import {
  DomainDetailSchema,
  DomainSummarySchema,
  FailingChecksSchema,
  FindingSchema,
  PageQuerySchema,
  PolicyTextsSchema,
  ScorecardSchema,
  TeamSchema,
  page,
} from '../schemas.ts';
import { openIncidentsOf } from './incident-routes.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const listDomains = createRoute({
  method: 'get',
  path: '/domains',
  tags: ['catalog'],
  summary: 'The domains with their products, consumers, quality and policy health',
  request: { query: PageQuerySchema },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(DomainSummarySchema),
        total: z.number().int(),
        next: z.string().nullable(),
      }),
      'A page of domains',
    ),
    ...COMMON_PROBLEMS,
  },
});

const getDomain = createRoute({
  method: 'get',
  path: '/domains/{name}',
  tags: ['catalog'],
  summary: 'A domain: its teams, products, findings and scorecard with its trend',
  request: {
    params: z.object({
      name: z
        .string()
        .min(1)
        .openapi({ param: { name: 'name', in: 'path' } }),
    }),
  },
  responses: {
    200: jsonContent(DomainDetailSchema, 'The domain'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such domain.'),
  },
});

const getFailingChecks = createRoute({
  method: 'get',
  path: '/domains/{name}/failing-checks',
  tags: ['runs'],
  summary:
    'The failed and erroneous checks of the latest run of each output-port contract of the domain',
  request: {
    params: z.object({
      name: z
        .string()
        .min(1)
        .openapi({ param: { name: 'name', in: 'path' } }),
    }),
  },
  responses: {
    200: jsonContent(FailingChecksSchema, 'One entry per contract whose latest run has them'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such domain.'),
  },
});

const getPolicyTexts = createRoute({
  method: 'get',
  path: '/governance/texts',
  tags: ['governance'],
  summary: 'The built-in policies’ title, description and hint in a language besides English',
  request: { query: z.object({ lang: z.enum(POLICY_TEXT_LANGUAGES as ['de']) }) },
  responses: {
    200: jsonContent(PolicyTextsSchema, 'The texts by policy id'),
    ...COMMON_PROBLEMS,
  },
});

const listTeams = createRoute({
  method: 'get',
  path: '/teams',
  tags: ['catalog'],
  summary: 'The teams of every domain with their members',
  request: { query: PageQuerySchema },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(TeamSchema),
        total: z.number().int(),
        next: z.string().nullable(),
      }),
      'A page of teams',
    ),
    ...COMMON_PROBLEMS,
  },
});

const listScorecards = createRoute({
  method: 'get',
  path: '/scorecards',
  tags: ['governance'],
  summary: 'Recorded scorecards, oldest first (a trend); narrowed to one domain with ?domain=',
  request: { query: PageQuerySchema.extend({ domain: z.string().optional() }) },
  responses: {
    200: jsonContent(
      page(
        z.object({ id: z.string(), recordedAt: z.string(), scorecard: ScorecardSchema }),
        'ScorecardPage',
      ),
      'A page of scorecards',
    ),
    ...COMMON_PROBLEMS,
  },
});

const postScorecard = createRoute({
  method: 'post',
  path: '/scorecards',
  tags: ['governance'],
  summary: 'Record a scorecard (meshwork scorecard --server; admin or governance)',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ scorecard: ScorecardSchema }) } },
    },
  },
  responses: {
    201: jsonContent(
      z.object({ id: z.string(), recordedAt: z.string(), scorecard: ScorecardSchema }),
      'The recorded scorecard',
    ),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin or governance.'),
  },
});

const getGovernance = createRoute({
  method: 'get',
  path: '/governance',
  tags: ['governance'],
  summary: 'Policies, the domains’ adaptations and the current violations',
  responses: {
    200: jsonContent(
      z
        .object({
          policies: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              description: z.string().nullable(),
              severity: z.string(),
              appliesTo: z.string(),
              scope: z.string(),
              adaptable: z.boolean(),
              params: z.record(z.string(), z.unknown()).openapi({
                description: 'Global params; fill {name} placeholders of translated texts',
              }),
            }),
          ),
          adaptations: z.array(
            z.object({
              domain: z.string(),
              policy: z.string(),
              params: z.record(z.string(), z.unknown()),
              severity: z.string(),
              reason: z.string().nullable(),
              valid: z.boolean(),
            }),
          ),
          findings: z.array(FindingSchema),
          scorecard: ScorecardSchema.nullable(),
        })
        .openapi('Governance'),
      'Governance overview',
    ),
    ...COMMON_PROBLEMS,
  },
});

/** A scorecard cut down to one domain's lines. */
function forDomain(entry: StoredScorecard, domain: string | undefined): StoredScorecard {
  if (domain === undefined) return entry;
  const card = entry.scorecard;
  return {
    ...entry,
    scorecard: {
      ...card,
      domains: card.domains.filter((d) => d.name === domain),
      products: card.products.filter((p) => p.domain === domain),
    },
  };
}

const SCORECARD_TREND = 200;

export function registerDomainRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(listDomains, (c) => {
    const catalog = ctx.deps.catalog.current;
    const all = [...catalog.domains.keys()].sort().flatMap((name) => {
      const summary = domainSummary(catalog, name);
      return summary ? [summary] : [];
    });
    return ok(c, { ...pageOf(all, c.req.valid('query')), total: all.length });
  });

  app.openapi(getDomain, async (c) => {
    const { name } = c.req.valid('param');
    const catalog = ctx.deps.catalog.current;
    const summary = domainSummary(catalog, name);
    const record = catalog.domains.get(name);
    if (!summary || !record) throw notFound(`There is no domain "${name}".`);
    const now = ctx.now();
    const history = await ctx.deps.store.scorecards.list({ limit: SCORECARD_TREND });
    const incidents = await openIncidentsOf(ctx.deps.store, { domains: [name] });
    return ok(c, {
      domain: summary,
      teams: record.teams,
      products: record.products.flatMap((id) => {
        const product = catalog.productsById.get(id);
        return product ? [productSummary(catalog, product, now)] : [];
      }),
      findings: record.findings,
      scorecard: catalog.scorecard?.domains.find((d) => d.name === name) ?? null,
      scorecardTrend: history.items.flatMap((entry) => {
        const line = entry.scorecard.domains.find((d) => d.name === name);
        return line ? [{ at: entry.recordedAt, share: line.share }] : [];
      }),
      incidents,
    });
  });

  app.openapi(getFailingChecks, async (c) => {
    const { name } = c.req.valid('param');
    const catalog = ctx.deps.catalog.current;
    const record = catalog.domains.get(name);
    if (!record) throw notFound(`There is no domain "${name}".`);
    const contracts = record.products.flatMap(
      (id) => catalog.productsById.get(id)?.outputContracts ?? [],
    );
    const latest = await Promise.all(
      contracts.map(async (contractId) => {
        const page = await ctx.deps.store.runs.list({ contractId, limit: 1 });
        return page.items[0];
      }),
    );
    const items = latest.flatMap((stored) => {
      if (!stored) return [];
      const checks = stored.run.checks.filter((k) => k.status === 'failed' || k.status === 'error');
      if (checks.length === 0) return [];
      return [
        {
          runId: stored.id,
          contractId: stored.contractId,
          productId: stored.productId,
          port: stored.port,
          at: stored.run.startedAt,
          status: stored.run.status,
          trigger: stored.run.trigger ?? null,
          checks,
        },
      ];
    });
    return ok(c, { items });
  });

  app.openapi(getPolicyTexts, (c) => {
    const { lang } = c.req.valid('query');
    return ok(c, { language: lang, policies: builtinPolicyTexts(lang) });
  });

  app.openapi(listTeams, (c) => {
    const catalog = ctx.deps.catalog.current;
    const all = [...catalog.domains.values()].flatMap((d) => d.teams);
    return ok(c, { ...pageOf(all, c.req.valid('query')), total: all.length });
  });

  app.openapi(listScorecards, async (c) => {
    const { domain, limit, cursor } = c.req.valid('query');
    const result = await ctx.deps.store.scorecards.list({
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return ok(c, { items: result.items.map((e) => forDomain(e, domain)), next: result.next });
  });

  const governance = ctx.deps.auth.requireRole('admin', 'governance');
  const recorders: MiddlewareHandler = async (c, next) =>
    c.req.method === 'POST' ? governance(c, next) : next();
  app.use('/scorecards', recorders);
  app.openapi(postScorecard, async (c) => {
    const { scorecard } = c.req.valid('json');
    const entry = { id: randomUUID(), recordedAt: ctx.now().toISOString(), scorecard };
    await ctx.deps.store.scorecards.record(entry);
    return c.json(entry as never, 201);
  });

  app.openapi(getGovernance, (c) => {
    const catalog = ctx.deps.catalog.current;
    return ok(c, {
      policies: catalog.policies,
      adaptations: catalog.adaptations,
      findings: catalog.findings,
      scorecard: catalog.scorecard,
    });
  });
}
