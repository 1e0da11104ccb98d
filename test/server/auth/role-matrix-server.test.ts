import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { CatalogService } from '../../../src/app/catalog/catalog-service.ts';
import { domainRolesOf } from '../../../src/app/catalog/teams.ts';
import { createApp } from '../../../src/server/app.ts';
import { createAuth } from '../../../src/server/auth/index.ts';
import type { AccessRequest, Grant } from '../../../src/core/access/model.ts';
import { newJob } from '../../../src/app/jobs/new-job.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { writeAccessWorkspace } from '../access-support.ts';
import {
  matrixCredentials,
  runMatrix,
  SIGNED_IN,
  type Credentials,
  type MatrixCase,
} from './role-matrix.ts';
import { addUser } from './support.ts';

/** Real people of the demo mesh's domain.yaml files: roles come from their teams. */
const USERNAMES = { memberX: 'jhuber', ownerX: 'mweber', memberY: 'ahofmann' } as const;
const X = 'sales';
const Y = 'finance';

interface Fixture {
  dir: string;
  app: OpenAPIHono;
  credentials: { session: Credentials; token: Credentials };
  cases: MatrixCase[];
}

/**
 * The whole server (createApp) over the demo mesh (with a purpose catalogue and the
 * sales-orders `orders` port built, access-support.ts), a store in memory and the real
 * auth seam.
 */
async function createFixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-matrix-'));
  await writeAccessWorkspace(dir);
  const store = createMemoryStore();
  const catalog = new CatalogService({ store, meshRoot: dir });
  await catalog.load();
  const auth = createAuth({
    store,
    env: {},
    domainRoles: (username) =>
      domainRolesOf(
        new Map([...catalog.current.domains].map(([name, d]) => [name, d.teams])),
        username,
      ),
    publicUrl: 'http://127.0.0.1:4000',
  });
  const app = createApp({ store, catalog, auth });
  await addUser(store, 'victim', 'victim-password');
  const credentials = await matrixCredentials(app, store, USERNAMES);

  const current = catalog.current;
  const contractOf = (domain: string): { id: string; productId: string } => {
    for (const [id, record] of current.contracts) {
      const productId = record.productId;
      if (productId && current.productsById.get(productId)?.detail.domain === domain)
        return { id, productId };
    }
    throw new Error(`no contract in ${domain}`);
  };
  const inX = contractOf(X);
  const inY = contractOf(Y);
  const run = { status: 'passed', startedAt: new Date().toISOString(), durationMs: 1, checks: [] };
  await store.runs.record({
    id: 'run-1',
    contractId: inX.id,
    productId: inX.productId,
    port: null,
    server: null,
    run: run as never,
    reportedBy: 'cli',
  });

  // Jobs (issue 13): a queued build of a product of X, a source contract's test (no domain).
  const queued = (id: string, kind: 'build-product' | 'test-contract', target: string) =>
    newJob({
      id,
      kind,
      target,
      trigger: 'manual',
      requestedBy: 'admin',
      scheduledFor: new Date(),
      now: new Date(),
    });
  await store.jobs.enqueue(queued('job-matrix-x', 'build-product', inX.productId));
  await store.jobs.enqueue(queued('job-matrix-source', 'test-contract', 'webshop-customers-v1'));

  // Access (issue 10): memberY's team (finance-team) asks for a port of domain X (sales);
  // the request and grants are stored as the service would have made them.
  const at = new Date().toISOString();
  const endsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const pending: AccessRequest = {
    id: 'req-matrix',
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'finance-team',
    consumerDomain: Y,
    requester: USERNAMES.memberY,
    purpose: 'revenue-reporting',
    endsAt,
    columns: null,
    justification: 'matrix',
    state: 'pending',
    requiredApprovals: ['owner', 'dpo'],
    approvals: [],
    rejection: null,
    findings: [],
    renewalOf: null,
    grantId: null,
    createdAt: at,
    updatedAt: at,
  };
  await store.accessRequests.create(pending);
  const grant = (id: string): Grant => ({
    id,
    requestId: `req-${id}`,
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'finance-team',
    consumerDomain: Y,
    purpose: 'revenue-reporting',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: at,
    endsAt,
    certifiedAt: at,
    endedAt: null,
    endedBy: null,
    provisioning: [
      {
        engine: 'embedded',
        server: null,
        objects: ['/api/products/sales-orders/ports/orders/data'],
        role: null,
      },
    ],
    remindedAt: null,
  });
  // One to revoke, one that stays active (recertified, read through the data route).
  await store.grants.create(grant('grant-revoke'));
  await store.grants.create(grant('grant-kept'));
  // Privacy (issue 11): an erasure task of a sales source (webshop customers, domain X).
  await store.dsrTasks.create({
    id: 'task-matrix',
    requestId: 'erase-matrix',
    mode: 'delete',
    contractId: 'webshop-customers-v1',
    contractPath: 'sources/webshop/customers.odcs.yaml',
    system: 'webshop',
    object: 'customers',
    domain: 'sales',
    kind: 'email',
    column: 'email',
    subjectHash: '0'.repeat(64),
    keyFingerprint: '0123456789abcdef',
    rows: 1,
    state: 'open',
    createdAt: at,
    doneAt: null,
    doneBy: null,
  });
  const accessRequest = {
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'finance-team',
    purpose: 'revenue-reporting',
    endsAt,
    justification: 'matrix',
  };

  const everyone = SIGNED_IN;
  const cases: MatrixCase[] = [
    { method: 'GET', path: '/api/health', allowed: 'public' },
    { method: 'GET', path: '/api/auth/config', allowed: 'public' },
    {
      method: 'POST',
      path: '/api/auth/login',
      body: { username: 'x', password: 'wrong-password' },
      allowed: 'public',
    },
    { method: 'GET', path: '/api/auth/oidc/login', allowed: 'public' },
    { method: 'GET', path: '/api/auth/oidc/callback', allowed: 'public' },
    { method: 'GET', path: '/api/auth/me', allowed: everyone },
    { method: 'GET', path: '/api/openapi.json', allowed: everyone },
    { method: 'GET', path: '/api/products?q=order', allowed: everyone },
    { method: 'GET', path: `/api/products/${inX.productId}`, allowed: everyone },
    {
      method: 'GET',
      path: `/api/products/${inX.productId}/lineage?direction=both&depth=2`,
      allowed: everyone,
    },
    { method: 'GET', path: `/api/products/${inX.productId}/usage`, allowed: everyone },
    { method: 'GET', path: '/api/domains', allowed: everyone },
    { method: 'GET', path: `/api/domains/${X}`, allowed: everyone },
    { method: 'GET', path: `/api/domains/${X}/failing-checks`, allowed: everyone },
    { method: 'GET', path: '/api/teams', allowed: everyone },
    // The canvas (issue 12): anyone signed in drafts and proposes; empty answers are a 400 after the guard.
    { method: 'GET', path: '/api/canvas/options', allowed: everyone },
    { method: 'POST', path: '/api/canvas/draft', body: {}, allowed: everyone },
    { method: 'POST', path: '/api/canvas/draft?format=zip', body: {}, allowed: everyone },
    { method: 'POST', path: '/api/canvas/commit', body: {}, allowed: everyone },
    { method: 'GET', path: '/api/scorecards', allowed: everyone },
    { method: 'GET', path: '/api/governance', allowed: everyone },
    { method: 'GET', path: '/api/governance/texts?lang=de', allowed: everyone },
    { method: 'GET', path: `/api/contracts/${inX.id}`, allowed: everyone },
    { method: 'GET', path: `/api/contracts/${inX.id}/yaml`, allowed: everyone },
    {
      method: 'GET',
      path: `/api/contracts/${inX.id}/export?format=sql-postgres`,
      allowed: everyone,
    },
    { method: 'GET', path: `/api/contracts/${inX.id}/runs`, allowed: everyone },
    { method: 'GET', path: '/api/runs/run-1', allowed: everyone },
    {
      method: 'POST',
      path: '/api/runs',
      body: { contractId: inX.id, run },
      allowed: ['memberX', 'ownerX', 'admin'],
    },
    {
      method: 'POST',
      path: '/api/runs',
      body: { contractId: inY.id, run },
      allowed: ['memberY', 'admin'],
    },
    {
      method: 'POST',
      path: '/api/runs',
      body: { contractId: 'no-such-contract', run },
      allowed: ['admin'],
    },
    { method: 'POST', path: '/api/sync', allowed: ['governance', 'admin'] },
    // The adoption dashboard (issue 13): admins, governance and domain owners, not members.
    { method: 'GET', path: '/api/dashboard', allowed: ['ownerX', 'governance', 'admin'] },
    // Invalid on purpose (400 after the guard): the matrix is about who gets past the guard.
    {
      method: 'POST',
      path: '/api/scorecards',
      body: { scorecard: {} },
      allowed: ['governance', 'admin'],
    },
    // An empty push is refused by validation after the guard: allowed roles get 400, not a new mesh.
    {
      method: 'PUT',
      path: '/api/catalog',
      body: { documents: [] },
      allowed: ['governance', 'admin'],
    },
    { method: 'GET', path: '/api/users', allowed: ['admin'] },
    {
      method: 'POST',
      path: '/api/users',
      body: { username: 'new-user', name: 'New', password: 'new-user-password' },
      allowed: ['admin'],
    },
    { method: 'GET', path: '/api/users/victim', allowed: ['admin'] },
    { method: 'PATCH', path: '/api/users/victim', body: { name: 'Changed' }, allowed: ['admin'] },
    {
      method: 'POST',
      path: '/api/users/victim/oidc-link',
      body: { from: 'no-such-user' },
      allowed: ['admin'],
    },
    { method: 'DELETE', path: '/api/users/victim', allowed: ['admin'] },
    { method: 'GET', path: '/api/tokens', allowed: everyone },
    { method: 'POST', path: '/api/tokens', body: { name: 'ci' }, allowed: everyone },
    { method: 'DELETE', path: '/api/tokens/no-such-token', allowed: everyone },
    { method: 'GET', path: '/api/purposes', allowed: everyone },
    // Only members of the consumer team may ask on its behalf.
    {
      method: 'POST',
      path: '/api/access-requests',
      body: accessRequest,
      allowed: ['memberY'],
    },
    { method: 'GET', path: '/api/access-requests?view=mine', allowed: everyone },
    { method: 'GET', path: '/api/access-requests?view=to-decide', allowed: everyone },
    { method: 'GET', path: '/api/access-requests?view=all', allowed: ['governance', 'admin'] },
    // The owners of the producing domain (owner approval), governance (DPO), admin; the
    // requester is no decider. Once decided, deciders get 409 — a refusal stays 403.
    {
      method: 'POST',
      path: `/api/access-requests/${pending.id}/decision`,
      body: { decision: 'approve', comment: 'matrix' },
      allowed: ['ownerX', 'governance', 'admin'],
    },
    { method: 'GET', path: '/api/grants', allowed: everyone },
    { method: 'GET', path: '/api/grants?state=active&productId=sales-orders', allowed: everyone },
    // One grant: as in the list — the consumer team, the producing owners, governance, admin.
    {
      method: 'GET',
      path: '/api/grants/grant-kept',
      allowed: ['memberY', 'ownerX', 'governance', 'admin'],
    },
    {
      method: 'POST',
      path: '/api/grants/grant-kept/recertify',
      allowed: ['ownerX', 'admin'],
    },
    // The consumer team's members (memberY) and the owning team (ecommerce-team, no role
    // here) read the data; a role (admin, governance) or the producing domain is no pass.
    {
      method: 'GET',
      path: '/api/products/sales-orders/ports/orders/data?format=json',
      allowed: ['memberY'],
    },
    // The producing domain's owners, governance, admin (and the consumer team's owners, no
    // role here); a member of the consumer team may not.
    {
      method: 'DELETE',
      path: '/api/grants/grant-revoke',
      allowed: ['ownerX', 'governance', 'admin'],
    },
    { method: 'POST', path: '/api/access/sweep', allowed: ['admin'] },
    { method: 'GET', path: '/api/audit', allowed: ['governance', 'admin'] },
    {
      method: 'GET',
      path: '/api/audit?action=auth.login&limit=5',
      allowed: ['governance', 'admin'],
    },
    { method: 'GET', path: '/api/audit/verify', allowed: ['governance', 'admin'] },
    // The record of processing is the DPO's (governance) and admin's.
    { method: 'GET', path: '/api/privacy/record', allowed: ['governance', 'admin'] },
    {
      method: 'GET',
      path: '/api/privacy/record?lang=en&format=html',
      allowed: ['governance', 'admin'],
    },
    // Erasure tasks: the owners of the domain the source declares (X), governance, admin;
    // a member is no owner. Once done, the others get 409 — a refusal stays 403.
    { method: 'GET', path: '/api/privacy/tasks', allowed: ['ownerX', 'governance', 'admin'] },
    {
      method: 'POST',
      path: '/api/privacy/tasks/task-matrix/done',
      allowed: ['ownerX', 'governance', 'admin'],
    },
    // Jobs: the list is filtered per caller; one job is seen by its product's domain,
    // governance and admin; "run now" and cancel by the domain's owners and admin (once
    // queued or cancelled, the others get 409 — a refusal stays 403).
    { method: 'GET', path: '/api/jobs', allowed: everyone },
    { method: 'GET', path: '/api/jobs?kind=build-product&state=queued', allowed: everyone },
    {
      method: 'GET',
      path: '/api/jobs/job-matrix-x',
      allowed: ['memberX', 'ownerX', 'governance', 'admin'],
    },
    { method: 'GET', path: '/api/jobs/job-matrix-source', allowed: ['governance', 'admin'] },
    { method: 'GET', path: `/api/products/${inX.productId}/jobs`, allowed: everyone },
    { method: 'POST', path: `/api/products/${inX.productId}/run`, allowed: ['ownerX', 'admin'] },
    { method: 'POST', path: '/api/jobs/job-matrix-x/cancel', allowed: ['ownerX', 'admin'] },
    // SLA monitoring: incidents and a product's SLA states are catalog facts, for everyone.
    { method: 'GET', path: '/api/incidents', allowed: everyone },
    { method: 'GET', path: '/api/incidents?state=open&domain=x', allowed: everyone },
    { method: 'GET', path: `/api/products/${inX.productId}/slas`, allowed: everyone },
    // Notifications: everyone manages their own subscriptions and sees their own delivery
    // log; someone else's subscription is 404 like one that does not exist (who may manage
    // which is test/notify/notify-rights.test.ts).
    { method: 'GET', path: '/api/subscriptions', allowed: everyone },
    {
      method: 'POST',
      path: '/api/subscriptions',
      body: { types: ['product.created'], scope: { kind: 'mesh' }, channel: { kind: 'email' } },
      allowed: everyone,
    },
    { method: 'DELETE', path: '/api/subscriptions/sub-matrix-none', allowed: everyone },
    { method: 'POST', path: '/api/subscriptions/sub-matrix-none/test', allowed: everyone },
    { method: 'GET', path: '/api/notifications/deliveries', allowed: everyone },
    // Last: it ends the sessions the cases above use.
    { method: 'POST', path: '/api/auth/logout', allowed: everyone },
  ];
  return { dir, app, credentials, cases };
}

/** `get /products/{id}` for a concrete path: the template the OpenAPI document lists. */
function template(c: MatrixCase, documented: readonly string[]): string | undefined {
  const path = c.path.replace(/^\/api/, '').split('?')[0] ?? '';
  return documented.find((route) => {
    const [method, pattern] = route.split(' ');
    const re = new RegExp(`^${(pattern ?? '').replaceAll(/\{[^}]+\}/g, '[^/]+')}$`);
    return method === c.method.toLowerCase() && re.test(path);
  });
}

describe('role × route matrix over the whole server', () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await createFixture();
  });
  after(() => rm(fixture.dir, { recursive: true, force: true }));

  it('has a case for every route of the OpenAPI document', async () => {
    const res = await fixture.app.request('/api/openapi.json', {
      headers: fixture.credentials.token.admin,
    });
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    const covered = new Set(fixture.cases.map((c) => template(c, documented)));
    assert.deepEqual(
      documented.filter((route) => !covered.has(route)),
      [],
    );
    assert.ok(documented.length >= 25, `${documented.length} routes documented`);
  });

  it('lets no route through to the wrong role, signed in by token', async () => {
    assert.deepEqual(await runMatrix(fixture.app, fixture.credentials.token, fixture.cases), []);
  });

  // After the token run on the same server: what it changed (a deleted user, a new one) only
  // turns allowed answers into 404/409, never a refusal into a pass.
  it('lets no route through to the wrong role, signed in by session (with CSRF token)', async () => {
    assert.deepEqual(await runMatrix(fixture.app, fixture.credentials.session, fixture.cases), []);
  });
});
