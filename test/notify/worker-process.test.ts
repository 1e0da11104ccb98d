import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { openStore } from '../../src/runtime/index.ts';
import { createTestMesh } from '../build/support.ts';
import { newJob } from '../conformance/stores/jobs-conformance.ts';
import { startReceiver } from './support.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');
const SECRET = 'whsec_process_test_0123456789abcdef';

/**
 * The whole way in real processes: a `meshwork worker` process builds a product whose
 * check fails, its `check.failed` goes through the store publisher into a notify-deliver
 * job, and the same process posts the signed CloudEvent to a receiver started here.
 */
describe('meshwork worker delivers notifications', () => {
  it('a failing check of a scheduled build reaches a webhook as a signed CloudEvent', async (t) => {
    const mesh = createTestMesh();
    const receiver = await startReceiver();
    t.after(async () => {
      await receiver.close();
      mesh.remove();
    });
    const path = 'domains/sales/revenue/revenue.odcs.yaml';
    const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as {
      schema: { quality?: unknown[] }[];
    };
    doc.schema[0]!.quality = [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 3 }];
    mesh.write(path, stringify(doc));

    const store = await openStore({ meshRoot: mesh.root, env: {} });
    try {
      const at = new Date(Date.now() - 1000).toISOString();
      // The subscription's owner: a subscription of a user the store does not know hears nothing.
      await store.users.put({
        username: 'ana',
        name: 'ana',
        email: null,
        roles: [],
        passwordHash: null,
        oidcSubject: null,
        disabled: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      await store.notifications.addSubscription({
        id: 'sub-process',
        owner: 'user:ana',
        createdBy: 'ana',
        types: ['check.failed'],
        scope: { kind: 'domain', domain: 'sales' },
        channel: { kind: 'webhook', url: receiver.url, secret: SECRET },
        language: null,
        enabled: true,
        createdAt: at,
      });
      for (const [id, target] of [
        ['build-orders', 'sales-orders-product'],
        ['build-revenue', 'sales-revenue-product'],
      ] as const)
        await store.jobs.enqueue(
          newJob(id, {
            kind: 'build-product',
            target,
            runAfter: at,
            createdAt: at,
            maxAttempts: 1,
          }),
        );
      const child = spawn(process.execPath, [bin, 'worker', mesh.root], {
        env: {
          ...process.env,
          MESHWORK_JOB_POLL_SECONDS: '0.1',
          MESHWORK_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      let request;
      try {
        [request] = await receiver.waitFor(1, 120_000);
        const deadline = Date.now() + 20_000;
        while (!/notify-deliver \S+ attempt 1 .*succeeded/.test(out)) {
          if (Date.now() > deadline) assert.fail(`no delivery line within 20 s:\n${out}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } catch (error) {
        child.kill('SIGKILL');
        throw new Error(`${String(error)}\n${out}`, { cause: error });
      }
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out);
      assert.ok(request);

      const header = String(request.headers['meshwork-signature']);
      const [, t1, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      assert.equal(
        v1,
        createHmac('sha256', SECRET).update(`${t1}.${request.body}`).digest('hex'),
        out,
      );
      const cloudEvent = JSON.parse(request.body) as {
        id: string;
        type: string;
        data: { runId: string };
      };
      assert.equal(cloudEvent.type, 'io.meshwork.check.failed');
      const run = await store.runs.get(cloudEvent.data.runId);
      assert.ok(
        run?.run.checks.some((c) => c.status === 'failed'),
        'the event names the failed run',
      );
      assert.equal(cloudEvent.id, `check.failed:${run!.id}`);
      const delivery = (
        await store.notifications.listDeliveries({ subscriptionIds: ['sub-process'] })
      ).items[0];
      assert.equal(delivery?.state, 'delivered');
      assert.equal(out.includes(SECRET), false, 'the worker logs no secret');
    } finally {
      await store.close();
    }
  });
});
