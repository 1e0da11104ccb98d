import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { JobContext } from '../../src/app/jobs/job-executor.ts';
import { slaEvaluateExecutor, slaSystemSchedule } from '../../src/app/sla/index.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { DAY_MS, ordersContract, serveSnapshot, writeSlaMesh } from './sla-mesh.ts';

const job: Job = {
  id: 'schedule:sla-evaluate:mesh:2026-12-05T10:00:00.000Z',
  kind: 'sla-evaluate',
  target: 'mesh',
  payload: {},
  trigger: 'system',
  requestedBy: 'system',
  scheduledFor: '2026-12-05T10:00:00.000Z',
  runAfter: '2026-12-05T10:00:00.000Z',
  state: 'running',
  attempts: 1,
  maxAttempts: 3,
  lease: null,
  createdAt: '2026-12-05T10:00:00.000Z',
  startedAt: '2026-12-05T10:00:00.000Z',
  finishedAt: null,
  error: null,
  result: null,
  history: [],
};

function contextFor(
  meshRoot: string,
  store: MeshworkStore,
  events: MeshEvent[],
  options: { failPublish?: boolean } = {},
): JobContext {
  return {
    meshRoot,
    store,
    env: {},
    now: () => new Date(),
    signal: new AbortController().signal,
    events: {
      publish: (event) => {
        if (options.failPublish) return Promise.reject(new Error('notification store is down'));
        events.push(event);
        return Promise.resolve();
      },
    },
  };
}

describe('the sla-evaluate job opens and resolves incidents from the served data', () => {
  const roots: string[] = [];
  after(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('opens one incident for stale data, keeps it on a repeat, resolves it when fresh again', async () => {
    const root = await writeSlaMesh();
    roots.push(root);
    // Built an hour ago (frequency met) from data whose newest row is ten days old.
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    const store = createMemoryStore();
    const events: MeshEvent[] = [];
    const context = contextFor(root, store, events);

    const first = await slaEvaluateExecutor.run(job, context);
    assert.equal(first.state, 'succeeded');
    assert.ok(first.state === 'succeeded');
    assert.deepEqual(
      {
        evaluated: first.result?.evaluated,
        met: first.result?.met,
        breached: first.result?.breached,
        unknown: first.result?.unknown,
        opened: first.result?.opened,
        timeZone: first.result?.timeZone,
      },
      { evaluated: 3, met: 1, breached: 1, unknown: 1, opened: 1, timeZone: 'Europe/Berlin' },
    );
    const open = (await store.incidents.list({ states: ['open'] })).items;
    assert.equal(open.length, 1);
    const incident = open[0]!;
    assert.equal(incident.productId, 'sales-orders');
    assert.equal(incident.domain, 'sales');
    assert.equal(incident.team, 'sales-team');
    assert.equal(incident.sla, 'latency');
    assert.equal(incident.contractId, 'orders-contract');
    const age = Number(incident.observed?.replace(' s', ''));
    assert.ok(Math.abs(age - 10 * 86_400) < 120, `measured age ${incident.observed}`);
    assert.deepEqual(
      events.map((e) => [e.id, e.type, e.recipients.teams]),
      [[`sla.breached:${incident.id}`, 'sla.breached', ['sales-team']]],
    );

    const again = await slaEvaluateExecutor.run(job, context);
    assert.ok(again.state === 'succeeded');
    assert.equal(again.result?.opened, 0, 'a repeat opens nothing');
    assert.equal((await store.incidents.list({})).items.length, 1);
    assert.ok(
      events.every((e) => e.id === `sla.breached:${incident.id}`),
      'a repeat publishes under the same event id',
    );

    await serveSnapshot(root, new Date(), new Date(Date.now() - 3_600_000));
    const recovered = await slaEvaluateExecutor.run(job, context);
    assert.ok(recovered.state === 'succeeded');
    assert.equal(recovered.result?.resolved, 1);
    const stored = await store.incidents.get(incident.id);
    assert.equal(stored?.state, 'resolved');
    assert.equal(stored?.resolution, 'met');
    assert.ok(stored?.resolvedAt);
    assert.equal(events.at(-1)?.id, `sla.recovered:${incident.id}`);
    assert.equal(events.at(-1)?.data.resolution, 'met');
  });

  it('never resolves an incident on an SLA it cannot evaluate', async () => {
    const root = await writeSlaMesh();
    roots.push(root);
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    const store = createMemoryStore();
    const context = contextFor(root, store, []);
    await slaEvaluateExecutor.run(job, context);
    const [incident] = (await store.incidents.list({ states: ['open'] })).items;
    assert.ok(incident);
    // The newest value is gone (all NULL): latency cannot be judged, so it is not "met".
    await serveSnapshot(root, new Date(), null);
    const outcome = await slaEvaluateExecutor.run(job, context);
    assert.ok(outcome.state === 'succeeded');
    assert.equal(outcome.result?.unknown, 2);
    assert.equal(outcome.result?.resolved, 0);
    assert.equal((await store.incidents.get(incident.id))?.state, 'open');
  });

  it('withdraws an incident whose SLA left the contract', async () => {
    const root = await writeSlaMesh();
    roots.push(root);
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    const store = createMemoryStore();
    const events: MeshEvent[] = [];
    const context = contextFor(root, store, events);
    await slaEvaluateExecutor.run(job, context);
    await writeFile(
      join(root, 'domains/sales/orders/orders.odcs.yaml'),
      stringify(ordersContract([{ property: 'frequency', value: 1, unit: 'd' }])),
    );
    const outcome = await slaEvaluateExecutor.run(job, context);
    assert.ok(outcome.state === 'succeeded');
    assert.equal(outcome.result?.withdrawn, 1);
    const [incident] = (await store.incidents.list({})).items;
    assert.equal(incident?.resolution, 'withdrawn');
    assert.equal(events.at(-1)?.type, 'sla.recovered');
  });

  it('stores the incident even when publishing fails, and says so in the result', async () => {
    const root = await writeSlaMesh();
    roots.push(root);
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    const store = createMemoryStore();
    const outcome = await slaEvaluateExecutor.run(
      job,
      contextFor(root, store, [], { failPublish: true }),
    );
    assert.ok(outcome.state === 'succeeded');
    assert.equal(outcome.result?.publishFailed, 1);
    assert.equal(outcome.result?.publishError, 'notification store is down');
    assert.equal((await store.incidents.list({ states: ['open'] })).items.length, 1);
  });

  it('reports a mesh it cannot read as a failed job with the reason', async () => {
    const outcome = await slaEvaluateExecutor.run(
      job,
      contextFor('/nonexistent/meshwork-sla', createMemoryStore(), []),
    );
    assert.equal(outcome.state, 'failed');
    assert.ok(outcome.state === 'failed');
    assert.equal(outcome.error.code, 'mesh-unreadable');
  });
});

describe('the SLA system schedule', () => {
  it('runs every 5 minutes by default, or every MESHWORK_SLA_CHECK_MINUTES', () => {
    assert.deepEqual(slaSystemSchedule({}), {
      kind: 'sla-evaluate',
      target: 'mesh',
      everyMinutes: 5,
    });
    assert.equal(slaSystemSchedule({ MESHWORK_SLA_CHECK_MINUTES: '15' }).everyMinutes, 15);
  });

  it('refuses a value that is not 1 to 1440 whole minutes', () => {
    for (const value of ['0', '-5', '1.5', 'five', '1441', '1e3', '99999999999'])
      assert.throws(
        () => slaSystemSchedule({ MESHWORK_SLA_CHECK_MINUTES: value }),
        /MESHWORK_SLA_CHECK_MINUTES/,
        value,
      );
  });
});
