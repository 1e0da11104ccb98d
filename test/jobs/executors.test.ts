import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import {
  createBuildProductExecutor,
  testContractExecutor,
} from '../../src/app/jobs/executors/index.ts';
import { createLineageEmitter } from '../../src/app/openlineage/lineage-emitter.ts';
import { createTestMesh } from '../build/support.ts';
import type { TestMesh } from '../build/support.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { claimedJob, jobContext } from './support.ts';

const build = createBuildProductExecutor({
  subjectKey: () => Promise.reject(new Error('no port of this mesh declares a subject key')),
});

function failRevenueRule(mesh: TestMesh): void {
  const path = 'domains/sales/revenue/revenue.odcs.yaml';
  const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as {
    schema: { quality?: unknown[] }[];
  };
  // Three days of revenue in the data; the rule wants more than three rows.
  doc.schema[0]!.quality = [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 3 }];
  mesh.write(path, stringify(doc));
}

describe('job executors', () => {
  it('build-product builds one product, records its runs as the job, and a rerun replaces them', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const context = jobContext(mesh.root, store);
    const job = claimedJob('build-product', 'sales-orders-product');
    const outcome = await build.run(job, context);
    assert.equal(outcome.state, 'succeeded', JSON.stringify(outcome));
    assert.ok(outcome.state === 'succeeded');
    assert.equal(outcome.result?.status, 'published');
    assert.equal(outcome.result?.runs, 2);
    const first = await store.runs.list({ productId: 'sales-orders-product', limit: 10 });
    assert.equal(first.items.length, 2);
    assert.ok(first.items.every((r) => r.reportedBy === 'job'));
    assert.deepEqual(
      first.items.map((r) => r.id).sort(),
      String(outcome.result?.runIds).split(',').sort(),
    );
    // The worker died after the build: the job runs again, its effect stays one set of runs.
    const again = await build.run({ ...job, attempts: 2 }, context);
    assert.equal(again.state, 'succeeded');
    const second = await store.runs.list({ productId: 'sales-orders-product', limit: 10 });
    assert.equal(second.items.length, 2);
    assert.deepEqual(context.published, []);
  });

  it("build-product sends the build's OpenLineage events like meshwork build", async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const file = join(mesh.root, 'lineage.ndjson');
    const withLineage = createBuildProductExecutor({
      subjectKey: () => Promise.reject(new Error('not needed')),
      lineage: () => ({ lineage: createLineageEmitter({ file, timeoutMs: 5000 })! }),
    });
    const outcome = await withLineage.run(
      claimedJob('build-product', 'sales-orders-product'),
      jobContext(mesh.root, createMemoryStore()),
    );
    assert.ok(outcome.state === 'succeeded', JSON.stringify(outcome));
    assert.equal(outcome.result?.lineageFailed, undefined);
    const events = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { eventType: string; job: { name: string } });
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['START', 'COMPLETE'],
    );
  });

  it('build-product: failed checks are the result, with check.failed for the owning team', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    failRevenueRule(mesh);
    const store = createMemoryStore();
    const context = jobContext(mesh.root, store);
    await build.run(claimedJob('build-product', 'sales-orders-product', { id: 'up' }), context);
    const outcome = await build.run(claimedJob('build-product', 'sales-revenue-product'), context);
    assert.ok(outcome.state === 'succeeded', JSON.stringify(outcome));
    assert.equal(outcome.result?.status, 'failed');
    assert.equal(outcome.result?.failedChecks, 1);
    assert.equal(context.published.length, 1);
    const [event] = context.published;
    assert.equal(event!.type, 'check.failed');
    assert.equal(event!.id, `check.failed:${String(outcome.result?.runIds)}`);
    assert.equal(event!.productId, 'sales-revenue-product');
    assert.equal(event!.domain, 'sales');
    assert.deepEqual(event!.recipients, { users: [], teams: ['sales/sales-team'] });
    assert.equal(event!.data.failedChecks, 1);
  });

  it('build-product: a publish that fails is said in the result, never fails the build', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    failRevenueRule(mesh);
    const store = createMemoryStore();
    await build.run(
      claimedJob('build-product', 'sales-orders-product'),
      jobContext(mesh.root, store),
    );
    const outcome = await build.run(
      claimedJob('build-product', 'sales-revenue-product'),
      jobContext(mesh.root, store, { failPublish: true }),
    );
    assert.ok(outcome.state === 'succeeded');
    assert.equal(outcome.result?.eventsFailed, 1);
    assert.match(String(outcome.result?.eventsError), /event store is down/);
  });

  it('build-product: an unknown product fails the job for good and publishes job.failed', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const context = jobContext(mesh.root, store);
    const early = await build.run(claimedJob('build-product', 'nope', { attempts: 1 }), context);
    assert.ok(early.state === 'failed');
    assert.equal(early.error.code, 'unknown-product');
    // Trying again cannot bring the product back: no retry, job.failed at once.
    assert.equal(early.permanent, true);
    assert.deepEqual(
      context.published.map((e) => [e.type, e.id, e.data.code]),
      [['job.failed', 'job.failed:job_test_build-product_nope', 'unknown-product']],
    );
  });

  it('build-product: a build that could not be done is retried; its last attempt publishes job.failed', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    rmSync(join(mesh.root, 'data/orders.csv'));
    const store = createMemoryStore();
    const context = jobContext(mesh.root, store);
    const early = await build.run(
      claimedJob('build-product', 'sales-orders-product', { attempts: 1 }),
      context,
    );
    assert.ok(early.state === 'failed');
    assert.equal(early.permanent, undefined);
    assert.equal(context.published.length, 0);
    const last = await build.run(
      claimedJob('build-product', 'sales-orders-product', { attempts: 3 }),
      context,
    );
    assert.ok(last.state === 'failed');
    assert.deepEqual(
      context.published.map((e) => [e.type, e.id, e.data.code]),
      [['job.failed', 'job.failed:job_test_build-product_sales-orders-product', 'build-error']],
    );
    assert.deepEqual(context.published[0]!.recipients, { users: [], teams: ['sales/sales-team'] });
  });

  it('build-product: a source that cannot be read fails the job with the reason', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    rmSync(join(mesh.root, 'data/orders.csv'));
    const outcome = await build.run(
      claimedJob('build-product', 'sales-orders-product'),
      jobContext(mesh.root, createMemoryStore()),
    );
    assert.ok(outcome.state === 'failed', JSON.stringify(outcome));
    assert.equal(outcome.error.code, 'build-error');
    assert.match(outcome.error.message, /orders/);
  });

  it('test-contract tests a source contract and records the run; unreadable data fails the job', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const context = jobContext(mesh.root, store);
    const outcome = await testContractExecutor.run(
      claimedJob('test-contract', 'shop-orders'),
      context,
    );
    assert.ok(outcome.state === 'succeeded', JSON.stringify(outcome));
    assert.equal(outcome.result?.status, 'passed');
    const runs = await store.runs.list({ contractId: 'shop-orders', limit: 10 });
    assert.equal(runs.items.length, 1);
    assert.equal(runs.items[0]!.reportedBy, 'job');
    rmSync(join(mesh.root, 'data/orders.csv'));
    const broken = await testContractExecutor.run(
      claimedJob('test-contract', 'shop-orders', { id: 'other' }),
      context,
    );
    assert.ok(broken.state === 'failed', JSON.stringify(broken));
    assert.match(broken.error.code, /^test-/);
    const unknown = await testContractExecutor.run(claimedJob('test-contract', 'nope'), context);
    assert.ok(unknown.state === 'failed');
    assert.equal(unknown.error.code, 'unknown-contract');
  });
});
