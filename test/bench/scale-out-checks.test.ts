import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { startLoadBalancer } from '../../bench/support/load-balancer.ts';
import type { Sample } from '../../bench/support/scale-out-clients.ts';
import { newLoadState } from '../../bench/support/scale-out-clients.ts';
import { checkStore, insideKillWindow } from '../../bench/support/scale-out-invariants.ts';
import { sweepAfterLoad } from '../../bench/support/scale-out-sweep.ts';
import { grantIdOf } from '../../src/app/access/grant-id.ts';
import { newJob } from '../../src/app/jobs/new-job.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import { grant, request } from '../conformance/stores/access-conformance.ts';
import { createMemoryStore } from '../support/memory-store.ts';

/**
 * The scale-out benchmark's judges, on planted faults: a benchmark whose checks cannot
 * fail proves nothing, so each check is shown to catch what it is there for.
 */
function sample(extra: Partial<Sample>): Sample {
  return {
    kind: 'read',
    path: '/api/products',
    start: 1_000,
    end: 1_100,
    status: 502,
    error: '502: bad gateway',
    backend: 'http://victim',
    shed: false,
    ...extra,
  };
}

function build(id: string, target: string, createdAt: string, finishedAt: string | null): Job {
  const at = new Date(createdAt);
  const job = newJob({
    id,
    kind: 'build-product',
    target,
    trigger: 'manual',
    requestedBy: 'owner-1',
    scheduledFor: at,
    now: at,
  });
  return finishedAt === null
    ? job
    : { ...job, state: 'succeeded', finishedAt, startedAt: createdAt };
}

describe('scale-out benchmark: the kill window', () => {
  const window = { from: 1_000, to: 1_500 };
  it('excuses only errors of the killed server while it was dying', () => {
    assert.equal(insideKillWindow(sample({}), 'http://victim', window), true);
    assert.equal(
      insideKillWindow(sample({ start: 1_400, end: 1_450 }), 'http://victim', window),
      true,
      'sent between the kill and the take-out',
    );
    assert.equal(
      insideKillWindow(sample({ backend: 'http://alive' }), 'http://victim', window),
      false,
      'a live server’s error',
    );
    assert.equal(
      insideKillWindow(sample({ backend: null, start: 0, end: 30_000 }), 'http://victim', window),
      false,
      'a client that gave up waiting across the kill',
    );
    assert.equal(
      insideKillWindow(sample({ start: 1_600, end: 1_700 }), 'http://victim', window),
      false,
      'after the take-out',
    );
    assert.equal(insideKillWindow(sample({}), 'http://victim', null), false, 'never taken out');
  });
});

/** The memory store, its jobs list answering with planted jobs (finished ones too). */
function storeWithJobs(): { store: MeshworkStore; jobs: Job[] } {
  const jobs: Job[] = [];
  const memory = createMemoryStore();
  const store = Object.assign(Object.create(memory) as MeshworkStore, {
    jobs: { ...memory.jobs, list: () => Promise.resolve({ items: jobs, next: null }) },
  });
  return { store, jobs };
}

describe('scale-out benchmark: the store checks', () => {
  it('find nothing wrong when the store holds every acknowledged write once', async () => {
    const { store, jobs } = storeWithJobs();
    const state = newLoadState();
    await store.accessRequests.create(request('r1', { state: 'active' }));
    await store.accessRequests.create(request('r2', { state: 'rejected' }));
    await store.grants.create(grant('g1', { requestId: 'r1' }));
    jobs.push(build('j1', 'p', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z'));
    jobs.push(build('j2', 'p', '2026-01-01T00:00:06.000Z', '2026-01-01T00:00:09.000Z'));
    state.acknowledged.requests.set('r1', 'pending').set('r2', 'pending');
    state.acknowledged.decisions.set('r1', 'approve').set('r2', 'reject');
    state.acknowledged.jobs.add('j1').add('j2');
    const violations: string[] = [];
    const counts = await checkStore(store, state, violations, () => undefined);
    assert.deepEqual(violations, []);
    assert.equal(counts.approved, 1);
    assert.equal(counts.grants, 1);
  });

  it('catch lost writes, duplicate grants and duplicate run-now jobs', async () => {
    const { store, jobs } = storeWithJobs();
    const state = newLoadState();
    await store.accessRequests.create(request('r1', { state: 'active' }));
    await store.accessRequests.create(request('r2', { state: 'pending' }));
    await store.accessRequests.create(request('r3', { state: 'pending' }));
    await store.grants.create(grant('g1', { requestId: 'r1' }));
    await store.grants.create(grant('g2', { requestId: 'r1' }));
    await store.grants.create(grant('g3', { requestId: 'r3' }));
    // j2 was queued while j1 of the same product still ran.
    jobs.push(build('j1', 'p', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z'));
    jobs.push(build('j2', 'p', '2026-01-01T00:00:03.000Z', '2026-01-01T00:00:09.000Z'));
    state.acknowledged.requests.set('r1', 'pending').set('missing', 'pending');
    state.acknowledged.decisions.set('r1', 'approve').set('r2', 'approve');
    state.acknowledged.jobs.add('j1').add('lost-job');
    const violations: string[] = [];
    await checkStore(store, state, violations, () => undefined);
    const has = (pattern: RegExp): void =>
      assert.ok(
        violations.some((v) => pattern.test(v)),
        `${pattern} in:\n${violations.join('\n')}`,
      );
    has(/lost write: access request missing is not in the store/);
    has(/duplicate grants: request r1 has 2/);
    has(/lost write: approved request r2 is pending, not active/);
    has(/grant g3 belongs to request r3, which is pending/);
    has(/lost write: run-now job lost-job is not in the store/);
    has(/duplicate run-now job: j2 \(p\)/);
  });

  it('allow no request left approved: the sweep before the checks must have completed it', async () => {
    const { store } = storeWithJobs();
    await store.accessRequests.create(request('cut', { state: 'approved' }));
    await store.accessRequests.create(request('stuck', { state: 'approved' }));
    await store.grants.create(grant('g-cut', { requestId: 'cut' }));
    const violations: string[] = [];
    await checkStore(store, newLoadState(), violations, () => undefined);
    assert.deepEqual(violations, [
      'grant g-cut belongs to request cut, which is approved',
      'request stuck was left approved but not active (no grant) after the sweep',
      'request cut was left approved but not active (its grant stored) after the sweep',
    ]);
  });

  it('the sweep after the load completes what the kill left approved, so the checks pass', async () => {
    const { store } = storeWithJobs();
    const old = '2026-01-01T00:00:00.000Z';
    await store.accessRequests.create(request('cut', { state: 'approved', updatedAt: old }));
    await store.accessRequests.create(request('bare', { state: 'approved', updatedAt: old }));
    await store.grants.create(
      grant(grantIdOf('cut'), { requestId: 'cut', endsAt: '2099-01-01T00:00:00.000Z' }),
    );
    const recovery = await sweepAfterLoad(store, tmpdir(), {});
    assert.deepEqual(recovery.completed, [{ requestId: 'cut', grantId: grantIdOf('cut') }]);
    // This store serves no mesh: activating 'bare' again fails, and is said, not hidden.
    assert.deepEqual(recovery.activated, []);
    assert.deepEqual(
      recovery.failed.map((f) => f.requestId),
      ['bare'],
    );
    assert.match(recovery.failed[0]!.reason, /gone from the mesh/);
    const violations: string[] = [];
    await checkStore(store, newLoadState(), violations, () => undefined);
    assert.deepEqual(violations, [
      'request bare was left approved but not active (no grant) after the sweep',
    ]);
  });
});

describe('scale-out benchmark: the load balancer', () => {
  it('alternates between backends and takes a dead one out', async (t) => {
    const started: Server[] = [];
    const backend = async (name: string): Promise<string> => {
      const server = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(req.url === '/api/health' ? 'ok' : name);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      started.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const a = await backend('a');
    const b = await backend('b');
    const lb = await startLoadBalancer([a, b], { healthIntervalMs: 100 });
    t.after(async () => {
      await lb.close();
      for (const s of started) s.closeAllConnections();
      await Promise.all(started.map((s) => new Promise((r) => s.close(r))));
    });
    const get = async (): Promise<{ status: number; body: string; backend: string | null }> => {
      const answer = await fetch(`${lb.url}/x`);
      return {
        status: answer.status,
        body: await answer.text(),
        backend: answer.headers.get('x-backend'),
      };
    };
    const four = [await get(), await get(), await get(), await get()];
    assert.deepEqual(four.map((r) => r.body).sort(), ['a', 'a', 'b', 'b']);

    started[0]!.closeAllConnections();
    await new Promise((r) => started[0]!.close(r));
    const deadline = Date.now() + 10_000;
    while (!lb.events.some((e) => e.backend === a && e.what === 'taken-out')) {
      assert.ok(Date.now() < deadline, 'the dead backend was not taken out within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(lb.events[0]!.reason, /ECONNREFUSED/);
    const after = [await get(), await get(), await get()];
    assert.deepEqual(
      after.map((r) => [r.status, r.body, r.backend]),
      [
        [200, 'b', b],
        [200, 'b', b],
        [200, 'b', b],
      ],
    );
  });
});
