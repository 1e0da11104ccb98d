import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getUser } from '../../app/accounts/users.ts';
import { recordAudit } from '../../app/accounts/audit.ts';
import type { ProductCanvas, ProductDraft } from '../../app/canvas/canvas-model.ts';
import { commitDraft, isGitWorkTree } from '../../app/canvas/commit-draft.ts';
import type { CanvasRights } from '../../app/canvas/canvas-rights.ts';
import { canvasRights } from '../../app/canvas/canvas-rights.ts';
import { DraftsBusyError, createDraftGate } from '../../app/canvas/draft-gate.ts';
import { zipDraft } from '../../app/canvas/zip-draft.ts';
import type { CanvasBody } from '../canvas-schemas.ts';
import {
  CanvasOptionsSchema,
  CanvasSchema,
  CommittedProposalSchema,
  ProductDraftSchema,
} from '../canvas-schemas.ts';
import type { CanvasDeps, Drafter } from '../deps.ts';
import { ApiProblem, problemJson } from '../problem.ts';
import { FindingSchema } from '../schemas.ts';
import type { ApiApp, RouteContext } from './route-kit.ts';
import { COMMON_PROBLEMS, jsonContent, ok, problemResponse } from './route-kit.ts';

const TAGS = ['canvas'];

/** The form lists at most this many contracts to choose inputs from. */
const MAX_CONTRACTS = 2000;

const BUSY = problemResponse('Too many drafts are being made; retry after Retry-After seconds.');

const NO_FOLDER = problemResponse(
  'The server serves a published mesh, not a mesh folder: there is nothing to draft against.',
);

const options = createRoute({
  method: 'get',
  path: '/canvas/options',
  tags: TAGS,
  summary:
    'What the canvas form offers: domains, teams, contracts with their columns, and whether proposals can be committed (signed in)',
  responses: {
    200: jsonContent(CanvasOptionsSchema, 'The choices of the form'),
    ...COMMON_PROBLEMS,
  },
});

const draft = createRoute({
  method: 'post',
  path: '/canvas/draft',
  tags: TAGS,
  summary:
    'Draft a data product from the canvas: the files, or (format=zip) a zip of them to unpack in the repository root (signed in)',
  request: {
    query: z.object({ format: z.enum(['json', 'zip']).optional() }),
    body: { content: { 'application/json': { schema: CanvasSchema } }, required: true },
  },
  responses: {
    200: {
      description:
        'The draft (status proposed): its folder, files and findings; with findings of severity error there are no files. As a zip: Content-Disposition attachment',
      content: {
        'application/json': { schema: ProductDraftSchema },
        'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...COMMON_PROBLEMS,
    403: problemResponse(
      'The answers name someone else as owner, and the user does not own the domain (nor is admin).',
    ),
    409: NO_FOLDER,
    422: problemResponse('The answers have errors (zip only): `findings` lists them.'),
    503: BUSY,
  },
});

const commit = createRoute({
  method: 'post',
  path: '/canvas/commit',
  tags: TAGS,
  summary:
    'Submit the canvas as a proposal: its files committed into the mesh repository by the signed-in user (status proposed; only on a server started with --commit-proposals in a git work tree)',
  request: {
    body: { content: { 'application/json': { schema: CanvasSchema } }, required: true },
  },
  responses: {
    201: jsonContent(CommittedProposalSchema, 'Committed; the catalog shows the proposal'),
    ...COMMON_PROBLEMS,
    403: problemResponse(
      'The user is in no team of the domain (nor its owner, admin or governance), names a team they are not in, or names someone else as owner.',
    ),
    409: problemResponse(
      'This server does not commit proposals, the mesh folder is no git work tree, or the product folder exists.',
    ),
    422: {
      description: 'The answers have errors: `findings` lists them, nothing is written',
      content: {
        'application/problem+json': {
          schema: z.object({
            title: z.string(),
            detail: z.string(),
            findings: z.array(FindingSchema),
          }),
        },
      },
    },
    503: BUSY,
  },
});

/**
 * The canvas from the form: a portal draft is always a proposal, owned by the signed-in
 * user. Only the domain's owner (or an admin) may name someone else: the others get a 403
 * rather than a draft that silently names them instead.
 */
function canvasOf(body: CanvasBody, c: Context, rights: CanvasRights): ProductCanvas {
  const principal = c.get('principal');
  if (body.owner !== undefined && body.owner.username !== principal.username && !rights.chooseOwner)
    throw new ApiProblem(
      403,
      'Forbidden',
      `Only an owner of the domain "${body.domain}" (or an admin) may name someone else as the product's owner; leave the owner out to be named yourself.`,
    );
  return {
    id: body.id,
    name: body.name,
    domain: body.domain,
    purpose: body.purpose,
    consumers: body.consumers,
    team: body.team,
    owner:
      body.owner === undefined
        ? { username: principal.username, name: principal.name }
        : body.owner.name === undefined
          ? { username: body.owner.username }
          : { username: body.owner.username, name: body.owner.name },
    inputs: body.inputs,
    columns: body.columns,
    ...(body.outputPort === undefined ? {} : { outputPort: body.outputPort }),
    sla: {
      ...(body.sla.latency === undefined ? {} : { latency: body.sla.latency }),
      ...(body.sla.schedule === undefined ? {} : { schedule: body.sla.schedule }),
      ...(body.sla.retention === undefined
        ? {}
        : {
            retention: {
              value: body.sla.retention.value,
              unit: body.sla.retention.unit,
              ...(body.sla.retention.element === undefined
                ? {}
                : { element: body.sla.retention.element }),
            },
          }),
      ...(body.sla.availabilityPercent === undefined
        ? {}
        : { availabilityPercent: body.sla.availabilityPercent }),
    },
    status: 'proposed',
    language: body.language,
  };
}

const hasErrors = (d: ProductDraft) => d.findings.some((f) => f.severity === 'error');

const COMMIT_OFF =
  'This server does not commit proposals: start it with `meshwork serve --commit-proposals` (or MESHWORK_COMMIT_PROPOSALS=1) in a git work tree. The download works without.';

export function registerCanvasRoutes(app: ApiApp, ctx: RouteContext, canvas: CanvasDeps): void {
  const drafter: Drafter = canvas.draft;
  const gate = createDraftGate();

  const draftIn = async (c: Context, root: string, answers: ProductCanvas) => {
    try {
      return await gate.run(() => drafter(root, answers));
    } catch (error) {
      if (error instanceof DraftsBusyError) {
        c.header('retry-after', String(gate.retryAfterSeconds));
        throw new ApiProblem(
          503,
          'Service Unavailable',
          'Too many drafts are being made; retry shortly.',
        );
      }
      throw error;
    }
  };

  /** The signed-in user's canvas rights in `domain` (no teams when the mesh has no such domain). */
  const rightsIn = (c: Context, domain: string): CanvasRights =>
    canvasRights(ctx.deps.catalog.current.domains.get(domain)?.teams ?? [], c.get('principal'));

  const meshRoot = (): string => {
    const root = ctx.deps.catalog.root;
    if (root === null)
      throw new ApiProblem(
        409,
        'Conflict',
        'This server serves a published mesh, not a mesh folder: the canvas drafts against a folder (meshwork serve MESH).',
      );
    return root;
  };

  app.openapi(options, async (c) => {
    const catalog = ctx.deps.catalog.current;
    const root = ctx.deps.catalog.root;
    let reason: string | null = null;
    if (!canvas.commitProposals) reason = COMMIT_OFF;
    else if (root === null) reason = 'This server serves a published mesh, not a mesh folder.';
    else if (!(await isGitWorkTree(root)))
      reason = 'The mesh folder is not a git work tree; download the files instead.';
    const principal = c.get('principal');
    const domains = [...catalog.domains.values()]
      .map((d) => {
        const rights = canvasRights(d.teams, principal);
        return {
          name: d.summary.name,
          title: d.summary.title,
          teams: [...d.summary.teams],
          mayCommit: rights.commit,
          commitTeams: rights.teams === null ? null : [...rights.teams],
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const teams = [...catalog.domains.values()].flatMap((d) =>
      d.teams.map((t) => ({
        name: t.name,
        domain: t.domain,
        members: t.members.map((m) => ({ username: m.username, name: m.name, role: m.role })),
      })),
    );
    const all = [...catalog.contracts.values()].sort((a, b) => a.id.localeCompare(b.id));
    const contracts = all.slice(0, MAX_CONTRACTS).map((record) => ({
      id: record.id,
      productId: record.productId,
      port: record.port,
      objects: record.summary.schema.map((o) => ({
        name: o.name,
        properties: o.properties.map((p) => ({
          name: p.name,
          logicalType: p.logicalType,
          pii: p.pii,
        })),
      })),
    }));
    return ok(c, {
      commit: { allowed: reason === null, reason },
      domains,
      teams,
      contracts,
      truncated: all.length > MAX_CONTRACTS,
    });
  });

  app.openapi(draft, async (c) => {
    const { format } = c.req.valid('query');
    const body = c.req.valid('json');
    const answers = canvasOf(body, c, rightsIn(c, body.domain));
    const drafted = await draftIn(c, meshRoot(), answers);
    if (format !== 'zip') return ok(c, drafted);
    if (hasErrors(drafted))
      return problemJson(c, 422, 'Unprocessable Content', 'The answers have errors.', {
        findings: drafted.findings,
      });
    const zip = zipDraft(drafted);
    return c.body(new Uint8Array(zip), 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${answers.id}.zip"`,
      'cache-control': 'no-store',
    });
  });

  app.openapi(commit, async (c) => {
    if (!canvas.commitProposals) throw new ApiProblem(409, 'Conflict', COMMIT_OFF);
    const root = meshRoot();
    const principal = c.get('principal');
    const body = c.req.valid('json');
    const rights = rightsIn(c, body.domain);
    if (!rights.commit)
      throw new ApiProblem(
        403,
        'Forbidden',
        `Only members of a team of the domain "${body.domain}", its owners, admins and governance may submit proposals into it; download the files instead.`,
      );
    if (rights.teams !== null && !rights.teams.includes(body.team))
      throw new ApiProblem(
        403,
        'Forbidden',
        `You may name only a team you belong to as the owning team (${rights.teams.join(', ')}).`,
      );
    const answers = canvasOf(body, c, rights);
    const drafted = await draftIn(c, root, answers);
    if (hasErrors(drafted))
      return problemJson(
        c,
        422,
        'Unprocessable Content',
        'The answers have errors; nothing was written.',
        {
          findings: drafted.findings,
        },
      ) as never;
    const user = await getUser(ctx.deps.store, principal.username);
    const committed = await commitDraft(root, drafted, {
      author: {
        name: user?.name || principal.name || principal.username,
        email: user?.email ?? `${principal.username}@users.meshwork.invalid`,
      },
      message: `Propose data product ${answers.id} in ${answers.domain}\n\n${answers.name}\n\nProposed in the Meshwork portal by ${principal.username}.`,
    });
    await recordAudit(ctx.deps.store, {
      at: ctx.now().toISOString(),
      actor: principal.username,
      action: 'canvas.propose',
      target: answers.id,
      details: { domain: answers.domain, folder: committed.folder, commit: committed.commit },
    });
    // The watcher would notice too, debounced; the proposer should see it at once. A failed
    // re-index does not undo the commit: the answer says so, and the watcher tries again.
    const indexed = await ctx.deps.catalog.sync(principal.username).then(
      () => true,
      () => false,
    );
    return c.json(
      { ...committed, files: [...committed.files], findings: [...drafted.findings], indexed },
      201,
    );
  });
}
