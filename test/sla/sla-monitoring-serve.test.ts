import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { serveMesh } from '../support/browser.ts';
import type { ServedMesh } from '../support/browser.ts';
import { DAY_MS, serveSnapshot, writeSlaMesh } from './sla-mesh.ts';

const PASSWORD = 'sla-monitoring-password';
/** A minute to the next occurrence, 15 s to the scheduler's tick, the evaluation, and slack. */
const WITHIN_MS = 150_000;

interface IncidentAnswer {
  id: string;
  productId: string;
  sla: string;
  state: string;
  resolution: string | null;
}

/**
 * SLA monitoring in a real `meshwork serve` process: its scheduler enqueues `sla-evaluate`
 * every MESHWORK_SLA_CHECK_MINUTES (1 here) and its worker runs it, so a product serving
 * ten-day-old data under a one-day latency gets an open incident on its own — and once
 * fresh data is served, the incident is resolved on its own.
 */
describe('continuous SLA evaluation (real meshwork serve)', { timeout: 400_000 }, () => {
  let root: string;
  let server: ServedMesh;
  let cookie: string;

  before(async () => {
    root = await writeSlaMesh();
    await serveSnapshot(root, new Date(Date.now() - 3_600_000), new Date(Date.now() - 10 * DAY_MS));
    // The child inherits it (serveMesh passes this process's environment on).
    process.env.MESHWORK_SLA_CHECK_MINUTES = '1';
    server = await serveMesh(root, PASSWORD, ['--workers', '1']);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  });

  after(async () => {
    delete process.env.MESHWORK_SLA_CHECK_MINUTES;
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}/api${path}`, { headers: { cookie } });
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  };

  /** Polls the incidents (once a second, bounded) until `done` holds for them. */
  async function waitFor(
    what: string,
    done: (items: IncidentAnswer[]) => boolean,
  ): Promise<IncidentAnswer[]> {
    const deadline = Date.now() + WITHIN_MS;
    for (;;) {
      const page = await get<{ items: IncidentAnswer[] }>('/incidents?product=sales-orders');
      if (done(page.items)) return page.items;
      if (Date.now() > deadline) {
        const jobs = await get<{ items: { id: string; state: string; error: unknown }[] }>(
          '/jobs?kind=sla-evaluate',
        );
        assert.fail(
          `${what} not within ${WITHIN_MS / 1000} s; jobs: ${JSON.stringify(jobs.items)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  it('opens an incident for stale data and resolves it when fresh data is served', async () => {
    const opened = await waitFor('an open incident', (items) =>
      items.some((i) => i.state === 'open'),
    );
    assert.deepEqual(
      opened.map((i) => [i.productId, i.sla, i.state]),
      [['sales-orders', 'latency', 'open']],
    );
    const jobs = await get<{ items: { id: string; state: string; trigger: string }[] }>(
      '/jobs?kind=sla-evaluate',
    );
    const done = jobs.items.find((j) => j.state === 'succeeded');
    assert.ok(done, `a succeeded sla-evaluate job: ${JSON.stringify(jobs.items)}`);
    assert.equal(done.trigger, 'system');
    assert.match(done.id, /^schedule:sla-evaluate:mesh:\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);

    await serveSnapshot(root, new Date(), new Date(Date.now() - 3_600_000));
    const resolved = await waitFor('the resolution', (items) =>
      items.some((i) => i.id === opened[0]!.id && i.state === 'resolved'),
    );
    assert.equal(resolved.find((i) => i.id === opened[0]!.id)?.resolution, 'met');
    assert.equal(resolved.filter((i) => i.state === 'open').length, 0);
  });
});
