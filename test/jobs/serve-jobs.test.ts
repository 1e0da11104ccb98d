import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newJob } from '../../src/app/jobs/new-job.ts';
import { startServer } from '../../src/server/start-server.ts';
import { createTestMesh } from '../build/support.ts';
import { cli } from '../support/cli.ts';

describe('meshwork serve: the scheduler and its workers', () => {
  it('refuses a bad --workers and a bad MESHWORK_SCHEDULER before it listens (exit 2)', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const workers = await cli(['serve', mesh.root, '--port', '0', '--workers', 'many'], mesh.root);
    assert.equal(workers.code, 2);
    assert.match(workers.stderr, /--workers must be a whole number from 0 to 32/);
    const scheduler = await cli(['serve', mesh.root, '--port', '0'], mesh.root, {
      env: { MESHWORK_SCHEDULER: 'sometimes', MESHWORK_ADMIN_PASSWORD: 'serve-jobs-password' },
    });
    assert.equal(scheduler.code, 2, scheduler.stdout + scheduler.stderr);
    assert.match(scheduler.stderr, /MESHWORK_SCHEDULER must be "on" or "off"/);
  });

  it('with --workers 0 leaves jobs to meshwork worker; its own worker runs them otherwise', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const env = {
      MESHWORK_ADMIN_PASSWORD: 'serve-jobs-password',
      MESHWORK_JOB_POLL_SECONDS: '0.2',
    };
    const idle = await startServer({
      meshRoot: mesh.root,
      env: { ...env, MESHWORK_SCHEDULER: 'off' },
      port: 0,
      workers: 0,
    });
    assert.deepEqual(idle.jobs, { scheduler: false, workers: 0 });
    const at = new Date();
    await idle.store.jobs.enqueue(
      newJob({
        id: 'job-waits',
        kind: 'test-contract',
        target: 'shop-orders',
        trigger: 'manual',
        requestedBy: 'admin',
        scheduledFor: at,
        now: at,
      }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await idle.store.jobs.get('job-waits'))?.state, 'queued');
    await idle.close();

    const busy = await startServer({ meshRoot: mesh.root, env, port: 0 });
    t.after(() => busy.close());
    assert.deepEqual(busy.jobs, { scheduler: true, workers: 1 });
    const deadline = Date.now() + 60_000;
    let state = 'queued';
    while (state !== 'succeeded') {
      assert.ok(Date.now() < deadline, `job-waits is still ${state}`);
      await new Promise((r) => setTimeout(r, 200));
      state = (await busy.store.jobs.get('job-waits'))?.state ?? 'gone';
      assert.notEqual(state, 'failed');
    }
  });
});
