import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import type { MeshText } from '../../src/app/catalog/load-mesh.ts';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { followSeconds } from '../../src/server/follow-store.ts';
import { run } from '../conformance/stores/store-conformance.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const DEMO_MESH = resolve(import.meta.dirname, '../../examples/alpine-bikes');
const ADAPTATION = 'domains/production-logistics/policies/latency-within-limit.yaml';

/**
 * Issue 14: two servers on one store, as behind a load balancer. A mesh is pushed to one
 * and runs are reported to one (or recorded by a worker); the other catches up through
 * `follow()` — and audits nothing a second time.
 */
describe('a server following the store', () => {
  async function twoServers() {
    const store = createMemoryStore();
    const a = new CatalogService({ store, meshRoot: null });
    const b = new CatalogService({ store, meshRoot: null });
    await a.load();
    await b.load();
    // The first look also reads the runs (one may have landed since the index).
    await b.follow();
    return { store, a, b };
  }

  it('serves a mesh pushed to the other server, without auditing its changes again', async () => {
    const { store, a, b } = await twoServers();
    const demo = await readMeshTexts(DEMO_MESH);
    const pushed = await a.replace(demo, 'publish by alice', 'alice');
    const audited = store.auditEvents.length;
    assert.ok(
      store.auditEvents.some((e) => e.action === 'policy.adaptation'),
      'the push audited the adaptation',
    );
    assert.notEqual(b.current.revision, pushed.revision);
    assert.equal(await b.follow(), true);
    assert.equal(b.current.revision, pushed.revision);
    assert.equal(b.current.products.length, a.current.products.length);
    assert.equal(store.auditEvents.length, audited, 'the follower audited nothing');
    assert.equal(await b.follow(), false, 'nothing new: no re-index');

    const changed: MeshText[] = demo.filter((t) => t.path !== ADAPTATION);
    const second = await a.replace(changed, 'publish by bob', 'bob');
    assert.equal(await b.follow(), true);
    assert.equal(b.current.revision, second.revision);
  });

  it('reads runs another process recorded, and changes its runs version (cached answers drop)', async () => {
    const { store, a, b } = await twoServers();
    await a.replace(await readMeshTexts(DEMO_MESH), 'publish', 'alice');
    await b.follow();
    const version = b.runsVersion;
    assert.equal(b.current.latestRuns.get('sales-orders-v1'), undefined);
    await store.runs.record(run('r-worker', 'sales-orders-v1', 'sales-orders', 'failed'));
    assert.equal(await b.follow(), true);
    assert.equal(b.current.latestRuns.get('sales-orders-v1')?.status, 'failed');
    assert.ok(b.runsVersion > version);
    assert.equal(await b.follow(), false);
  });

  it('two servers re-indexing one changed folder audit the change once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-follow-'));
    try {
      await cp(DEMO_MESH, dir, { recursive: true });
      const store = createMemoryStore();
      const a = new CatalogService({ store, meshRoot: dir });
      const b = new CatalogService({ store, meshRoot: dir });
      await a.load();
      await b.load();
      const entries = () => store.auditEvents.filter((e) => e.action === 'policy.adaptation');
      const before = entries().length;
      const file = join(dir, ADAPTATION);
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('maxLatencyDays: 2', 'maxLatencyDays: 3'),
      );
      await a.sync();
      await b.sync();
      assert.equal(b.current.revision, a.current.revision);
      assert.equal(entries().length, before + 1, 'one policy.adaptation entry, not one per server');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('MESHWORK_FOLLOW_SECONDS: default 5, 0 turns it off, nonsense is a usage error', () => {
    assert.equal(followSeconds({}), 5);
    assert.equal(followSeconds({ MESHWORK_FOLLOW_SECONDS: '0' }), 0);
    assert.equal(followSeconds({ MESHWORK_FOLLOW_SECONDS: '0.5' }), 0.5);
    for (const bad of ['soon', '-1', '1e9'])
      assert.throws(
        () => followSeconds({ MESHWORK_FOLLOW_SECONDS: bad }),
        /MESHWORK_FOLLOW_SECONDS/,
      );
  });
});
