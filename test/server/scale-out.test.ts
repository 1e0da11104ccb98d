import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccessRequest } from '../../src/core/access/model.ts';
import type { MeshworkStore } from '../../src/app/store/store.ts';
import { createPostgresStore } from '../../src/stores/postgresql/index.ts';
import { isIntact, verifyAudit } from '../../src/app/audit/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres } from '../support/postgres.ts';
import { repoRoot } from '../support/standards.ts';
import { PEOPLE, requestBody, writeAccessWorkspace } from './access-support.ts';
import { addUser } from './auth/support.ts';
import type { RunningProvider } from './auth/oidc-provider.ts';
import { authorizeAt, startProvider } from './auth/oidc-provider.ts';

/**
 * Issue 14: two real `meshwork serve` processes on one PostgreSQL, as behind a load
 * balancer — nothing a request needs may live in one process. Each test sends one step to
 * server A and the next to server B and fails when B does not see what A did.
 */
const PASSWORD = 'scale-out-password';
/** What a load balancer in front would be: both servers are configured with it. */
const PUBLIC_URL = 'http://127.0.0.1:9';
const USER_LIMIT = 4;

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly log: string[];
}

async function serve(mesh: string, env: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/meshwork.js'), 'serve', mesh, '--port', '0', '--workers', '0'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (t: string) => log.push(...t.split('\n')));
  let out = '';
  child.stdout?.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start: ${log.join('\n')}`)),
      120_000,
    );
    child.stdout?.on('data', (t: string) => {
      out += t;
      const found = /Portal and API: (http:\/\/\S+)/.exec(out);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${log.join('\n')}`));
    });
  });
  return { child, url, log };
}

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

async function login(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

async function signIn(url: string, username: string): Promise<Session> {
  const res = await login(url, username, PASSWORD);
  assert.equal(res.status, 200, `${username}: ${await res.clone().text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = /mw_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie);
  return { cookie, csrf: csrfToken };
}

async function api(
  url: string,
  method: string,
  path: string,
  session: Session,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

let pg: TestPostgres;
let database: TestDatabase;
let dir: string;
let provider: RunningProvider;
let store: MeshworkStore;
let a: Served;
let b: Served;

before(async () => {
  pg = await startTestPostgres();
  database = await createTestDatabase(pg.url, 'meshwork_scale');
  dir = await mkdtemp(join(tmpdir(), 'meshwork-scale-out-'));
  await writeAccessWorkspace(dir);
  provider = await startProvider(PUBLIC_URL, [
    { sub: 'sso-1', preferred_username: 'ssouser', name: 'S. So' },
  ]);
  store = createPostgresStore({ connectionString: database.url, maxConnections: 2 });
  await store.migrate();
  for (const username of Object.values(PEOPLE))
    await addUser(
      store,
      username,
      PASSWORD,
      username === 'dpo' ? ['governance'] : username === 'admin' ? ['admin'] : [],
    );
  const env = {
    MESHWORK_DATABASE_URL: database.url,
    MESHWORK_ADMIN_PASSWORD: PASSWORD,
    MESHWORK_PUBLIC_URL: PUBLIC_URL,
    MESHWORK_LOGIN_LIMIT_PER_USER: String(USER_LIMIT),
    MESHWORK_OIDC_ISSUER: provider.issuer,
    MESHWORK_OIDC_CLIENT_ID: provider.clientId,
    MESHWORK_OIDC_CLIENT_SECRET: provider.clientSecret,
    MESHWORK_SCHEDULER: 'off',
    MESHWORK_FOLLOW_SECONDS: '0.5',
  };
  // Started together, as a deployment starts its replicas: migrations and the admin race.
  [a, b] = await Promise.all([serve(dir, env), serve(dir, env)]);
});

after(async () => {
  for (const served of [a, b]) {
    if (!served || served.child.exitCode !== null) continue;
    served.child.kill('SIGTERM');
    await once(served.child, 'exit');
  }
  await store?.close();
  await provider?.close();
  await database?.drop();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('two meshwork serve processes on one PostgreSQL', () => {
  it('a session made on A works on B, and signing out on A ends it on B', async () => {
    const session = await signIn(a.url, PEOPLE.consumer);
    const me = await api(b.url, 'GET', '/api/auth/me', session);
    assert.equal(me.status, 200);
    assert.equal((me.body as { user: { username: string } }).user.username, PEOPLE.consumer);
    assert.equal((await api(a.url, 'POST', '/api/auth/logout', session)).status, 204);
    assert.equal((await api(b.url, 'GET', '/api/auth/me', session)).status, 401);
  });

  it('the sign-in limit counts the attempts on A and B together', async () => {
    const user = PEOPLE.stranger;
    for (let i = 0; i < USER_LIMIT; i++) {
      const res = await login(i % 2 === 0 ? a.url : b.url, user, `wrong-${i}`);
      assert.equal(res.status, 401, `attempt ${i}`);
    }
    // Either server alone has seen only half the limit; together they refuse, even the right password.
    for (const served of [a, b]) {
      const refused = await login(served.url, user, PASSWORD);
      assert.equal(refused.status, 429, served.url);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
    }
  });

  it('an OIDC sign-in begun on A finishes on B, once', async () => {
    const start = await fetch(`${a.url}/api/auth/oidc/login?returnTo=%2Fproducts`, {
      redirect: 'manual',
    });
    assert.equal(start.status, 302);
    const flowCookie = /mw_oidc=[^;]+/.exec(start.headers.get('set-cookie') ?? '')?.[0];
    assert.ok(flowCookie);
    const callback = await authorizeAt(start.headers.get('location') ?? '', 'sso-1');
    assert.equal(callback.origin, PUBLIC_URL);
    const finish = (served: Served) =>
      fetch(`${served.url}${callback.pathname}${callback.search}`, {
        headers: { cookie: flowCookie },
        redirect: 'manual',
      });
    const finished = await finish(b);
    assert.equal(finished.headers.get('location'), '/products');
    const session = /mw_session=[^;]+/.exec(finished.headers.get('set-cookie') ?? '')?.[0];
    assert.ok(session, 'B finished the sign-in A began');
    const me = await fetch(`${a.url}/api/auth/me`, { headers: { cookie: session } });
    assert.equal(((await me.json()) as { user: { username: string } }).user.username, 'ssouser');
    // The flow is used up on every server: a replay to A finds nothing.
    const replay = await finish(a);
    assert.equal(replay.headers.get('location'), '/login?error=sso');
  });

  it('one test send per minute across both servers', async () => {
    const owner = await signIn(a.url, PEOPLE.producerOwner);
    const created = await api(a.url, 'POST', '/api/subscriptions', owner, {
      types: ['check.failed'],
      scope: { kind: 'mesh' },
      channel: { kind: 'slack', url: 'https://hooks.slack.com/services/scale-out' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = (created.body as { subscription: { id: string } }).subscription.id;
    assert.equal((await api(a.url, 'POST', `/api/subscriptions/${id}/test`, owner)).status, 202);
    assert.equal((await api(b.url, 'POST', `/api/subscriptions/${id}/test`, owner)).status, 429);
    assert.equal((await api(a.url, 'POST', `/api/subscriptions/${id}/test`, owner)).status, 429);
  });

  it('a run a worker recorded in the store shows on both servers within the follow period', async () => {
    const session = await signIn(a.url, PEOPLE.consumer);
    const quality = async (served: Served): Promise<string> => {
      const res = await api(served.url, 'GET', '/api/products/sales-orders', session);
      return (res.body as { product: { quality: { status: string } } }).product.quality.status;
    };
    // Read once on each, so a cached answer is there to go stale.
    const before = [await quality(a), await quality(b)];
    assert.ok(!before.includes('warning'), JSON.stringify(before));
    await store.runs.record({
      id: 'worker-run-1',
      contractId: 'sales-orders-v1',
      productId: 'sales-orders',
      port: 'orders',
      server: 'warehouse',
      reportedBy: 'build',
      run: { status: 'warning', checks: [], startedAt: new Date().toISOString(), durationMs: 1 },
    });
    const deadline = Date.now() + 30_000;
    for (const served of [a, b]) {
      while ((await quality(served)) !== 'warning') {
        assert.ok(Date.now() < deadline, `${served.url} still serves the old quality`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  });

  it('one access request decided on A and B at once gives one grant, and the audit chain holds', async () => {
    const consumer = await signIn(a.url, PEOPLE.consumer);
    const deciders = {
      owner: [await signIn(a.url, PEOPLE.producerOwner), await signIn(b.url, PEOPLE.producerOwner)],
      dpo: [await signIn(a.url, PEOPLE.dpo), await signIn(b.url, PEOPLE.dpo)],
    };
    for (let round = 0; round < 4; round++) {
      const created = await api(a.url, 'POST', '/api/access-requests', consumer, requestBody());
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const request = created.body as AccessRequest;
      const decide = (served: Served, session: Session) =>
        api(served.url, 'POST', `/api/access-requests/${request.id}/decision`, session, {
          decision: 'approve',
          comment: `round ${round}`,
        });
      // Every approval the request may need, each sent to both servers at the same time.
      const answers = await Promise.all([
        decide(a, deciders.owner[0]!),
        decide(b, deciders.owner[1]!),
        decide(a, deciders.dpo[0]!),
        decide(b, deciders.dpo[1]!),
      ]);
      for (const answer of answers)
        assert.ok([200, 409].includes(answer.status), JSON.stringify(answer.body));
      const stored = await store.accessRequests.get(request.id);
      assert.equal(stored?.state, 'active', JSON.stringify(stored));
      const grants = (await store.grants.list({ limit: 500 })).items.filter(
        (g) => g.requestId === request.id,
      );
      assert.equal(grants.length, 1, `round ${round}: ${grants.length} grants`);
    }
    const verdict = await verifyAudit(store);
    assert.ok(isIntact(verdict), JSON.stringify(verdict));
  });
});
