import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adoptionSnapshotExecutor } from '../../src/app/adoption/adoption-executor.ts';
import { createAdoptionRecorder } from '../../src/app/adoption/adoption-recorder.ts';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import type { JobContext } from '../../src/app/jobs/job-executor.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');
const PRODUCT = 'domains/sales/sales-daily-sales/product.odps.yaml';

/**
 * Snapshots as the server and the worker take them: one on every catalog index (the day's
 * newest replaces the earlier one, milestones carry over from day to day), none lost when
 * the store fails (said in the log instead), and the `adoption-snapshot` job.
 */
describe('recording adoption snapshots', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'meshwork-adoption-record-'));
    cpSync(DEMO, root, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('records a snapshot on every catalog index and measures proposal to active across days', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-03-02T08:00:00Z');
    const reports: string[] = [];
    const recorder = createAdoptionRecorder({
      store,
      now: () => now,
      report: (message) => reports.push(message),
    });
    const pending: Promise<void>[] = [];
    const catalog = new CatalogService({
      store,
      meshRoot: root,
      now: () => now,
      onIndexed: (indexed) => {
        const recorded = recorder.indexed(indexed);
        pending.push(recorded);
        return recorded;
      },
    });
    const active = readFileSync(join(root, PRODUCT), 'utf8');
    writeFileSync(join(root, PRODUCT), active.replace(/^status: active$/m, 'status: proposed'));
    await catalog.load();
    now = new Date('2026-03-02T17:00:00Z');
    await catalog.sync();
    now = new Date('2026-03-06T09:00:00Z');
    writeFileSync(join(root, PRODUCT), active);
    await catalog.sync();
    await Promise.all(pending);
    assert.equal(pending.length, 3, 'one snapshot per index');
    assert.deepEqual(reports, []);

    const days = (await store.adoption.list({})).items;
    assert.deepEqual(
      days.map((d) => [d.day, d.source, d.recordedAt]),
      [
        ['2026-03-02', 'index', '2026-03-02T17:00:00.000Z'],
        ['2026-03-06', 'index', '2026-03-06T09:00:00.000Z'],
      ],
    );
    assert.equal(days[0]?.figures.productsByStatus.proposed, 1);
    assert.deepEqual(days[1]?.milestones['sales-daily-sales'], {
      domain: 'sales',
      status: 'active',
      firstSeen: '2026-03-02',
      proposedOn: '2026-03-02',
      activeOn: '2026-03-06',
    });
    // Seen active from the first index: no proposal day, so only this one counts.
    assert.deepEqual(days[1]?.figures.proposalToActive, { products: 1, medianDays: 4 });
    assert.equal(days[1]?.figures.products, 11);
    assert.equal(days[1]?.figures.withOwner, 11);
    catalog.close();
  });

  it('a store that fails does not fail the index: the failure is reported', async () => {
    const broken: MeshworkStore = {
      ...createMemoryStore(),
      adoption: {
        record: () => Promise.reject(new Error('disk full')),
        list: () => Promise.reject(new Error('disk full')),
        latestBefore: () => Promise.reject(new Error('disk full')),
      },
    };
    const reports: string[] = [];
    const recorder = createAdoptionRecorder({
      store: broken,
      now: () => new Date(),
      report: (message, details) => reports.push(`${message}: ${String(details.error)}`),
    });
    const catalog = new CatalogService({ store: broken, meshRoot: root });
    const result = await catalog.load();
    await recorder.indexed(catalog.current);
    assert.equal(result.products, 11);
    assert.deepEqual(reports, ['the adoption snapshot failed: disk full']);
    catalog.close();
  });

  it('the adoption-snapshot job records the day as the schedule, and fails without a mesh', async () => {
    const store = createMemoryStore();
    const now = new Date('2026-04-01T00:05:00Z');
    const outcome = await adoptionSnapshotExecutor.run(job(), context(store, root, now));
    assert.deepEqual(outcome, { state: 'succeeded', result: { day: '2026-04-01', products: 11 } });
    const [day] = (await store.adoption.list({})).items;
    assert.equal(day?.source, 'schedule');

    const empty = mkdtempSync(join(tmpdir(), 'meshwork-adoption-empty-'));
    try {
      const failed = await adoptionSnapshotExecutor.run(job(), context(store, empty, now));
      assert.equal(failed.state, 'failed');
      assert.equal(failed.state === 'failed' && failed.error.code, 'no-mesh');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

function context(store: MeshworkStore, meshRoot: string, now: Date): JobContext {
  return {
    meshRoot,
    store,
    env: {},
    now: () => now,
    signal: new AbortController().signal,
    events: { publish: () => Promise.resolve() },
  };
}

function job(): Job {
  return {
    id: 'system:adoption-snapshot:mesh:2026-04-01T00:00:00.000Z',
    kind: 'adoption-snapshot',
    target: 'mesh',
    payload: {},
    trigger: 'system',
    requestedBy: 'system',
    scheduledFor: '2026-04-01T00:00:00.000Z',
    runAfter: '2026-04-01T00:00:00.000Z',
    state: 'running',
    attempts: 1,
    maxAttempts: 3,
    lease: null,
    createdAt: '2026-04-01T00:00:00.000Z',
    startedAt: '2026-04-01T00:00:01.000Z',
    finishedAt: null,
    error: null,
    result: null,
    history: [],
  };
}
