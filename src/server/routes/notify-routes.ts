import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AccessMesh } from '../../app/access/access-types.ts';
import { meshLanguage } from '../../app/governance/builtin/policy-texts.ts';
import { teamMembersIn } from '../../app/notify/store-publisher.ts';
import type { NotifyActor, NotifyActorTeam } from '../../app/notify/subscriptions.ts';
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  testSubscription,
  viewSubscription,
} from '../../app/notify/subscriptions.ts';
import { createTestSendLimiter, TestSendTooSoonError } from '../../app/notify/test-send-limit.ts';
import type { AccessDeps } from '../access-deps.ts';
import {
  DeliveryListSchema,
  SubscriptionCreatedSchema,
  SubscriptionInputSchema,
  SubscriptionListSchema,
  SubscriptionTestSchema,
} from '../notify-schemas.ts';
import { ApiProblem } from '../problem.ts';
import { PageQuerySchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });

const list = createRoute({
  method: 'get',
  path: '/subscriptions',
  tags: ['notifications'],
  summary: "My subscriptions and my teams' (secrets never shown)",
  request: { query: PageQuerySchema },
  responses: {
    200: jsonContent(SubscriptionListSchema, 'A page of subscriptions, newest first'),
    ...COMMON_PROBLEMS,
  },
});

const create = createRoute({
  method: 'post',
  path: '/subscriptions',
  tags: ['notifications'],
  summary:
    "Subscribe myself, or a team I own, to events (a webhook's secret is in this answer only)",
  request: {
    body: { content: { 'application/json': { schema: SubscriptionInputSchema } }, required: true },
  },
  responses: {
    201: jsonContent(SubscriptionCreatedSchema, 'The subscription, and the webhook secret once'),
    ...COMMON_PROBLEMS,
    403: problemResponse('A team subscription needs an owner of the team (or an admin).'),
    409: problemResponse('The owner has the most subscriptions allowed.'),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/subscriptions/{id}',
  tags: ['notifications'],
  summary: "Delete my subscription, or a team's I own",
  request: { params: idParam },
  responses: {
    204: { description: 'Deleted' },
    ...COMMON_PROBLEMS,
    403: problemResponse("A team's subscription needs an owner of the team."),
    404: problemResponse('No such subscription of mine or my teams.'),
  },
});

const test = createRoute({
  method: 'post',
  path: '/subscriptions/{id}/test',
  tags: ['notifications'],
  summary: 'Send a test event to this subscription only (delivered by a job; see the delivery log)',
  request: { params: idParam },
  responses: {
    202: jsonContent(SubscriptionTestSchema, 'The test event and its delivery, queued'),
    ...COMMON_PROBLEMS,
    403: problemResponse("A team's subscription needs an owner of the team."),
    404: problemResponse('No such subscription of mine or my teams.'),
    429: problemResponse(
      'A test was sent to this subscription less than a minute ago; see Retry-After.',
    ),
  },
});

const deliveries = createRoute({
  method: 'get',
  path: '/notifications/deliveries',
  tags: ['notifications'],
  summary: "The delivery log: mine and my teams' (admins: all), newest first",
  request: { query: PageQuerySchema },
  responses: {
    200: jsonContent(DeliveryListSchema, 'A page of deliveries with their attempts'),
    ...COMMON_PROBLEMS,
  },
});

export function registerNotifyRoutes(app: ApiApp, ctx: RouteContext, access: AccessDeps): void {
  const store = ctx.deps.store;
  const settings = {
    env: ctx.deps.notifyEnv ?? {},
    now: ctx.now,
    testSendLimiter: createTestSendLimiter(store.attempts),
  };
  const actorOf = async (c: Context): Promise<NotifyActor & { readonly mesh: AccessMesh }> => {
    const principal = c.get('principal');
    const mesh = await access.mesh();
    const domainsOfName = new Map<string, number>();
    for (const list of mesh.teams.values())
      for (const team of list)
        domainsOfName.set(team.name, (domainsOfName.get(team.name) ?? 0) + 1);
    const teams: NotifyActorTeam[] = [];
    for (const [domain, list] of mesh.teams)
      for (const team of list)
        for (const member of team.members)
          if (member.username === principal.username)
            teams.push({
              domain,
              name: team.name,
              role: member.role === 'owner' ? 'owner' : 'member',
              soleOfItsName: domainsOfName.get(team.name) === 1,
            });
    return { username: principal.username, roles: principal.roles, teams, mesh };
  };

  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listSubscriptions(store, await actorOf(c), {
      ...(limit === undefined ? {} : { limit }),
      cursor: cursor ?? null,
    });
    return ok(c, page);
  });

  app.openapi(create, async (c) => {
    const actor = await actorOf(c);
    const created = await createSubscription(store, actor, c.req.valid('json'), {
      ...settings,
      teamMembers: teamMembersIn(actor.mesh.teams),
    });
    return c.json(
      {
        subscription: viewSubscription(created.subscription),
        secret: created.secret,
      } as z.infer<typeof SubscriptionCreatedSchema>,
      201,
    );
  });

  app.openapi(remove, async (c) => {
    await deleteSubscription(store, await actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(test, async (c) => {
    const actor = await actorOf(c);
    const organisation = actor.mesh.model.organisation?.source.data;
    let result;
    try {
      result = await testSubscription(store, actor, c.req.valid('param').id, {
        ...settings,
        defaultLanguage: meshLanguage(organisation) ?? 'en',
      });
    } catch (error) {
      if (!(error instanceof TestSendTooSoonError)) throw error;
      c.header('Retry-After', String(error.retryAfterSeconds));
      throw new ApiProblem(429, 'Too Many Requests', error.message);
    }
    return c.json(result as never, 202);
  });

  app.openapi(deliveries, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listDeliveries(store, await actorOf(c), {
      ...(limit === undefined ? {} : { limit }),
      cursor: cursor ?? null,
    });
    return ok(c, page);
  });
}
