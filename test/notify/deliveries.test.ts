import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { parse, stringify } from 'yaml';
import { createBuildProductExecutor } from '../../src/app/jobs/executors/index.ts';
import { createExecutorRegistry } from '../../src/app/jobs/executor-registry.ts';
import { runWorker } from '../../src/app/jobs/worker.ts';
import { notifyDeliverExecutor } from '../../src/app/notify/notify-deliver-executor.ts';
import { createStorePublisher } from '../../src/app/notify/store-publisher.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import type { Job } from '../../src/core/jobs/job-model.ts';
import type { MeshEvent } from '../../src/core/notify/mesh-event.ts';
import type { Subscription } from '../../src/core/notify/notification-model.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { createPostgresStore } from '../../src/stores/postgresql/index.ts';
import { createTestDatabase, startTestPostgres } from '../support/postgres.ts';
import { createTestMesh } from '../build/support.ts';
import type { TestMesh } from '../build/support.ts';
import { startReceiver, until } from './support.ts';

/**
 * The done-tests of notifications (issue 13): real receivers and a real SMTP server
 * started here, the real embedded store, and deliveries made by the real worker loop.
 */
const SECRET = 'whsec_done_test_secret_0123456789';
const ENV = { MESHWORK_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', MESHWORK_NOTIFY_RETRY_SECONDS: '0' };

const build = createBuildProductExecutor({
  subjectKey: () => Promise.reject(new Error('no port of this mesh declares a subject key')),
});

interface Harness {
  readonly store: MeshworkStore;
  readonly mesh: TestMesh;
  /** Runs a worker loop until `stop` is called; resolves when it has stopped. */
  start(env?: Record<string, string>): { stop(): Promise<void> };
  dispose(): Promise<void>;
}

async function harness(kind: 'embedded' | 'postgresql' = 'embedded'): Promise<Harness> {
  const mesh = createTestMesh();
  const directory = mkdtempSync(join(tmpdir(), 'meshwork-notify-'));
  let dropDatabase = (): Promise<void> => Promise.resolve();
  let store: MeshworkStore;
  if (kind === 'postgresql') {
    const server = await startTestPostgres();
    const database = await createTestDatabase(server.url, 'meshwork_notify');
    store = createPostgresStore({ connectionString: database.url, maxConnections: 4 });
    dropDatabase = async () => {
      await database.drop();
      await server.stop();
    };
  } else store = createEmbeddedStore({ directory });
  await store.migrate();
  const events = createStorePublisher(store, {
    teamMembers: () => [],
    defaultLanguage: () => 'en',
  });
  return {
    store,
    mesh,
    start(env = ENV) {
      const controller = new AbortController();
      const running = runWorker({
        store,
        executors: createExecutorRegistry([build, notifyDeliverExecutor]),
        meshRoot: mesh.root,
        env,
        now: () => new Date(),
        events,
        leaseMs: 30_000,
        pollMs: 50,
        signal: controller.signal,
      });
      return {
        async stop() {
          controller.abort();
          await running;
        },
      };
    },
    async dispose() {
      await store.close();
      await dropDatabase();
      mesh.remove();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function failRevenueRule(mesh: TestMesh): void {
  const path = 'domains/sales/revenue/revenue.odcs.yaml';
  const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as {
    schema: { quality?: unknown[] }[];
  };
  // Three days of revenue in the data; the rule wants more than three rows.
  doc.schema[0]!.quality = [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 3 }];
  mesh.write(path, stringify(doc));
}

function webhookSubscription(id: string, url: string, productId: string): Subscription {
  return {
    id,
    owner: 'user:ana',
    createdBy: 'ana',
    types: ['check.failed'],
    scope: { kind: 'product', productId },
    channel: { kind: 'webhook', url, secret: SECRET },
    language: null,
    enabled: true,
    createdAt: new Date().toISOString(),
  };
}

function buildJob(id: string, target: string, at: string): Job {
  return {
    id,
    kind: 'build-product',
    target,
    payload: {},
    trigger: 'manual',
    requestedBy: 'tester',
    scheduledFor: at,
    runAfter: at,
    state: 'queued',
    attempts: 0,
    maxAttempts: 1,
    lease: null,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    error: null,
    result: null,
    history: [],
  };
}

function event(id: string, fields: Partial<MeshEvent> = {}): MeshEvent {
  return {
    id,
    type: 'check.failed',
    at: new Date().toISOString(),
    subject: 'sales-revenue',
    productId: 'sales-revenue-product',
    domain: 'sales',
    recipients: { users: [], teams: [] },
    data: { runId: 'run-1', failedChecks: 1 },
    ...fields,
  };
}

describe('notifications, delivered by a worker (the done-tests)', () => {
  it('a webhook receiver gets a correctly signed CloudEvent for a failing check of a real build', async (t) => {
    const h = await harness();
    const receiver = await startReceiver();
    t.after(async () => {
      await receiver.close();
      await h.dispose();
    });
    failRevenueRule(h.mesh);
    await h.store.notifications.addSubscription(
      webhookSubscription('sub-hook', receiver.url, 'sales-revenue-product'),
    );
    const at = new Date(Date.now() - 1000).toISOString();
    await h.store.jobs.enqueue(buildJob('build-orders', 'sales-orders-product', at));
    await h.store.jobs.enqueue(buildJob('build-revenue', 'sales-revenue-product', at));
    const worker = h.start();
    let request: Awaited<ReturnType<typeof receiver.waitFor>>[number] | undefined;
    try {
      [request] = await receiver.waitFor(1, 90_000);
      await until(
        'the delivery logged',
        async () => {
          const delivered = await h.store.notifications.listDeliveries({ states: ['delivered'] });
          return delivered.items[0];
        },
        10_000,
      );
    } finally {
      await worker.stop();
    }

    // The failing check is real: a run recorded by the build with a failed check.
    const runs = await h.store.runs.list({ productId: 'sales-revenue-product', limit: 10 });
    const failedRun = runs.items.find((r) => r.run.checks.some((c) => c.status === 'failed'));
    assert.ok(failedRun, 'the revenue build recorded a run with a failed check');

    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, '/hook');
    assert.match(String(request!.headers['content-type']), /^application\/cloudevents\+json/);
    // The signature, checked as a receiver would, without Meshwork's code.
    const header = String(request!.headers['meshwork-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    assert.ok(match, `signature header: ${header}`);
    const expected = createHmac('sha256', SECRET)
      .update(`${match[1]}.${request!.body}`)
      .digest('hex');
    assert.equal(match[2], expected, 'HMAC-SHA256 over "<t>.<raw body>" with the secret');
    assert.ok(Math.abs(Date.now() / 1000 - Number(match[1])) < 120, 'the time is now');
    const wrong = createHmac('sha256', 'another secret').update(`${match[1]}.${request!.body}`);
    assert.notEqual(match[2], wrong.digest('hex'));

    const cloudEvent = JSON.parse(request!.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(cloudEvent).sort(), [
      'data',
      'datacontenttype',
      'id',
      'source',
      'specversion',
      'subject',
      'time',
      'type',
    ]);
    assert.equal(cloudEvent.specversion, '1.0');
    assert.equal(cloudEvent.id, `check.failed:${failedRun.id}`);
    assert.equal(cloudEvent.type, 'io.meshwork.check.failed');
    assert.equal(cloudEvent.source, '/meshwork');
    assert.equal(cloudEvent.subject, failedRun.contractId);
    assert.equal(cloudEvent.datacontenttype, 'application/json');
    assert.ok(!Number.isNaN(Date.parse(String(cloudEvent.time))));
    const data = cloudEvent.data as Record<string, unknown>;
    assert.equal(data.runId, failedRun.id);
    assert.equal(data.productId, 'sales-revenue-product');
    assert.equal(data.failedChecks, 1);
    assert.equal(request!.body.includes(SECRET), false, 'the secret is not in the body');

    const deliveries = await h.store.notifications.listDeliveries({});
    assert.equal(deliveries.items.length, 1);
    const delivery = deliveries.items[0]!;
    assert.equal(request!.headers['meshwork-delivery'], delivery.id);
    assert.equal(delivery.state, 'delivered');
    assert.equal(delivery.destination, `http://127.0.0.1:${receiver.port}`);
    assert.deepEqual(
      delivery.attempts.map((a) => [a.attempt, a.outcome, a.statusCode]),
      [[1, 'delivered', 200]],
    );
    assert.equal(JSON.stringify(delivery).includes(SECRET), false, 'the log holds no secret');
    const job = await h.store.jobs.get(`notify:${delivery.id}`);
    assert.equal(job?.state, 'succeeded');
  });

  it('an e-mail arrives at a real SMTP server, in the recipient language', async (t) => {
    const h = await harness();
    const mails: { from: string; to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const port = (smtp.server.address() as AddressInfo).port;
    t.after(async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await h.dispose();
    });
    const now = new Date().toISOString();
    for (const [username, email] of [
      ['ana', 'ana@example.com'],
      ['ben', null],
    ] as const)
      await h.store.users.put({
        username,
        name: username,
        email,
        roles: [],
        passwordHash: null,
        oidcSubject: null,
        disabled: false,
        createdAt: now,
      });
    await h.store.notifications.addSubscription({
      id: 'sub-mail-de',
      owner: 'user:ana',
      createdBy: 'ana',
      types: ['sla.breached'],
      scope: { kind: 'domain', domain: 'sales' },
      channel: { kind: 'email', address: 'sales-alerts@example.com' },
      language: 'de',
      enabled: true,
      createdAt: now,
    });
    const publisher = createStorePublisher(h.store, {
      teamMembers: (team) => (team === 'sales-team' ? ['ana', 'ben'] : []),
      defaultLanguage: () => 'en',
    });
    const published = await publisher.publishWithDeliveries(
      event('sla.breached:inc-1', {
        type: 'sla.breached',
        recipients: { users: [], teams: ['sales-team'] },
        data: { sla: 'freshness', incidentId: 'inc-1' },
      }),
    );
    // ana by her own address (the team's member), the subscription's address; ben has none.
    assert.deepEqual(published.map((d) => [d.destination, d.state, d.language]).sort(), [
      ['ana@example.com', 'pending', 'en'],
      ['ben', 'failed', 'en'],
      ['sales-alerts@example.com', 'pending', 'de'],
    ]);
    const ben = published.find((d) => d.destination === 'ben');
    assert.equal(ben?.attempts[0]?.error?.code, 'no-email-address');

    const worker = h.start({
      ...ENV,
      MESHWORK_SMTP_URL: `smtp://127.0.0.1:${port}`,
      MESHWORK_MAIL_FROM: 'Meshwork <meshwork@example.com>',
    });
    try {
      await until('two e-mails', () => Promise.resolve(mails.length >= 2 ? mails : null), 30_000);
      await until(
        'both deliveries logged',
        async () => {
          const delivered = await h.store.notifications.listDeliveries({ states: ['delivered'] });
          return delivered.items.length === 2 ? delivered.items : null;
        },
        10_000,
      );
    } finally {
      await worker.stop();
    }
    const toAna = mails.find((m) => m.to.includes('ana@example.com'));
    const toList = mails.find((m) => m.to.includes('sales-alerts@example.com'));
    assert.ok(toAna && toList, JSON.stringify(mails.map((m) => m.to)));
    assert.equal(toAna.from, 'meshwork@example.com');
    assert.match(toAna.raw, /^Subject: \[Meshwork\] SLA breached$/m);
    assert.match(toAna.raw, /Subject: sales-revenue/);
    // German: "SLA verletzt" in the subject, "Betrifft" in the text.
    assert.match(toList.raw, /^Subject: \[Meshwork\] SLA verletzt$/m);
    assert.match(toList.raw, /Betrifft: sales-revenue/);
    assert.equal(mails.length, 2, 'one mail per address, ben got none');
    const log = await h.store.notifications.listDeliveries({ states: ['delivered'] });
    assert.ok(log.items.every((d) => d.attempts.at(-1)?.statusCode === 250));
  });

  for (const kind of ['embedded', 'postgresql'] as const)
    it(`a receiver failing with 500 and then answering 200 shows the retry in the delivery log (${kind} store)`, async (t) => {
      const h = await harness(kind);
      const receiver = await startReceiver((n) =>
        n === 0 ? { status: 500, body: 'x'.repeat(500) } : { status: 200, body: 'thanks' },
      );
      t.after(async () => {
        await receiver.close();
        await h.dispose();
      });
      await h.store.notifications.addSubscription(
        webhookSubscription('sub-flaky', receiver.url, 'sales-revenue-product'),
      );
      const publisher = createStorePublisher(h.store, {
        teamMembers: () => [],
        defaultLanguage: () => 'en',
      });
      const [delivery] = await publisher.publishWithDeliveries(event('check.failed:run-flaky'));
      assert.ok(delivery);
      const worker = h.start();
      try {
        await receiver.waitFor(2, 30_000);
        await until(
          'the delivery delivered',
          async () => {
            const d = await h.store.notifications.getDelivery(delivery.id);
            return d?.state === 'delivered' ? d : null;
          },
          10_000,
        );
      } finally {
        await worker.stop();
      }
      const logged = await h.store.notifications.getDelivery(delivery.id);
      assert.deepEqual(
        logged?.attempts.map((a) => [a.attempt, a.outcome, a.statusCode, a.error?.code ?? null]),
        [
          [1, 'retry', 500, 'http-500'],
          [2, 'delivered', 200, null],
        ],
      );
      assert.equal(logged?.attempts[0]?.response, 'x'.repeat(200), 'the answer kept to 200 chars');
      assert.equal(logged?.attempts[1]?.response, 'thanks');
      // Both posts carried the same CloudEvent id and delivery id: receivers can deduplicate.
      const [first, second] = receiver.requests;
      assert.equal(
        (JSON.parse(first!.body) as { id: string }).id,
        (JSON.parse(second!.body) as { id: string }).id,
      );
      assert.equal(first!.headers['meshwork-delivery'], second!.headers['meshwork-delivery']);
      const job = await h.store.jobs.get(`notify:${delivery.id}`);
      assert.equal(job?.state, 'succeeded');
      assert.equal(job?.attempts, 2);
    });

  it('a receiver answering 404 fails the delivery for good, without a retry; 429 is retried', async (t) => {
    const h = await harness();
    const gone = await startReceiver(() => ({ status: 404 }));
    const busy = await startReceiver((n) => (n === 0 ? { status: 429 } : { status: 204 }));
    t.after(async () => {
      await gone.close();
      await busy.close();
      await h.dispose();
    });
    await h.store.notifications.addSubscription(
      webhookSubscription('sub-gone', gone.url, 'sales-revenue-product'),
    );
    await h.store.notifications.addSubscription(
      webhookSubscription('sub-busy', busy.url, 'sales-revenue-product'),
    );
    const publisher = createStorePublisher(h.store, {
      teamMembers: () => [],
      defaultLanguage: () => 'en',
    });
    const deliveries = await publisher.publishWithDeliveries(event('check.failed:run-404'));
    assert.equal(deliveries.length, 2);
    const worker = h.start();
    try {
      await until(
        'both deliveries finished',
        async () => {
          const open = await h.store.notifications.listDeliveries({ states: ['pending'] });
          return open.items.length === 0 ? true : null;
        },
        30_000,
      );
    } finally {
      await worker.stop();
    }
    const bySubscription = async (id: string) =>
      (await h.store.notifications.listDeliveries({ subscriptionIds: [id] })).items[0];
    const failed = await bySubscription('sub-gone');
    assert.equal(failed?.state, 'failed');
    assert.deepEqual(
      failed?.attempts.map((a) => [a.outcome, a.statusCode]),
      [['failed', 404]],
    );
    assert.equal(gone.requests.length, 1, 'a 404 is not tried again');
    const job = await h.store.jobs.get(`notify:${failed.id}`);
    assert.equal(job?.state, 'failed');
    assert.equal(job?.attempts, 1);
    const retried = await bySubscription('sub-busy');
    assert.deepEqual(
      retried?.attempts.map((a) => [a.outcome, a.statusCode]),
      [
        ['retry', 429],
        ['delivered', 204],
      ],
    );
  });
});
