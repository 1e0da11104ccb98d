import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newJob } from '../../src/app/jobs/new-job.ts';
import { createApiFixture, getJson } from '../server/api-support.ts';

interface JobAnswer {
  id: string;
  kind: string;
  target: string;
  state: string;
  trigger: string;
  requestedBy: string;
  error: { code: string; message: string } | null;
  history: { attempt: number; outcome: string | null; error: { code: string } | null }[];
}

const post = async (
  app: Awaited<ReturnType<typeof createApiFixture>>['app'],
  path: string,
  headers: Record<string, string>,
) => {
  const res = await app.request(path, { method: 'POST', headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('jobs API', () => {
  it('"run now" queues one build (202), answers 409 with the waiting job, and cancel ends it', async () => {
    const { app, admin } = await createApiFixture();
    const queued = await post(app, '/api/products/sales-orders/run', admin);
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    const job = queued.body as unknown as JobAnswer;
    assert.equal(job.kind, 'build-product');
    assert.equal(job.target, 'sales-orders');
    assert.equal(job.trigger, 'manual');
    assert.equal(job.requestedBy, 'admin');
    assert.equal(job.state, 'queued');
    const again = await post(app, '/api/products/sales-orders/run', admin);
    assert.equal(again.status, 409);
    assert.equal((again.body.job as JobAnswer).id, job.id);
    assert.match(String(again.body.detail), /queued already/);
    const cancelled = await post(app, `/api/jobs/${job.id}/cancel`, admin);
    assert.equal(cancelled.status, 200);
    assert.equal((cancelled.body as unknown as JobAnswer).state, 'cancelled');
    assert.equal((await post(app, `/api/jobs/${job.id}/cancel`, admin)).status, 409);
    // Cancelled, no longer waiting: a new run may be asked for.
    assert.equal((await post(app, '/api/products/sales-orders/run', admin)).status, 202);
    assert.equal((await post(app, '/api/products/no-such-product/run', admin)).status, 404);
  });

  it('"run now" pressed ten times at once queues one build; the others answer 409 with it', async () => {
    const { app, admin, store } = await createApiFixture();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(app, '/api/products/sales-orders/run', admin)),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [202, ...Array<number>(9).fill(409)]);
    const queued = answers.find((a) => a.status === 202)!.body as unknown as JobAnswer;
    for (const busy of answers.filter((a) => a.status === 409))
      assert.equal((busy.body.job as JobAnswer).id, queued.id);
    const builds = await store.jobs.list({ kinds: ['build-product'], targets: ['sales-orders'] });
    assert.deepEqual(
      builds.items.map((j) => j.id),
      [queued.id],
    );
    // Once it ended, the next press queues a new one.
    await store.jobs.cancel(queued.id, new Date().toISOString());
    const next = await post(app, '/api/products/sales-orders/run', admin);
    assert.equal(next.status, 202);
    assert.notEqual((next.body as unknown as JobAnswer).id, queued.id);
  });

  it('shows a failed job with its attempts and error', async () => {
    const { app, admin, store } = await createApiFixture();
    const at = new Date('2026-03-01T10:00:00Z');
    await store.jobs.enqueue(
      newJob({
        id: 'job-failing',
        kind: 'build-product',
        target: 'sales-orders',
        trigger: 'manual',
        requestedBy: 'admin',
        scheduledFor: at,
        now: at,
        maxAttempts: 1,
      }),
    );
    const claimed = await store.jobs.claim({
      worker: 'w1',
      now: '2026-03-01T10:00:01Z',
      leaseMs: 60_000,
    });
    await store.jobs.finish(
      'job-failing',
      claimed!.lease!.token,
      {
        state: 'failed',
        error: { code: 'build-error', message: 'transform.sql: no such column "amount"' },
      },
      '2026-03-01T10:00:05Z',
    );
    const one = await getJson<JobAnswer>(app, '/api/jobs/job-failing', admin);
    assert.equal(one.status, 200);
    assert.equal(one.body.state, 'failed');
    assert.deepEqual(one.body.error, {
      code: 'build-error',
      message: 'transform.sql: no such column "amount"',
    });
    assert.deepEqual(
      one.body.history.map((h) => [h.attempt, h.outcome, h.error?.code]),
      [[1, 'failed', 'build-error']],
    );
    const failed = await getJson<{ items: JobAnswer[] }>(app, '/api/jobs?state=failed', admin);
    assert.deepEqual(
      failed.body.items.map((j) => j.id),
      ['job-failing'],
    );
    const none = await getJson<{ items: JobAnswer[] }>(app, '/api/jobs?state=succeeded', admin);
    assert.deepEqual(none.body.items, []);
    assert.equal((await getJson(app, '/api/jobs/no-such-job', admin)).status, 404);
  });

  it('lets owners and members see the jobs of their domain only, and owners alone run them', async () => {
    const fixture = await createApiFixture();
    const { app, admin, store } = fixture;
    const signInAs = (username: string) => fixture.signInAs(username);
    const at = new Date();
    const enqueue = (id: string, kind: 'build-product' | 'test-contract', target: string) =>
      store.jobs.enqueue(
        newJob({
          id,
          kind,
          target,
          trigger: 'manual',
          requestedBy: 'admin',
          scheduledFor: at,
          now: at,
        }),
      );
    await enqueue('job-sales', 'build-product', 'sales-orders');
    await enqueue('job-finance', 'build-product', 'finance-invoices');
    await enqueue('job-source', 'test-contract', 'webshop-customers-v1');
    const ids = async (headers: Record<string, string>, query = '') =>
      (await getJson<{ items: JobAnswer[] }>(app, `/api/jobs${query}`, headers)).body.items
        .map((j) => j.id)
        .sort();

    const owner = await signInAs('mweber'); // owner in sales
    const member = await signInAs('jhuber'); // member in sales
    const stranger = await signInAs('ahofmann'); // member in finance
    assert.deepEqual(await ids(admin), ['job-finance', 'job-sales', 'job-source']);
    assert.deepEqual(await ids(owner), ['job-sales']);
    assert.deepEqual(await ids(member), ['job-sales']);
    assert.deepEqual(await ids(stranger), ['job-finance']);
    // Filters cannot widen what a caller sees.
    assert.deepEqual(await ids(member, '?target=finance-invoices'), []);
    assert.deepEqual(await ids(member, '?kind=test-contract'), []);
    assert.equal((await getJson(app, '/api/jobs/job-finance', member)).status, 403);
    assert.equal((await getJson(app, '/api/jobs/job-source', owner)).status, 403);

    const mine = await getJson<{
      jobs: JobAnswer[] | null;
      mayRun: boolean;
      schedule: { cron: string; timezone: string; nextRun: string };
    }>(app, '/api/products/sales-orders/jobs', member);
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.jobs?.map((j) => j.id),
      ['job-sales'],
    );
    assert.equal(mine.body.mayRun, false);
    // The demo's sales-orders runs at 03:00 in Europe/Berlin.
    assert.equal(mine.body.schedule.cron, '0 3 * * *');
    assert.equal(mine.body.schedule.timezone, 'Europe/Berlin');
    assert.match(mine.body.schedule.nextRun, /T0[12]:00:00\.000Z$/);
    const theirs = await getJson<{ jobs: null; mayRun: boolean }>(
      app,
      '/api/products/sales-orders/jobs',
      stranger,
    );
    assert.equal(theirs.body.jobs, null);
    assert.equal(
      (await getJson<{ mayRun: boolean }>(app, '/api/products/sales-orders/jobs', owner)).body
        .mayRun,
      true,
    );

    assert.equal((await post(app, '/api/products/sales-orders/run', member)).status, 403);
    assert.equal((await post(app, '/api/products/sales-orders/run', stranger)).status, 403);
    assert.equal((await post(app, '/api/jobs/job-sales/cancel', member)).status, 403);
    // job-sales waits: the owner's "run now" is answered with it.
    const busy = await post(app, '/api/products/sales-orders/run', owner);
    assert.equal(busy.status, 409);
    assert.equal((busy.body.job as JobAnswer).id, 'job-sales');
  });
});
