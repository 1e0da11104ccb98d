import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { DEMO_MESH, createApiFixture } from './api-support.ts';

const ADAPTATION = 'domains/production-logistics/policies/latency-within-limit.yaml';

describe('policy adaptations through the admin routes', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('name the publishing user of PUT /api/catalog as the actor', async () => {
    const f = await createApiFixture({ meshRoot: null });
    const texts = (await readMeshTexts(DEMO_MESH)).map((t) =>
      t.path === ADAPTATION
        ? { ...t, text: t.text.replace('maxLatencyDays: 2', 'maxLatencyDays: 4') }
        : t,
    );
    const res = await f.app.request('/api/catalog', {
      method: 'PUT',
      headers: { ...f.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents: texts }),
    });
    assert.equal(res.status, 200);
    const page = await f.store.audit.list({ action: 'policy.adaptation', limit: 10 });
    assert.deepEqual(
      page.items.map((e) => [e.actor, e.target, e.details.change, e.details.params]),
      [['admin', 'production-logistics/latency-within-limit', 'added', '{"maxLatencyDays":4}']],
    );
  });

  it('name the user of POST /api/sync as the actor', async () => {
    const mesh = await mkdtemp(join(tmpdir(), 'meshwork-adaptation-sync-'));
    dirs.push(mesh);
    await cp(DEMO_MESH, mesh, { recursive: true });
    const f = await createApiFixture({ meshRoot: mesh });
    const file = join(mesh, ADAPTATION);
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('maxLatencyDays: 2', 'maxLatencyDays: 1'),
    );
    const res = await f.app.request('/api/sync', { method: 'POST', headers: f.admin });
    assert.equal(res.status, 200);
    const page = await f.store.audit.list({ action: 'policy.adaptation', limit: 10 });
    assert.deepEqual(
      page.items.map((e) => [e.actor, e.details.change, e.details.paramsBefore, e.details.params]),
      [
        ['admin', 'changed', '{"maxLatencyDays":2}', '{"maxLatencyDays":1}'],
        ['system', 'added', undefined, '{"maxLatencyDays":2}'],
      ],
    );
  });
});
