import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildDashboard } from '../../src/app/adoption/dashboard.ts';
import { measureAdoption } from '../../src/app/adoption/measure-adoption.ts';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import type { MeshSlas } from '../../src/app/sla/evaluate-slas.ts';
import { productCounts, slaEvaluateExecutor } from '../../src/app/sla/index.ts';
import type { JobRepository, MeshworkStore } from '../../src/app/store/store.ts';
import type { AdoptionSnapshot } from '../../src/core/adoption/adoption-model.ts';
import type { Job, JobValues } from '../../src/core/jobs/job-model.ts';
import type { Incident, SlaEvaluation, SlaState } from '../../src/core/sla/index.ts';
import { DEMO_MESH } from '../server/api-support.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const NOW = new Date('2026-06-15T10:00:00Z');

/**
 * SLA compliance from the latest succeeded `sla-evaluate` job's result: of the products
 * promising a monitored SLA, those whose SLAs were all met, and how many could not be
 * evaluated. Not from the open incidents: an SLA that cannot be evaluated opens none.
 * Before an evaluation succeeded, and when the jobs cannot be read, the figure is null
 * with the reason.
 */
describe('SLA compliance on the dashboard', () => {
  let catalog: CatalogService;
  before(async () => {
    catalog = new CatalogService({ store: createMemoryStore(), meshRoot: DEMO_MESH });
    await catalog.load();
  });

  const measure = (store: MeshworkStore) =>
    measureAdoption({ store, catalog: catalog.current, now: NOW, source: 'index' });

  it('does not count a product whose SLAs could not be evaluated as keeping them', async () => {
    // The demo unbuilt: nothing served, so no SLA can be judged and none opens an incident.
    // The old rule ("no open incident") said 100 %; the evaluation says none was met.
    const store = createMemoryStore();
    const outcome = await slaEvaluateExecutor.run(evaluation(null), {
      meshRoot: DEMO_MESH,
      store,
      env: {},
      now: () => NOW,
      signal: new AbortController().signal,
      events: { publish: () => Promise.resolve() },
    });
    assert.ok(outcome.state === 'succeeded');
    assert.equal((await store.incidents.list({ states: ['open'] })).items.length, 0);
    const products = catalog.current.products.length;
    const { figures, gaps } = await measure(storeWithJobs([evaluation(outcome.result)]));
    assert.deepEqual(figures.sla, {
      evaluatedAt: '2026-06-15T09:55:02.000Z',
      productsWithSla: products,
      productsMet: 0,
      productsBreached: 0,
      productsUnknown: products,
      slasMet: 0,
      slasBreached: 0,
      slasUnknown: 35,
    });
    assert.equal(gaps.sla, undefined);
  });

  it('counts a product met only when all its SLAs were met', () => {
    const slas: MeshSlas = {
      evaluatedAt: NOW.toISOString(),
      timeZone: 'UTC',
      ambiguous: [],
      products: [
        product('all-met', ['met', 'met']),
        product('met-and-unknown', ['met', 'unknown']),
        product('only-unknown', ['unknown']),
        product('breached-and-unknown', ['unknown', 'breached', 'met']),
        product('no-sla', []),
      ],
    };
    assert.deepEqual(productCounts(slas), {
      productsWithSla: 4,
      productsMet: 1,
      productsBreached: 1,
      productsUnknown: 2,
    });
  });

  it('reads the latest succeeded evaluation, not the open incidents', async () => {
    const store = storeWithJobs([
      evaluation({ ...counts(4, 1, 1, 2), met: 5, breached: 1, unknown: 3 }),
    ]);
    // An open incident of a product does not change what the evaluation counted.
    await store.incidents.open(incident('i1', 'sales-orders'));
    const { figures } = await measure(store);
    assert.deepEqual(figures.sla, {
      evaluatedAt: '2026-06-15T09:55:02.000Z',
      productsWithSla: 4,
      productsMet: 1,
      productsBreached: 1,
      productsUnknown: 2,
      slasMet: 5,
      slasBreached: 1,
      slasUnknown: 3,
    });
  });

  it('is not available before an SLA evaluation succeeded, never 100 %', async () => {
    const { figures, gaps } = await measure(storeWithJobs([]));
    assert.equal(figures.sla, null);
    assert.match(gaps.sla ?? '', /have not been evaluated yet/);
  });

  it('is not available from an evaluation that did not record the counts', async () => {
    for (const result of [
      null,
      { products: 11, met: 0, breached: 0, unknown: 35 },
      { ...counts(4, 1, 1, 1), met: 1, breached: 1, unknown: 1 },
      { ...counts(4, 1, 1, 2), met: -1, breached: 1, unknown: 1 },
      { ...counts(4, 1, 1, 2), met: '5', breached: 1, unknown: 1 },
    ]) {
      const { figures, gaps } = await measure(storeWithJobs([evaluation(result)]));
      assert.equal(figures.sla, null, JSON.stringify(result));
      assert.match(gaps.sla ?? '', /did not record how many SLAs were met/);
    }
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

  it('shows a day stored by the old rule as not available, with the reason', async () => {
    const store = storeWithJobs([]);
    const today = await measure(store);
    const old = {
      ...today,
      day: '2026-06-14',
      recordedAt: '2026-06-14T10:00:00.000Z',
      figures: {
        ...today.figures,
        sla: { productsWithSla: 11, productsWithOpenIncident: 0, openIncidents: 0 },
      },
      gaps: {},
    } as unknown as AdoptionSnapshot;
    await store.adoption.record(old);
    const dashboard = await buildDashboard({ store, catalog: catalog.current, now: NOW });
    const day = dashboard.history.find((d) => d.day === '2026-06-14');
    assert.ok(day);
    assert.equal(day.figures.sla, null);
    assert.match(day.gaps.sla ?? '', /earlier rule/);
    assert.deepEqual(dashboard.sources.sla, ['jobs']);
  });
});

function counts(withSla: number, met: number, breached: number, unknown: number): JobValues {
  return {
    productsWithSla: withSla,
    productsMet: met,
    productsBreached: breached,
    productsUnknown: unknown,
  };
}

function product(productId: string, states: SlaState[]): MeshSlas['products'][number] {
  return {
    productId,
    domain: 'sales',
    team: null,
    evaluations: states.map((state) => ({ state }) as SlaEvaluation),
  };
}

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

function evaluation(result: JobValues | null): Job {
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
    result,
    history: [],
  };
}

function incident(
  id: string,
  productId: string,
  sla: 'latency' | 'frequency' = 'latency',
): Incident {
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
