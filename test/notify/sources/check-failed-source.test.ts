import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { CatalogService } from '../../../src/app/catalog/catalog-service.ts';
import { domainRolesOf } from '../../../src/app/catalog/teams.ts';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import { createApp } from '../../../src/server/app.ts';
import { createAuth } from '../../../src/server/auth/index.ts';
import { createServerLog } from '../../../src/server/log.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { addUser, signIn } from '../../server/auth/support.ts';
import { DEMO_MESH } from '../../server/api-support.ts';
import { recordingLog, recordingPublisher } from './recording-publisher.ts';

const check = (id: string, status: 'passed' | 'failed' | 'error') => ({
  id,
  schema: 'orders',
  property: null,
  kind: 'rowCount',
  status,
  value: 0,
  threshold: { operator: 'mustBeGreaterThan', value: 0 },
  message: status,
  samples: [],
});
const run = (...checks: ReturnType<typeof check>[]) => ({
  status: checks.some((c) => c.status === 'failed') ? 'failed' : 'passed',
  startedAt: '2026-11-20T03:00:00.000Z',
  durationMs: 42,
  checks,
});

describe('check.failed from a reported run (POST /api/runs, meshwork test --server)', () => {
  let directory: string;
  let store: MeshworkStore;
  let app: OpenAPIHono;
  let admin: Record<string, string>;
  const publisher = recordingPublisher();
  const log = recordingLog();

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'meshwork-check-failed-'));
    store = createEmbeddedStore({ directory: join(directory, 'store') });
    await store.migrate();
    const catalog = new CatalogService({ store, meshRoot: DEMO_MESH });
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
    app = createApp({
      store,
      catalog,
      auth,
      events: publisher,
      log: createServerLog({ write: log.write }),
    });
    await addUser(store, 'admin', 'admin-password-1', ['admin']);
    const session = await signIn(app, 'admin', 'admin-password-1');
    admin = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  });
  after(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const report = (contractId: string, body: unknown) =>
    app.request('/api/runs', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ contractId, run: body }),
    });

  it('a run with failed checks publishes one check.failed to the owning team', async () => {
    publisher.events.length = 0;
    const res = await report(
      'sales-orders-v1',
      run(
        check('orders.ok', 'passed'),
        check('orders.rowCount', 'failed'),
        check('orders.x', 'failed'),
      ),
    );
    assert.equal(res.status, 201);
    const stored = (await res.json()) as { id: string };
    assert.equal(publisher.events.length, 1);
    const event = publisher.events[0]!;
    assert.equal(event.id, `check.failed:${stored.id}`);
    assert.equal(event.type, 'check.failed');
    assert.equal(event.subject, 'sales-orders-v1');
    assert.equal(event.productId, 'sales-orders');
    assert.equal(event.domain, 'sales');
    assert.deepEqual(event.recipients, { users: [], teams: ['ecommerce-team'] });
    assert.equal(event.data.failedChecks, 2);
    assert.equal(event.data.checks, 3);
    assert.equal(event.data.failed, 'orders.rowCount, orders.x');
    assert.equal(event.data.runId, stored.id);
    // The run is in the store as reported, whatever the publisher did.
    assert.equal((await store.runs.get(stored.id))?.contractId, 'sales-orders-v1');
  });

  it('a passing run, or one whose checks only could not run, publishes nothing', async () => {
    publisher.events.length = 0;
    assert.equal((await report('sales-orders-v1', run(check('a', 'passed')))).status, 201);
    assert.equal((await report('sales-orders-v1', run(check('a', 'error')))).status, 201);
    assert.deepEqual(publisher.events, []);
  });

  it('a source system’s failing contract goes to the teams of the products reading it', async () => {
    publisher.events.length = 0;
    assert.equal((await report('webshop-orders-v1', run(check('o', 'failed')))).status, 201);
    const event = publisher.events[0]!;
    assert.equal(event.productId, null);
    assert.equal(event.domain, null);
    assert.ok(event.recipients.teams.includes('ecommerce-team'), event.recipients.teams.join(','));
  });

  it('a failed publish is logged as an error and the run stays reported (201)', async () => {
    publisher.failWith = 'the notifications store is down';
    log.lines.length = 0;
    try {
      const res = await report('sales-orders-v1', run(check('orders.rowCount', 'failed')));
      assert.equal(res.status, 201);
      const stored = (await res.json()) as { id: string };
      assert.ok(await store.runs.get(stored.id));
      const line = log.lines.find(
        (l) => l.msg === 'publishing an event failed; the work it reports is done',
      );
      assert.ok(line, JSON.stringify(log.lines));
      assert.equal(line.level, 'error');
      assert.equal(line.eventId, `check.failed:${stored.id}`);
      assert.equal(line.error, 'the notifications store is down');
    } finally {
      publisher.failWith = null;
    }
  });
});
