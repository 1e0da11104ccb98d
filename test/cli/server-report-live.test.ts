import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/start-server.ts';
import { startServer } from '../../src/server/start-server.ts';
import type { TestMesh } from '../build/support.ts';
import { createTestMesh } from '../build/support.ts';
import { cli } from '../support/cli.ts';

/**
 * The CLI against the real Meshwork server (`startServer`, embedded store, real auth): a
 * CLI and a server sharing one workspace, and a CLI on another workspace reporting with an
 * API token and publishing its mesh.
 */
const PASSWORD = 'report-live-password';

const run = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  cli(args, cwd, { env });

interface RunPage {
  items: { id: string; contractId: string; productId: string | null; reportedBy: string }[];
}

describe('the CLI with a running Meshwork server', () => {
  let served: TestMesh;
  let elsewhere: TestMesh;
  let server: RunningServer;
  let token: string;

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
    return (await res.json()) as T;
  };

  before(async () => {
    served = createTestMesh();
    elsewhere = createTestMesh();
    server = await startServer({
      meshRoot: served.root,
      env: { MESHWORK_ADMIN_PASSWORD: PASSWORD },
      port: 0,
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const session = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const created = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: {
        cookie,
        'x-csrf-token': session.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'ci' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    token = ((await created.json()) as { token: string }).token;
  });
  after(async () => {
    await server.close();
    served.remove();
    elsewhere.remove();
  });

  it('a build on the served workspace shows up in the server at once, through the shared store', async () => {
    const built = await run(['build', '--mesh', served.root], served.root);
    assert.ok(built.code === 0 || built.code === 1, built.stderr);
    const runs = await api<RunPage>('/api/contracts/sales-orders/runs');
    assert.ok(runs.items.length >= 1, JSON.stringify(runs));
    assert.ok(runs.items.every((r) => r.reportedBy === 'build'));
    assert.ok(runs.items.every((r) => r.productId !== null));
  });

  it('another workspace publishes its mesh and reports its build with an API token', async () => {
    const env = { MESHWORK_TOKEN: token };
    const published = await run(
      ['publish', '--server', server.url, elsewhere.root, '--format', 'json'],
      '/',
      env,
    );
    assert.equal(published.code, 0, published.stderr);
    const before = await api<RunPage>('/api/contracts/sales-orders/runs');
    const built = await run(['build', '--mesh', elsewhere.root, '--server', server.url], '/', env);
    assert.ok(built.code === 0 || built.code === 1, built.stderr);
    assert.equal(built.stderr, '');
    const after = await api<RunPage>('/api/contracts/sales-orders/runs');
    const added = after.items.filter((r) => !before.items.some((b) => b.id === r.id));
    assert.equal(added.length, 1, JSON.stringify(after));
    assert.equal(added[0]?.reportedBy, 'admin');
    assert.equal(added[0]?.contractId, 'sales-orders');
  });

  it('a wrong token is refused and said so, exit 2', async () => {
    const result = await run(['publish', '--server', server.url, elsewhere.root], '/', {
      MESHWORK_TOKEN: 'mw_not-a-token',
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /answered PUT \/api\/catalog with 401/);
    assert.ok(!result.stderr.includes('mw_not-a-token'));
  });
});
