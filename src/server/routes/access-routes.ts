import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AccessActor } from '../../app/access/access-service.ts';
import type { Grant } from '../../core/access/model.ts';
import type { AccessDeps } from '../access-deps.ts';
import {
  ACCESS_REQUEST_STATES,
  AccessRequestInputSchema,
  AccessRequestSchema,
  DecisionInputSchema,
  GRANT_STATES,
  GrantSchema,
  PurposeSchema,
  SweepReportSchema,
  findingsProblem,
  idText,
} from '../access-schemas.ts';
import { ApiProblem } from '../problem.ts';
import { PageQuerySchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, problemResponse } from './route-kit.ts';

const idParam = z.object({
  id: idText.openapi({ param: { name: 'id', in: 'path' } }),
});

const TAGS = ['access'];

const createRequest = createRoute({
  method: 'post',
  path: '/access-requests',
  tags: TAGS,
  summary: 'Request access to an output port for a team you belong to',
  request: {
    body: { required: true, content: { 'application/json': { schema: AccessRequestInputSchema } } },
  },
  responses: {
    201: jsonContent(
      AccessRequestSchema,
      'The request (pending, or active when a policy approved it)',
    ),
    ...COMMON_PROBLEMS,
    403: problemResponse('You are not a member of the consumer team.'),
    404: problemResponse('No such product, port or purpose.'),
    422: findingsProblem('An access policy refuses the request; `findings` say why.'),
  },
});

const listRequests = createRoute({
  method: 'get',
  path: '/access-requests',
  tags: TAGS,
  summary: 'Your requests, those waiting for your decision, or all (admin, governance)',
  request: {
    query: PageQuerySchema.extend({
      view: z.enum(['mine', 'to-decide', 'all']).default('mine'),
      state: z.enum(ACCESS_REQUEST_STATES).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(AccessRequestSchema), next: z.string().nullable() }),
      'A page of requests, newest first',
    ),
    ...COMMON_PROBLEMS,
    403: problemResponse('view=all needs the role admin or governance.'),
  },
});

const decide = createRoute({
  method: 'post',
  path: '/access-requests/{id}/decision',
  tags: TAGS,
  summary: "Approve or reject a request (the producing team's owners; governance as the DPO)",
  request: {
    params: idParam,
    body: { required: true, content: { 'application/json': { schema: DecisionInputSchema } } },
  },
  responses: {
    200: jsonContent(AccessRequestSchema, 'The request after the decision'),
    ...COMMON_PROBLEMS,
    403: problemResponse('You may not decide this request.'),
    404: problemResponse('No such request.'),
    409: problemResponse('The request was decided already.'),
    422: findingsProblem('An access policy refuses the approval; `findings` say why.'),
  },
});

const listGrants = createRoute({
  method: 'get',
  path: '/grants',
  tags: TAGS,
  summary: 'Grants you may see (your teams, the products you own; all for admin and governance)',
  request: {
    query: PageQuerySchema.extend({
      productId: z.string().max(200).optional(),
      team: z.string().max(200).optional(),
      state: z.enum(GRANT_STATES).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(GrantSchema), next: z.string().nullable() }),
      'A page of grants, each with how to connect',
    ),
    ...COMMON_PROBLEMS,
  },
});

const getGrant = createRoute({
  method: 'get',
  path: '/grants/{id}',
  tags: TAGS,
  summary: 'One grant, for those who may see it (as in the list)',
  request: { params: idParam },
  responses: {
    200: jsonContent(GrantSchema, 'The grant, with how to connect while it is active'),
    ...COMMON_PROBLEMS,
    403: problemResponse('You may not see this grant.'),
    404: problemResponse('No such grant.'),
  },
});

const revokeGrant = createRoute({
  method: 'delete',
  path: '/grants/{id}',
  tags: TAGS,
  summary:
    "End a grant now (the producing domain's owners, the consumer team's owners, governance, admin)",
  request: { params: idParam },
  responses: {
    204: { description: 'Revoked, in the engine too' },
    ...COMMON_PROBLEMS,
    403: problemResponse('You may not revoke this grant.'),
    404: problemResponse('No such grant.'),
    409: problemResponse('The grant has ended already.'),
  },
});

const recertifyGrant = createRoute({
  method: 'post',
  path: '/grants/{id}/recertify',
  tags: TAGS,
  summary: "Confirm an active grant is still needed (the producing team's owners)",
  request: { params: idParam },
  responses: {
    200: jsonContent(GrantSchema, 'The grant, certified now'),
    ...COMMON_PROBLEMS,
    403: problemResponse('You may not recertify this grant.'),
    404: problemResponse('No such grant.'),
    409: problemResponse('The grant has ended.'),
  },
});

const listPurposes = createRoute({
  method: 'get',
  path: '/purposes',
  tags: TAGS,
  summary: 'The purposes access may be requested for (meshwork.yaml `purposes:`)',
  responses: {
    200: jsonContent(z.object({ items: z.array(PurposeSchema) }), 'The purpose catalogue'),
    ...COMMON_PROBLEMS,
  },
});

const sweep = createRoute({
  method: 'post',
  path: '/access/sweep',
  tags: TAGS,
  summary: 'Run the grant sweep now: expire, let unrecertified grants lapse, remind (admin)',
  responses: {
    200: jsonContent(SweepReportSchema, 'What the sweep did'),
    ...COMMON_PROBLEMS,
    403: problemResponse('Needs the role admin.'),
  },
});

/** The caller as the access service knows them: name and global roles. */
export function actorOf(c: Context): AccessActor {
  const principal = c.get('principal');
  return { username: principal.username, roles: principal.roles };
}

/**
 * How a consumer reads a grant's data, one line per place it was provisioned; none for an
 * ended grant (revoked, expired), whose views are gone and whose data route answers 403.
 */
export function connectionOf(grant: Grant): string[] {
  if (grant.state !== 'active') return [];
  return grant.provisioning.flatMap((p) => {
    if (p.engine === 'embedded')
      return p.objects.map(
        (url) => `GET ${url}?format=csv|parquet|json (with your session or API token)`,
      );
    const role = p.role === null ? '' : ` as a member of the role ${p.role}`;
    const where = p.server === null ? '' : ` on server "${p.server}"`;
    return p.objects.map((object) => `${p.engine}${where}: SELECT … FROM ${object}${role}`);
  });
}

/** A grant as the API answers it: how to connect, and its row filter (null for every row). */
function grantAnswer(grant: Grant): Grant & { connection: string[] } {
  return { ...grant, rowFilter: grant.rowFilter ?? null, connection: connectionOf(grant) };
}

export function registerAccessRoutes(app: ApiApp, ctx: RouteContext, access: AccessDeps): void {
  const service = access.service;
  app.use('/access/sweep', ctx.deps.auth.requireRole('admin'));

  app.openapi(createRequest, async (c) => {
    const { columns, renewalOf, ...input } = c.req.valid('json');
    const created = await service.request(actorOf(c), {
      ...input,
      columns: columns ?? null,
      renewalOf: renewalOf ?? null,
    });
    return c.json(created as z.infer<typeof AccessRequestSchema>, 201);
  });

  app.openapi(listRequests, async (c) => {
    const { view, state, limit, cursor } = c.req.valid('query');
    const actor = actorOf(c);
    if (view === 'all' && !actor.roles.some((r) => r === 'admin' || r === 'governance'))
      throw new ApiProblem(403, 'Forbidden', 'view=all needs the role admin or governance.');
    const page = await service.listRequests(actor, view, {
      ...(state === undefined ? {} : { states: [state] }),
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return c.json({ items: page.items, next: page.next } as never, 200);
  });

  app.openapi(decide, async (c) => {
    const { id } = c.req.valid('param');
    const { decision, comment, rowFilter } = c.req.valid('json');
    const decided = await service.decide(actorOf(c), id, {
      decision,
      comment: comment ?? null,
      // Absent: the filter the request carries; null: every row.
      ...(rowFilter === undefined ? {} : { rowFilter }),
    });
    return c.json(decided as z.infer<typeof AccessRequestSchema>, 200);
  });

  app.openapi(listGrants, async (c) => {
    const { productId, team, state, limit, cursor } = c.req.valid('query');
    const page = await service.listGrants(actorOf(c), {
      ...(productId === undefined ? {} : { productId }),
      ...(team === undefined ? {} : { team }),
      ...(state === undefined ? {} : { states: [state] }),
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    const items = page.items.map((grant) => grantAnswer(grant));
    return c.json({ items, next: page.next } as never, 200);
  });

  app.openapi(getGrant, async (c) => {
    const { id } = c.req.valid('param');
    const grant = await service.getGrant(actorOf(c), id);
    return c.json(grantAnswer(grant) as never, 200);
  });

  app.openapi(revokeGrant, async (c) => {
    const { id } = c.req.valid('param');
    await service.revoke(actorOf(c), id);
    return c.body(null, 204);
  });

  app.openapi(recertifyGrant, async (c) => {
    const { id } = c.req.valid('param');
    const grant = await service.recertify(actorOf(c), id);
    return c.json(grantAnswer(grant) as never, 200);
  });

  app.openapi(listPurposes, async (c) => {
    const mesh = await access.mesh();
    return c.json({ items: mesh.purposes } as never, 200);
  });

  app.openapi(sweep, async (c) => {
    const report = await service.sweep(ctx.now());
    return c.json(report as never, 200);
  });
}
