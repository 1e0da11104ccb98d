import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createJobService } from '../../app/jobs/job-service.ts';
import type { JobViewer } from '../../app/jobs/job-service.ts';
import { JobPageSchema, JobSchema, ProductJobsSchema } from '../job-schemas.ts';
import { problemJson } from '../problem.ts';
import { PageQuerySchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, problemResponse } from './route-kit.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(300)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const listJobs = createRoute({
  method: 'get',
  path: '/jobs',
  tags: ['jobs'],
  summary:
    'Job history, newest first: all for admins and governance, the builds of their domains’ products for owners and members',
  request: {
    query: PageQuerySchema.extend({
      kind: JobSchema.shape.kind.optional(),
      state: JobSchema.shape.state.optional(),
      target: z.string().max(300).optional(),
    }),
  },
  responses: { 200: jsonContent(JobPageSchema, 'A page of jobs'), ...COMMON_PROBLEMS },
});

const getJob = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['jobs'],
  summary: 'One job with its attempts and error',
  request: { params: idParam },
  responses: {
    200: jsonContent(JobSchema, 'The job'),
    ...COMMON_PROBLEMS,
    403: problemResponse("Not visible: admins, governance and the product's domain only."),
    404: problemResponse('No such job.'),
  },
});

const cancelJob = createRoute({
  method: 'post',
  path: '/jobs/{id}/cancel',
  tags: ['jobs'],
  summary: 'Cancel a queued job (admins, owners of its product’s domain)',
  request: { params: idParam },
  responses: {
    200: jsonContent(JobSchema, 'The cancelled job'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Only admins and the owners of the domain.'),
    404: problemResponse('No such job.'),
    409: problemResponse('The job is not queued (running or done).'),
  },
});

const runProduct = createRoute({
  method: 'post',
  path: '/products/{id}/run',
  tags: ['jobs'],
  summary: '"Run now": queue a build of the product (admins, owners of its domain)',
  request: { params: idParam },
  responses: {
    202: jsonContent(JobSchema, 'The queued build job'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Only admins and the owners of the domain.'),
    404: problemResponse('No such product.'),
    409: problemResponse(
      'A build of the product is queued or running already: problem+json with that job as `job`.',
    ),
  },
});

const productJobs = createRoute({
  method: 'get',
  path: '/products/{id}/jobs',
  tags: ['jobs'],
  summary:
    "The product's schedule with its next run, its latest jobs, and whether the caller may run it",
  request: { params: idParam },
  responses: {
    200: jsonContent(ProductJobsSchema, 'Schedule and jobs'),
    ...COMMON_PROBLEMS,
    404: problemResponse('No such product.'),
  },
});

/** The principal as the job service reads it. */
function viewerOf(c: Context): JobViewer {
  const principal = c.get('principal');
  return { username: principal.username, roles: principal.roles, domains: principal.domains };
}

export function registerJobRoutes(app: ApiApp, ctx: RouteContext): void {
  const jobs = createJobService({
    store: ctx.deps.store,
    catalog: () => ctx.deps.catalog.current,
    now: ctx.now,
  });

  app.openapi(listJobs, async (c) => {
    const { kind, state, target, limit, cursor } = c.req.valid('query');
    const page = await jobs.list(viewerOf(c), {
      limit: limit ?? 50,
      ...(kind === undefined ? {} : { kind }),
      ...(state === undefined ? {} : { state }),
      ...(target === undefined ? {} : { target }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return c.json({ items: page.items, next: page.next } as never, 200);
  });

  app.openapi(getJob, async (c) => {
    const job = await jobs.get(viewerOf(c), c.req.valid('param').id);
    return c.json(job as never, 200);
  });

  app.openapi(cancelJob, async (c) => {
    const job = await jobs.cancel(viewerOf(c), c.req.valid('param').id);
    return c.json(job as never, 200);
  });

  app.openapi(runProduct, async (c) => {
    const result = await jobs.runNow(viewerOf(c), c.req.valid('param').id);
    if (result.kind === 'busy')
      return problemJson(
        c,
        409,
        'Conflict',
        `A build of this product is ${result.job.state} already (job ${result.job.id}); it was not queued again.`,
        { job: result.job },
      ) as never;
    return c.json(result.job as never, 202);
  });

  app.openapi(productJobs, async (c) => {
    const { id } = c.req.valid('param');
    if (!ctx.deps.catalog.current.productsById.has(id))
      return problemJson(c, 404, 'Not Found', `There is no product "${id}".`) as never;
    const viewer = viewerOf(c);
    const rights = jobs.rightsOn(viewer, id);
    const latest = rights.see
      ? await jobs.list(viewer, { target: id, kind: 'build-product', limit: 10 })
      : null;
    return c.json(
      {
        schedule: jobs.schedule(id),
        jobs: latest === null ? null : latest.items,
        mayRun: rights.run,
      } as never,
      200,
    );
  });
}
