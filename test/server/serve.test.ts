import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { openStore } from '../../src/runtime/index.ts';
import type { RunningServer } from '../../src/server/start-server.ts';
import { startServer } from '../../src/server/start-server.ts';
import { cli } from '../support/cli.ts';
import { DEMO_MESH } from './api-support.ts';

const PASSWORD = 'serve-test-password';

async function copyDefinitions(to: string): Promise<void> {
  for (const { path, text } of await readMeshTexts(DEMO_MESH)) {
    await mkdir(dirname(join(to, path)), { recursive: true });
    await writeFile(join(to, path), text);
  }
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the running server', () => {
  let dir: string;
  let server: RunningServer;
  let cookie: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-serve-'));
    await copyDefinitions(dir);
    server = await startServer({
      meshRoot: dir,
      env: { MESHWORK_ADMIN_PASSWORD: PASSWORD },
      port: 0,
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1, creates the admin from the environment and serves the mesh', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.adminCreated, true);
    assert.equal(server.generatedPassword, undefined);
    assert.ok(server.servesFolder);
    const anonymous = await fetch(`${server.url}/api/products`);
    assert.equal(anonymous.status, 401);
    const res = await fetch(`${server.url}/api/products?limit=100`, { headers: { cookie } });
    const body = (await res.json()) as { total: number };
    assert.equal(body.total, server.sync.products);
    const stored = await server.store.catalog.current();
    assert.equal(stored?.revision, server.sync.revision);
  });

  test('a port in use is one line, not a crash', async () => {
    const port = Number(new URL(server.url).port);
    await assert.rejects(
      startServer({ meshRoot: dir, env: {}, port }),
      (error: Error) => error.name === 'MeshworkError' && /in use/.test(error.message),
    );
  });

  test('re-indexes when a definition changes on disk', async () => {
    const file = join(dir, 'domains/sales/sales-orders/product.odps.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('name: Orders', 'name: Webshop orders renamed'));
    const name = await until(async () => {
      const res = await fetch(`${server.url}/api/products/sales-orders`, { headers: { cookie } });
      const body = (await res.json()) as { product: { name: string } };
      return body.product.name === 'Webshop orders renamed' ? body.product.name : undefined;
    });
    assert.equal(name, 'Webshop orders renamed');
  });
});

describe('the running server and the CLI on one workspace', () => {
  test('a run the CLI records in the store shows in the product’s quality', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-serve-runs-'));
    await copyDefinitions(dir);
    const server = await startServer({
      meshRoot: dir,
      env: { MESHWORK_ADMIN_PASSWORD: PASSWORD },
      port: 0,
    });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const quality = async (): Promise<string> => {
        const res = await fetch(`${server.url}/api/products/sales-orders`, { headers: { cookie } });
        return ((await res.json()) as { product: { quality: { status: string } } }).product.quality
          .status;
      };
      assert.equal(await quality(), 'unknown');
      // Another process's store on the same workspace, as `meshwork test` opens it.
      const cliStore = await openStore({ meshRoot: dir, env: {} });
      await cliStore.runs.record({
        id: 'cli-run-1',
        contractId: 'sales-orders-v1',
        productId: 'sales-orders',
        port: 'orders',
        server: 'warehouse',
        reportedBy: 'cli',
        run: { status: 'warning', checks: [], startedAt: new Date().toISOString(), durationMs: 1 },
      });
      await cliStore.close();
      assert.equal(
        await until(async () => ((await quality()) === 'warning' ? 'warning' : undefined)),
        'warning',
      );
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('meshwork serve', () => {
  test('refuses a bad port and a missing folder with exit 2', async () => {
    const port = await cli(['serve', '--port', 'abc'], DEMO_MESH);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a number/);
    const missing = await cli(['serve', 'no/such/folder'], DEMO_MESH);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such folder/);
    const help = await cli(['serve', '--help'], DEMO_MESH);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--host H/);
  });
});
