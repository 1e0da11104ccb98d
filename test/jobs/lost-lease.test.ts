import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StoredRun } from '../../src/app/store/store.ts';
import { lockProduct, productDir } from '../../src/app/build/warehouse.ts';
import {
  createBuildProductExecutor,
  testContractExecutor,
} from '../../src/app/jobs/executors/index.ts';
import { createTestMesh } from '../build/support.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { claimedJob, jobContext } from './support.ts';

/**
 * A worker that lost its job's lease (its signal aborted) must stop before its next
 * effect: another worker may be running the job by now (docs/operations.md, "Fencing").
 */
const build = createBuildProductExecutor({
  subjectKey: () => Promise.reject(new Error('no port of this mesh declares a subject key')),
});
const PORTS = ['orders', 'customers'] as const;

function portDir(root: string, port: string): string {
  return join(productDir(root, 'sales', 'orders'), port);
}

/** What a port folder holds besides `current`: snapshots, and any `.tmp-` leftovers. */
function entries(root: string, port: string): string[] {
  const dir = portDir(root, port);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('a job whose lease is lost', () => {
  it('build-product whose lease is lost mid-build records no run, serves nothing and publishes nothing', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const lease = new AbortController();
    const context = { ...jobContext(mesh.root, store), signal: lease.signal };
    const job = claimedJob('build-product', 'sales-orders-product');
    // The review's scenario (lease lost 30 ms in) made exact: the lease is lost once the
    // build writes its snapshot, well before its tests run and record anything.
    let abortedAt = 0;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > 60_000) return clearInterval(timer);
      if (!entries(mesh.root, 'orders').some((name) => name.startsWith('.tmp-'))) return;
      clearInterval(timer);
      abortedAt = performance.now();
      lease.abort(new Error('the worker lost the lease of this job'));
    }, 1);
    t.after(() => clearInterval(timer));
    const outcome = await build.run(job, context);
    const doneAt = performance.now();
    assert.ok(abortedAt > 0 && abortedAt < doneAt, 'the lease was lost while the build ran');
    assert.ok(outcome.state === 'failed', JSON.stringify(outcome));
    assert.equal(outcome.error.code, 'aborted');
    assert.match(outcome.error.message, /lost the lease/);
    const runs = await store.runs.list({ productId: 'sales-orders-product', limit: 10 });
    assert.equal(runs.items.length, 0, 'no run recorded after the lease was lost');
    assert.deepEqual(context.published, []);
    for (const port of PORTS) {
      // Nothing was made current, and nothing of the stopped build is left behind.
      assert.ok(!entries(mesh.root, port).includes('current'), entries(mesh.root, port).join());
      assert.deepEqual(
        entries(mesh.root, port).filter((name) => name !== 'current'),
        [],
      );
    }
    // The product's lock is given back: the next build (the new lease holder's) may run.
    assert.ok(!existsSync(join(productDir(mesh.root, 'sales', 'orders'), '.lock')));
    const again = await build.run({ ...job, attempts: 2 }, jobContext(mesh.root, store));
    assert.equal(again.state, 'succeeded', JSON.stringify(again));
  });

  it('build-product aborted after its tests, before publishing, leaves the previous snapshot served', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const first = await build.run(
      claimedJob('build-product', 'sales-orders-product', { id: 'job_first' }),
      jobContext(mesh.root, store),
    );
    assert.equal(first.state, 'succeeded', JSON.stringify(first));
    const served = PORTS.map((port) => readlinkSync(join(portDir(mesh.root, port), 'current')));
    const before = PORTS.map((port) => entries(mesh.root, port));

    // The lease is lost the moment the second build's last test run has been recorded:
    // the runs were recorded while it held the lease, the publish comes after the loss.
    const lease = new AbortController();
    let recorded = 0;
    const watched = {
      ...store,
      runs: {
        ...store.runs,
        async record(run: StoredRun): Promise<void> {
          await store.runs.record(run);
          if (++recorded === PORTS.length) lease.abort(new Error('the lease was taken over'));
        },
      },
    };
    const context = { ...jobContext(mesh.root, watched), signal: lease.signal };
    const second = await build.run(
      claimedJob('build-product', 'sales-orders-product', { id: 'job_second' }),
      context,
    );
    assert.equal(recorded, PORTS.length, 'both ports were tested before the loss');
    assert.ok(second.state === 'failed', JSON.stringify(second));
    assert.equal(second.error.code, 'aborted');
    assert.deepEqual(
      PORTS.map((port) => readlinkSync(join(portDir(mesh.root, port), 'current'))),
      served,
      'the previous snapshots stay served',
    );
    // The stopped build's snapshots are removed, the older ones not pruned.
    assert.deepEqual(
      PORTS.map((port) => entries(mesh.root, port)),
      before,
    );
    assert.deepEqual(context.published, []);
  });

  it('test-contract aborted while it tests records no run and publishes nothing', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const lease = new AbortController();
    const context = { ...jobContext(mesh.root, store), signal: lease.signal };
    const timer = setTimeout(() => lease.abort(new Error('the lease was taken over')), 1);
    t.after(() => clearTimeout(timer));
    const outcome = await testContractExecutor.run(
      claimedJob('test-contract', 'shop-orders'),
      context,
    );
    assert.ok(lease.signal.aborted, 'the lease was lost while the test ran');
    assert.ok(outcome.state === 'failed', JSON.stringify(outcome));
    assert.equal(outcome.error.code, 'aborted');
    const runs = await store.runs.list({ contractId: 'shop-orders', limit: 10 });
    assert.equal(runs.items.length, 0);
    assert.deepEqual(context.published, []);
  });

  it('a job already stopped on its last attempt publishes no job.failed', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const lease = new AbortController();
    lease.abort(new Error('the lease was taken over'));
    const context = { ...jobContext(mesh.root, createMemoryStore()), signal: lease.signal };
    const outcome = await build.run(
      claimedJob('build-product', 'sales-orders-product', { attempts: 3, maxAttempts: 3 }),
      context,
    );
    assert.ok(outcome.state === 'failed', JSON.stringify(outcome));
    assert.deepEqual(context.published, []);
  });
});

describe("a product's build lock", () => {
  it('serialises two builds of one product in one process, and takes over a stale lock with its pid', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const dir = productDir(mesh.root, 'sales', 'orders');
    const unlock = await lockProduct(dir);
    // A second worker of this process (`--concurrency`, or the new lease holder beside
    // the worker that lost it) shares the pid: the lock file alone would let it in.
    await assert.rejects(lockProduct(dir), /being built by this process/);
    await unlock();
    const again = await lockProduct(dir);
    await again();
    // This pid in a lock no build of this process holds: left by a killed build whose pid
    // was reused — stale, taken over.
    writeFileSync(join(dir, '.lock'), String(process.pid));
    const taken = await lockProduct(dir);
    await taken();
    assert.ok(!existsSync(join(dir, '.lock')));
  });
});
