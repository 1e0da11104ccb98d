import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isIntact, verifyAudit } from '../../src/app/audit/index.ts';
import { CatalogService } from '../../src/app/catalog/catalog-service.ts';
import type { MeshText } from '../../src/app/catalog/load-mesh.ts';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import type { AuditEvent, MeshworkStore } from '../../src/app/store/store.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';

const DEMO_MESH = resolve(import.meta.dirname, '../../examples/alpine-bikes');
/** The demo mesh's one adaptation: production-logistics relaxes the built-in latency policy. */
const ADAPTATION = 'domains/production-logistics/policies/latency-within-limit.yaml';
const TARGET = 'production-logistics/latency-within-limit';

async function openStore(directory: string): Promise<MeshworkStore> {
  const store = createEmbeddedStore({ directory });
  await store.migrate();
  return store;
}

async function adaptationEntries(store: MeshworkStore): Promise<AuditEvent[]> {
  const page = await store.audit.list({ action: 'policy.adaptation', limit: 100 });
  return [...page.items].reverse();
}

function withText(texts: readonly MeshText[], path: string, text: string | null): MeshText[] {
  const rest = texts.filter((t) => t.path !== path);
  return text === null ? rest : [...rest, { path, text }];
}

describe('the audit of policy adaptations', () => {
  let dir: string;
  let demo: MeshText[];
  let original: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-adaptation-audit-'));
    demo = await readMeshTexts(DEMO_MESH);
    original = demo.find((t) => t.path === ADAPTATION)!.text;
    assert.match(original, /maxLatencyDays: 2\n/);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records each published add, change and removal once, by the publisher', async () => {
    const store = await openStore(join(dir, 'published'));
    try {
      const service = new CatalogService({ store, meshRoot: null });
      await service.load();
      const without = withText(demo, ADAPTATION, null);
      const empty = await service.replace(without, 'publish by alice', 'alice');
      assert.deepEqual(await adaptationEntries(store), [], 'a mesh without adaptations');

      const added = await service.replace(demo, 'publish by alice', 'alice');
      let entries = await adaptationEntries(store);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.actor, 'alice');
      assert.equal(entries[0]!.target, TARGET);
      assert.deepEqual(entries[0]!.details, {
        change: 'added',
        domain: 'production-logistics',
        policy: 'latency-within-limit',
        // The built-in policy's severity as meshwork.yaml sets it: the adaptation keeps it.
        severity: 'warning',
        params: '{"maxLatencyDays":2}',
        reason: original
          .slice(original.indexOf('reason: >-\n') + 11)
          .replace(/\n\s*/g, ' ')
          .trim(),
        valid: true,
        revision: added.revision,
        previousRevision: empty.revision,
      });

      const relaxed = withText(
        demo,
        ADAPTATION,
        original.replace('maxLatencyDays: 2', 'maxLatencyDays: 3'),
      );
      const changed = await service.replace(relaxed, 'publish by bob', 'bob');
      entries = await adaptationEntries(store);
      assert.equal(entries.length, 2);
      const change = entries[1]!;
      assert.equal(change.actor, 'bob');
      assert.equal(change.target, TARGET);
      assert.equal(change.details.change, 'changed');
      assert.equal(change.details.fields, 'params');
      assert.equal(change.details.paramsBefore, '{"maxLatencyDays":2}');
      assert.equal(change.details.params, '{"maxLatencyDays":3}');
      assert.equal(change.details.revision, changed.revision);
      assert.equal(change.details.previousRevision, added.revision);

      const again = await service.replace(relaxed, 'publish by bob', 'bob');
      assert.equal(again.changed, false);
      // A change elsewhere in the mesh is a new revision but no adaptation change.
      await service.replace(
        withText(
          relaxed,
          'domains/sales/domain.yaml',
          demo.find((t) => t.path === 'domains/sales/domain.yaml')!.text + '\n# touched\n',
        ),
        'publish by bob',
        'bob',
      );
      assert.equal((await adaptationEntries(store)).length, 2, 'an unchanged re-sync records none');

      await service.replace(without, 'publish by carol', 'carol');
      entries = await adaptationEntries(store);
      assert.equal(entries.length, 3);
      assert.equal(entries[2]!.actor, 'carol');
      assert.equal(entries[2]!.details.change, 'removed');
      assert.equal(entries[2]!.details.params, '{"maxLatencyDays":3}');
      assert.ok(isIntact(await verifyAudit(store)));
    } finally {
      await store.close();
    }
  });

  it('records a change made while the server was down once, at the next start', async () => {
    const mesh = join(dir, 'mesh');
    await cp(DEMO_MESH, mesh, { recursive: true });
    const storeDir = join(mesh, '.meshwork', 'store');
    const start = async (): Promise<AuditEvent[]> => {
      const store = await openStore(storeDir);
      try {
        await new CatalogService({ store, meshRoot: mesh }).load();
        assert.ok(isIntact(await verifyAudit(store)));
        return await adaptationEntries(store);
      } finally {
        await store.close();
      }
    };
    const first = await start();
    assert.deepEqual(
      first.map((e) => [e.actor, e.action, e.target, e.details.change]),
      [['system', 'policy.adaptation', TARGET, 'added']],
      'a new store learns of the adaptation the mesh already has',
    );
    assert.equal((await start()).length, 1, 'a restart with nothing changed records nothing');

    const file = join(mesh, ADAPTATION);
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('maxLatencyDays: 2', 'maxLatencyDays: 5'),
    );
    const second = await start();
    assert.equal(second.length, 2);
    assert.equal(second[1]!.actor, 'system');
    assert.equal(second[1]!.details.change, 'changed');
    assert.equal(second[1]!.details.paramsBefore, '{"maxLatencyDays":2}');
    assert.equal(second[1]!.details.params, '{"maxLatencyDays":5}');
    assert.equal((await start()).length, 2, 'recorded once');

    await unlink(file);
    const third = await start();
    assert.equal(third.length, 3);
    assert.equal(third[2]!.details.change, 'removed');
  });

  it('names the user who synced a changed folder', async () => {
    const mesh = join(dir, 'synced');
    await cp(DEMO_MESH, mesh, { recursive: true });
    const store = await openStore(join(mesh, '.meshwork', 'store'));
    try {
      const service = new CatalogService({ store, meshRoot: mesh });
      await service.load();
      const file = join(mesh, ADAPTATION);
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(/params:\n.*\n/, 'severity: warning\n'),
      );
      await service.sync('dana');
      const entries = await adaptationEntries(store);
      assert.equal(entries.length, 2);
      assert.equal(entries[1]!.actor, 'dana');
      assert.equal(entries[1]!.details.fields, 'params');
      assert.equal(entries[1]!.details.params, '{}');
    } finally {
      await store.close();
    }
  });

  it('bounds what it copies from a hostile adaptation', async () => {
    const store = await openStore(join(dir, 'hostile'));
    try {
      const service = new CatalogService({ store, meshRoot: null });
      await service.load();
      const huge = 'x'.repeat(50_000);
      const hostile = [
        'apiVersion: meshwork/v1',
        'kind: PolicyAdaptation',
        'domain: production-logistics',
        'policy: latency-within-limit',
        `params: { maxLatencyDays: 2, note: ${huge} }`,
        `reason: ${huge}`,
        '',
      ].join('\n');
      await service.replace(withText(demo, ADAPTATION, hostile), 'publish by eve', 'eve');
      const [entry] = await adaptationEntries(store);
      assert.equal(entry!.details.valid, false, 'an unknown parameter is refused');
      assert.ok(String(entry!.details.params).length <= 2_000);
      assert.ok(String(entry!.details.params).endsWith('…'));
      assert.ok(String(entry!.details.reason).length <= 500);
    } finally {
      await store.close();
    }
  });
});
