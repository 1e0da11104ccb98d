import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import {
  grantExpiryNoticeDays,
  startServer,
  type RunningServer,
} from '../../../src/server/start-server.ts';
import { DEMO_MESH } from '../../server/api-support.ts';

const ADMIN_PASSWORD = 'wiring-admin-password-1';

describe('the server publishes through the store publisher (start-server wiring)', () => {
  let dir: string;
  let server: RunningServer;
  let headers: Record<string, string>;
  const lines: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-events-wiring-'));
    await cp(DEMO_MESH, join(dir, 'mesh'), { recursive: true });
    server = await startServer({
      meshRoot: join(dir, 'mesh'),
      port: 0,
      env: { MESHWORK_ADMIN_PASSWORD: ADMIN_PASSWORD, MESHWORK_ACCESS_SWEEP_MINUTES: '0' },
      log: (line) => lines.push(line),
    });
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a reported failing run is stored as check.failed and fanned out to the owning team', async () => {
    const res = await fetch(`${server.url}/api/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        contractId: 'sales-orders-v1',
        run: {
          status: 'failed',
          startedAt: '2026-11-20T03:00:00.000Z',
          durationMs: 5,
          checks: [
            {
              id: 'orders.rowCount',
              schema: 'orders',
              property: null,
              kind: 'rowCount',
              status: 'failed',
              value: 0,
              threshold: { operator: 'mustBeGreaterThan', value: 0 },
              message: 'empty',
              samples: [],
            },
          ],
        },
      }),
    });
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    const event = await server.store.notifications.getEvent(`check.failed:${id}`);
    assert.equal(event?.type, 'check.failed');
    assert.deepEqual(event?.recipients.teams, ['ecommerce-team']);
    const deliveries = await server.store.notifications.listDeliveries({
      eventIds: [`check.failed:${id}`],
      limit: 50,
    });
    // The demo's ecommerce team members have e-mail addresses: each gets one delivery.
    assert.ok(deliveries.items.length > 0, 'fanned out to the team');
    assert.ok(deliveries.items.every((d) => d.channel === 'email' && d.owner.startsWith('user:')));
  });

  it('a product added to the served folder is announced on the re-index', async () => {
    await mkdir(join(dir, 'mesh/domains/sales/sales-returns'), { recursive: true });
    await writeFile(
      join(dir, 'mesh/domains/sales/sales-returns/product.odps.yaml'),
      stringify({
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: 'sales-returns',
        name: 'Returns',
        domain: 'sales',
        status: 'draft',
        team: { name: 'sales-team' },
      }),
    );
    const res = await fetch(`${server.url}/api/sync`, { method: 'POST', headers });
    assert.equal(res.status, 200, await res.clone().text());
    const event = await server.store.notifications.getEvent('product.created:sales-returns');
    assert.equal(event?.domain, 'sales');
    assert.ok(
      !lines.some((l) => l.includes('publishing an event failed')),
      'no publish failed: ' + lines.join(''),
    );
  });
});

describe('MESHWORK_GRANT_EXPIRY_NOTICE_DAYS', () => {
  it('defaults to 7, takes 0 (never) to 366 whole days, and refuses anything else', () => {
    assert.equal(grantExpiryNoticeDays({}), 7);
    assert.equal(grantExpiryNoticeDays({ MESHWORK_GRANT_EXPIRY_NOTICE_DAYS: ' ' }), 7);
    assert.equal(grantExpiryNoticeDays({ MESHWORK_GRANT_EXPIRY_NOTICE_DAYS: '0' }), 0);
    assert.equal(grantExpiryNoticeDays({ MESHWORK_GRANT_EXPIRY_NOTICE_DAYS: '14' }), 14);
    for (const bad of ['-1', '1.5', 'seven', '367', '1e9', 'Infinity'])
      assert.throws(
        () => grantExpiryNoticeDays({ MESHWORK_GRANT_EXPIRY_NOTICE_DAYS: bad }),
        /MESHWORK_GRANT_EXPIRY_NOTICE_DAYS must be a whole number of days from 0 to 366/,
        bad,
      );
  });
});
