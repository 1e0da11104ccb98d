import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { StoredRun } from '../../app/store/store.ts';
import { sourceNodeId } from '../../app/catalog/build-catalog.ts';
import { exportFromCatalog } from '../../app/export/export-catalog.ts';
import { EXPORT_FORMATS, EXPORT_MEDIA } from '../../core/export/index.ts';
import { checkFailedEvent } from '../../app/notify/sources/check-failed-event.ts';
import { publishEvents } from '../../app/notify/sources/publish-events.ts';
import { redactPersonalSamples } from '../../app/testing/redact-samples.ts';
import { notFound } from '../problem.ts';
import { boundRun } from '../run-bounds.ts';
import { PageQuerySchema, StoredRunSchema, TestRunSchema, page } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const getContract = createRoute({
  method: 'get',
  path: '/contracts/{id}',
  tags: ['contracts'],
  summary: 'A contract: its file, its YAML text and the parsed document',
  request: { params: idParam },
  responses: {
    200: jsonContent(
      z
        .object({ id: z.string(), file: z.string(), yaml: z.string(), contract: z.unknown() })
        .openapi('Contract'),
      'The contract',
    ),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such contract.'),
  },
});

const getContractYaml = createRoute({
  method: 'get',
  path: '/contracts/{id}/yaml',
  tags: ['contracts'],
  summary: 'The contract as its YAML file, to download',
  request: { params: idParam },
  responses: {
    200: {
      description: 'The YAML text as written in the mesh repository',
      content: { 'application/yaml': { schema: z.string() } },
    },
    ...COMMON_PROBLEMS,
    404: problemResponse('No such contract.'),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/contracts/{id}/export',
  tags: ['contracts'],
  summary: 'The contract in another format, to download (meshwork export)',
  description:
    'JSON Schema, SQL DDL for PostgreSQL, MySQL or DuckDB, Markdown, HTML, a Mermaid ER diagram, dbt sources.yml or the Data Contract Specification. Foreign keys to other contracts of the mesh are resolved; what the format cannot carry is said in the text and in the `x-meshwork-export-notes` header (a count).',
  request: {
    params: idParam,
    query: z.object({
      format: z
        .enum(EXPORT_FORMATS)
        .openapi({ param: { name: 'format', in: 'query' }, example: 'sql-postgres' }),
    }),
  },
  responses: {
    200: {
      description: 'The export as a file (content-disposition: attachment)',
      content: Object.fromEntries(
        [...new Set(EXPORT_FORMATS.map((f) => EXPORT_MEDIA[f].mediaType))].map((type) => [
          type,
          { schema: z.string() },
        ]),
      ),
    },
    ...COMMON_PROBLEMS,
    404: problemResponse('No such contract.'),
  },
});

/** A file name safe in a Content-Disposition header: the contract file's own name. */
function downloadName(file: string, id: string): string {
  const base = file.split('/').at(-1) ?? '';
  const name = /^[\w.-]+$/.test(base) ? base : `${id.replace(/[^\w.-]/g, '_')}.odcs.yaml`;
  return name;
}

const RunPageSchema = page(StoredRunSchema, 'RunPage');

const listRuns = createRoute({
  method: 'get',
  path: '/contracts/{id}/runs',
  tags: ['runs'],
  summary: 'Test runs of a contract, newest first',
  request: { params: idParam, query: PageQuerySchema },
  responses: { 200: jsonContent(RunPageSchema, 'A page of runs'), ...COMMON_PROBLEMS },
});

const getRun = createRoute({
  method: 'get',
  path: '/runs/{id}',
  tags: ['runs'],
  summary: 'One test run with its check results',
  request: { params: idParam },
  responses: {
    200: jsonContent(StoredRunSchema, 'The run'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such run.'),
  },
});

export const ReportRunSchema = z
  .object({
    contractId: z.string().min(1),
    productId: z.string().min(1).optional(),
    port: z.string().min(1).optional(),
    server: z.string().min(1).optional(),
    run: TestRunSchema,
  })
  .openapi('ReportRun');

const postRun = createRoute({
  method: 'post',
  path: '/runs',
  tags: ['runs'],
  summary: 'Report a test run (meshwork test/build --server); owners and members of the domain',
  request: {
    body: { required: true, content: { 'application/json': { schema: ReportRunSchema } } },
  },
  responses: {
    201: jsonContent(StoredRunSchema, 'The stored run'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Not an owner or member of the contract’s domain.'),
    404: problemResponse('No such contract in the served mesh.'),
  },
});

function principalName(c: Context): string {
  const principal = (c.var as Record<string, unknown>).principal as
    { username?: string } | undefined;
  return principal?.username ?? 'anonymous';
}

export function registerContractRoutes(app: ApiApp, ctx: RouteContext): void {
  const contract = (id: string) => {
    const record = ctx.deps.catalog.current.contracts.get(id);
    if (!record) throw notFound(`There is no contract "${id}" in the served mesh.`);
    return record;
  };

  app.openapi(getContract, (c) => {
    const record = contract(c.req.valid('param').id);
    return ok(c, {
      id: record.id,
      file: record.file,
      yaml: record.yaml,
      contract: record.contract,
    });
  });

  app.openapi(getContractYaml, (c) => {
    const record = contract(c.req.valid('param').id);
    c.header('content-type', 'application/yaml; charset=utf-8');
    c.header(
      'content-disposition',
      `attachment; filename="${downloadName(record.file, record.id)}"`,
    );
    return c.body(record.yaml, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { format } = c.req.valid('query');
    contract(id);
    const output = await exportFromCatalog(ctx.deps.catalog.current.contracts.values(), id, format);
    c.header('content-type', output.mediaType);
    c.header('content-disposition', `attachment; filename="${output.fileName}"`);
    c.header('x-content-type-options', 'nosniff');
    c.header('x-meshwork-export-notes', String(output.notes.length));
    return c.body(output.text, 200);
  });

  app.openapi(listRuns, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const result = await ctx.deps.store.runs.list({
      contractId: id,
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return ok(c, result);
  });

  app.openapi(getRun, async (c) => {
    const { id } = c.req.valid('param');
    const run = await ctx.deps.store.runs.get(id);
    if (!run) throw notFound(`There is no run "${id}".`);
    return ok(c, run);
  });

  // The domain a run belongs to is its contract's product's. A source system's contract
  // belongs to no domain: the domains whose products read it may report its runs.
  const domainOfRun = async (c: Context): Promise<string | null> => {
    const body = (await c.req.json().catch(() => null)) as { contractId?: unknown } | null;
    if (typeof body?.contractId !== 'string') return null;
    const catalog = ctx.deps.catalog.current;
    const productId = catalog.contracts.get(body.contractId)?.productId;
    if (productId) return catalog.productsById.get(productId)?.detail.domain ?? null;
    const readers = (catalog.downstream.get(sourceNodeId(body.contractId)) ?? []).flatMap(
      (link) => catalog.productsById.get(link.to)?.detail.domain ?? [],
    );
    const principal = (c.var as Record<string, unknown>).principal as
      { domains?: Record<string, string> } | undefined;
    return readers.find((d) => principal?.domains?.[d] !== undefined) ?? readers[0] ?? null;
  };
  const guard = ctx.deps.auth.requireDomainRole(domainOfRun);
  const reporters: MiddlewareHandler = async (c, next) =>
    c.req.method === 'POST' ? guard(c, next) : next();
  app.use('/runs', reporters);

  app.openapi(postRun, async (c) => {
    const body = c.req.valid('json');
    const record = contract(body.contractId);
    const { evidence, trigger, ...reported } = body.run;
    const stored: StoredRun = {
      id: randomUUID(),
      contractId: body.contractId,
      productId: body.productId ?? record.productId,
      port: body.port ?? record.port,
      server: body.server ?? null,
      run: boundRun(
        redactPersonalSamples(
          {
            ...reported,
            ...(evidence === undefined ? {} : { evidence }),
            ...(trigger === undefined ? {} : { trigger }),
          },
          record.contract,
        ),
      ),
      reportedBy: principalName(c),
    };
    await ctx.deps.store.runs.record(stored);
    ctx.deps.catalog.recordRun(stored);
    // Recorded first: a failed publish is logged and the run stays reported (201).
    const failedChecks = checkFailedEvent(stored, ctx.deps.catalog.current, ctx.now());
    if (failedChecks) await publishEvents(ctx.events, [failedChecks]);
    return c.json(stored as never, 201);
  });
}
