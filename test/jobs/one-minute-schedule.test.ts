import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { createTestMesh } from '../build/support.ts';
import type { TestMesh } from '../build/support.ts';
import { serveMesh } from '../support/browser.ts';
import type { ServedMesh } from '../support/browser.ts';

const PASSWORD = 'one-minute-password';
const PRODUCT = 'sales-orders-product';
/** A minute to the first occurrence after the start, 15 s to the tick, the build, and slack. */
const WITHIN_MS = 150_000;

interface JobAnswer {
  id: string;
  state: string;
  trigger: string;
  requestedBy: string;
  scheduledFor: string;
  attempts: number;
  result: Record<string, string | number | boolean | null> | null;
  error: { code: string; message: string } | null;
  history: { worker: string; outcome: string | null }[];
}

/**
 * THE DONE-TEST of issue 13's schedules: a real `meshwork serve` process on a small mesh
 * whose product is scheduled every minute builds it on its own — the API shows the build
 * job succeeded, triggered by the schedule, and the runs the job recorded.
 */
describe('a product on a one-minute schedule (real meshwork serve)', { timeout: 240_000 }, () => {
  let mesh: TestMesh;
  let server: ServedMesh;
  let cookie: string;

  before(async () => {
    mesh = createTestMesh();
    const path = 'domains/sales/orders/product.odps.yaml';
    const product = parse(readFileSync(join(mesh.root, path), 'utf8')) as Record<string, unknown>;
    product.customProperties = [{ property: 'meshworkSchedule', value: '* * * * *' }];
    mesh.write(path, stringify(product));
    server = await serveMesh(mesh.root, PASSWORD, ['--workers', '1']);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  });

  after(async () => {
    await server?.stop();
    mesh?.remove();
  });

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}/api${path}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as T };
  };

  it('shows the next run, then a scheduled build job that succeeded and the runs it recorded', async () => {
    const started = Date.now();
    const product = await get<{
      schedule: { cron: string; timezone: string; nextRun: string | null } | null;
      mayRun: boolean;
    }>(`/products/${PRODUCT}/jobs`);
    assert.equal(product.status, 200);
    assert.equal(product.body.schedule?.cron, '* * * * *');
    assert.equal(product.body.schedule?.timezone, 'UTC');
    const nextRun = Date.parse(product.body.schedule?.nextRun ?? '');
    assert.ok(
      nextRun > started - 1000 && nextRun <= started + 61_000,
      product.body.schedule?.nextRun ?? 'no next run',
    );

    let job: JobAnswer | undefined;
    let seen: string;
    const deadline = Date.now() + WITHIN_MS;
    while (job === undefined) {
      const page = await get<{ items: JobAnswer[] }>(`/jobs?kind=build-product&target=${PRODUCT}`);
      assert.equal(page.status, 200);
      seen = page.body.items.map((j) => `${j.id} ${j.state} ${j.error?.message ?? ''}`).join('\n');
      const failed = page.body.items.find((j) => j.state === 'failed');
      assert.equal(failed, undefined, `a scheduled build failed:\n${seen}`);
      job = page.body.items.find((j) => j.state === 'succeeded');
      if (job === undefined) {
        assert.ok(
          Date.now() < deadline,
          `no build succeeded within ${WITHIN_MS / 1000} s; jobs:\n${seen}`,
        );
        await new Promise((r) => setTimeout(r, 1000));
      }
    }

    assert.match(
      job.id,
      /^schedule:build-product:sales-orders-product:\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/,
    );
    assert.equal(job.trigger, 'schedule');
    assert.equal(job.requestedBy, 'scheduler');
    assert.equal(job.attempts, 1);
    assert.equal(job.history.length, 1);
    assert.equal(job.history[0]!.outcome, 'succeeded');
    assert.equal(job.result?.status, 'published');
    // The first occurrence after the start, not one before it.
    assert.ok(Date.parse(job.scheduledFor) >= started - 60_000);

    const one = await get<JobAnswer>(`/jobs/${encodeURIComponent(job.id)}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.state, 'succeeded');

    const runIds = String(job.result?.runIds).split(',');
    assert.equal(runIds.length, 2, 'one run per output port');
    for (const id of runIds) {
      const run = await get<{
        id: string;
        productId: string;
        reportedBy: string;
        run: { status: string };
      }>(`/runs/${id}`);
      assert.equal(run.status, 200, `run ${id}`);
      assert.equal(run.body.productId, PRODUCT);
      assert.equal(run.body.reportedBy, 'job');
      assert.equal(run.body.run.status, 'passed');
    }
  });
});
