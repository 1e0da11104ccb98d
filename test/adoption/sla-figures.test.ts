import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { measureAdoption } from '../../src/app/adoption/measure-adoption.ts';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import type { JobRepository, MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { Incident } from '../../src/core/sla/index.ts';
import { slaPromisesOf } from '../../src/core/sla/index.ts';
import { DEMO_MESH } from '../server/api-support.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const NOW = new Date('2026-06-15T10:00:00Z');

/**
 * SLA compliance from `store.incidents` (branch i13-sla): of the products promising a
 * monitored SLA, those without an open incident — once an SLA evaluation has succeeded;
 * before that, and when the jobs cannot be read, the figure is null with the reason.
 */
describe('SLA compliance on the dashboard', () => {
  let catalog: CatalogService;
  let withSla: number;
  let withoutSla: string;
  before(async () => {
    catalog = new CatalogService({ store: createMemoryStore(), meshRoot: DEMO_MESH });
    await catalog.load();
    const promises = (id: string) =>
      catalog.current.productsById
        .get(id)!
        .detail.outputPorts.some(
          (port) =>
            port.contract !== null &&
            slaPromisesOf(port.name, port.contract.id, port.contract.slaProperties).length > 0,
        );
    const ids = catalog.current.products.map((p) => p.detail.id);
    withSla = ids.filter(promises).length;
    assert.ok(promises('sales-orders'), 'the demo promises SLAs on sales-orders');
    // Every demo product promises one; an incident may outlive its product in the mesh.
    withoutSla = 'gone-from-the-mesh';
    assert.ok(!ids.includes(withoutSla));
  });

  const measure = (store: MeshworkStore) =>
    measureAdoption({ store, catalog: catalog.current, now: NOW, source: 'index' });

  it('counts the products with an open incident among those with an SLA', async () => {
    const store = storeWithJobs([succeededEvaluation()]);
    await store.incidents.open(incident('i1', 'sales-orders', 'latency'));
    await store.incidents.open(incident('i2', 'sales-orders', 'frequency'));
    // A product not promising a monitored SLA (here: gone) does not lower the share.
    await store.incidents.open(incident('i3', withoutSla, 'latency'));
    await store.incidents.open(incident('i4', 'sales-customers', 'latency'));
    await store.incidents.resolve('i4', NOW.toISOString(), 'met');
    const { figures, gaps } = await measure(store);
    assert.deepEqual(figures.sla, {
      productsWithSla: withSla,
      productsWithOpenIncident: 1,
      openIncidents: 3,
    });
    assert.equal(gaps.sla, undefined);
  });

  it('is not available before an SLA evaluation succeeded, never 100 %', async () => {
    const store = storeWithJobs([]);
    const { figures, gaps } = await measure(store);
    assert.equal(figures.sla, null);
    assert.match(gaps.sla ?? '', /have not been evaluated yet/);
  });

  it('is not available when the jobs cannot be read', async () => {
    const store: MeshworkStore = {
      ...createMemoryStore(),
      jobs: { ...jobsListing([]), list: () => Promise.reject(new Error('connection refused')) },
    };
    const { figures, gaps } = await measure(store);
    assert.equal(figures.sla, null);
    assert.match(gaps.sla ?? '', /could not be read/);
    assert.doesNotMatch(gaps.sla ?? '', /connection refused/, 'not the error text');
  });
});

function storeWithJobs(jobs: Job[]): MeshworkStore {
  return { ...createMemoryStore(), jobs: jobsListing(jobs) };
}

/** Jobs that only list (the jobs store is another branch's): what the SLA figure asks. */
function jobsListing(jobs: Job[]): JobRepository {
  const fail = (): never => {
    throw new Error('not in this test');
  };
  return {
    enqueue: fail,
    claim: fail,
    renew: fail,
    finish: fail,
    cancel: fail,
    get: fail,
    prune: fail,
    list: (filter) =>
      Promise.resolve({
        items: jobs.filter(
          (j) =>
            (filter.kinds === undefined || filter.kinds.includes(j.kind)) &&
            (filter.states === undefined || filter.states.includes(j.state)),
        ),
        next: null,
      }),
  };
}

function succeededEvaluation(): Job {
  return {
    id: 'system:sla-evaluate:mesh:2026-06-15T09:55:00.000Z',
    kind: 'sla-evaluate',
    target: 'mesh',
    payload: {},
    trigger: 'system',
    requestedBy: 'system',
    scheduledFor: '2026-06-15T09:55:00.000Z',
    runAfter: '2026-06-15T09:55:00.000Z',
    state: 'succeeded',
    attempts: 1,
    maxAttempts: 3,
    lease: null,
    createdAt: '2026-06-15T09:55:00.000Z',
    startedAt: '2026-06-15T09:55:01.000Z',
    finishedAt: '2026-06-15T09:55:02.000Z',
    error: null,
    result: null,
    history: [],
  };
}

function incident(id: string, productId: string, sla: 'latency' | 'frequency'): Incident {
  return {
    id,
    productId,
    domain: productId.split('-')[0]!,
    team: null,
    contractId: `${productId}-contract`,
    port: 'orders',
    sla,
    kind: sla,
    promised: `${sla} ≤ 1 d`,
    observed: null,
    message: 'broken',
    state: 'open',
    openedAt: '2026-06-14T00:00:00.000Z',
    resolvedAt: null,
    resolution: null,
  };
}
