import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createHashGate, GateBusyError } from '../../../src/app/accounts/hash-gate.ts';
import { createRateLimiter } from '../../../src/server/auth/rate-limit.ts';
import { startServer } from '../../../src/server/start-server.ts';
import { addUser, createTestServer, json } from './support.ts';
import { createMemoryStore } from '../../support/memory-store.ts';

/** What @hono/node-server hands the app: the socket the request came on. */
const from = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remotePort: 5000 } },
});

describe('login rate limit', () => {
  it('answers 429 with Retry-After after 5 failures for one username, even for the right password', async () => {
    const { app, store } = createTestServer();
    await addUser(store, 'ada', 'ada-password');
    const attempt = (password: string, address = '10.0.0.1') =>
      app.request(
        '/api/auth/login',
        { method: 'POST', ...json({ username: 'ada', password }) },
        from(address),
      );
    for (let i = 0; i < 5; i++) assert.equal((await attempt('wrong-password')).status, 401);
    const limited = await attempt('ada-password', '10.0.0.2');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('content-type'), 'application/problem+json');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, String(retryAfter));
    assert.equal(limited.headers.get('set-cookie'), null);
  });

  it('limits one client address trying many usernames, and not the others', async () => {
    const { app, store } = createTestServer({ env: { MESHWORK_LOGIN_LIMIT_PER_ADDRESS: '8' } });
    await addUser(store, 'ada', 'ada-password');
    const attempt = (username: string, password: string, address: string) =>
      app.request(
        '/api/auth/login',
        { method: 'POST', ...json({ username, password }) },
        from(address),
      );
    for (let i = 0; i < 8; i++)
      assert.equal((await attempt(`user${i}`, 'guess-1234', '10.0.0.9')).status, 401);
    assert.equal((await attempt('ada', 'ada-password', '10.0.0.9')).status, 429);
    assert.equal((await attempt('ada', 'ada-password', '10.0.0.10')).status, 200);
  });

  it('refuses a limit that is not a whole number', () => {
    assert.throws(
      () => createTestServer({ env: { MESHWORK_LOGIN_LIMIT_PER_USER: 'many' } }),
      /whole number/,
    );
  });

  it('forgets failures after the window and on success; a release takes one attempt back', async () => {
    let now = 0;
    const limiter = createRateLimiter({
      store: createMemoryStore().attempts,
      scope: 'test',
      maxFailures: 2,
      windowMs: 1000,
      now: () => now,
    });
    assert.equal(await limiter.reserve('k'), 0);
    assert.equal(await limiter.reserve('k'), 0);
    assert.equal(await limiter.reserve('k'), 1);
    now = 1001;
    assert.equal(await limiter.reserve('k'), 0);
    assert.equal(await limiter.reserve('k'), 0);
    await limiter.release('k');
    assert.equal(await limiter.reserve('k'), 0);
    assert.equal(await limiter.reserve('k'), 1);
    await limiter.reset('k');
    assert.equal(await limiter.reserve('k'), 0);
  });

  it('keys reach the store hashed: no username or address in clear, bounded whatever is sent', async () => {
    const store = createMemoryStore();
    const seen: string[] = [];
    const limiter = createRateLimiter({
      store: {
        ...store.attempts,
        reserve: (key, w, at) => (seen.push(key), store.attempts.reserve(key, w, at)),
      },
      scope: 'sign-in-user',
      maxFailures: 2,
      windowMs: 1000,
    });
    await limiter.reserve('ada@example.com');
    await limiter.reserve('x'.repeat(100_000));
    assert.equal(seen.length, 2);
    for (const key of seen) assert.match(key, /^sign-in-user:[0-9a-f]{64}$/);
    assert.ok(!seen.some((key) => key.includes('ada')));
  });

  it('counts a burst before checking: of 300 guesses at once at most the limit are checked, and the right password inside the burst is refused', async () => {
    const { app, store } = createTestServer({ env: { MESHWORK_LOGIN_LIMIT_PER_ADDRESS: '1000' } });
    await addUser(store, 'ada', 'ada-password');
    const attempt = async (password: string, i: number) =>
      app.request(
        '/api/auth/login',
        { method: 'POST', ...json({ username: 'ada', password }) },
        from(`10.1.${Math.floor(i / 250)}.${i % 250}`),
      );
    const guesses = Array.from({ length: 301 }, (_, i) =>
      attempt(i === 150 ? 'ada-password' : `wrong-guess-${i}`, i),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    assert.ok(checked <= 5, `${checked} passwords were checked, the limit is 5`);
    assert.equal(statuses[150], 429, 'the right password inside the burst is refused');
    assert.equal(statuses.filter((s) => s === 429).length, 301 - checked);
    const failed = store.auditEvents.filter((e) => e.action === 'auth.login-failed');
    assert.ok(failed.length <= 5, String(failed.length));
  });

  it('bounds the password checks under way; beyond the queue it answers 503 with Retry-After', async () => {
    const { app } = createTestServer({
      env: {
        MESHWORK_LOGIN_LIMIT_PER_ADDRESS: '1000',
        MESHWORK_LOGIN_CONCURRENCY: '1',
        MESHWORK_LOGIN_QUEUE: '2',
      },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        app.request('/api/auth/login', {
          method: 'POST',
          ...json({ username: `user${i}`, password: 'some-guess' }),
        }),
      ),
    );
    const busy = answers.filter((r) => r.status === 503);
    assert.ok(answers.filter((r) => r.status === 401).length <= 4);
    assert.ok(busy.length >= 16, `${busy.length} turned away`);
    assert.equal(busy[0]?.headers.get('content-type'), 'application/problem+json');
    assert.ok(Number(busy[0]?.headers.get('retry-after')) >= 1);
  });

  it('keeps the limit gate fair: a place freed goes to the first waiter', async () => {
    const gate = createHashGate({ concurrent: 1, queue: 1 });
    const order: string[] = [];
    const slow = (name: string) => async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push(name);
    };
    const first = gate.run(slow('first'));
    const second = gate.run(slow('second'));
    await assert.rejects(gate.run(slow('third')), GateBusyError);
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first', 'second']);
    await gate.run(slow('later'));
  });

  it('answers a sign-in flood on a real server at once beyond the queue, keeps health answering, and lets the right password in after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-flood-'));
    const server = await startServer({
      meshRoot: dir,
      port: 0,
      env: {
        MESHWORK_ADMIN_PASSWORD: 'flood-admin-password',
        MESHWORK_LOGIN_LIMIT_PER_ADDRESS: '100000',
        MESHWORK_LOGIN_CONCURRENCY: '2',
        MESHWORK_LOGIN_QUEUE: '16',
      },
    });
    try {
      const login = (username: string, password: string) =>
        fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
      const flood = Promise.all(
        Array.from({ length: 200 }, async (_, i) => (await login(`flooder${i}`, 'guess')).status),
      );
      await new Promise((r) => setTimeout(r, 50));
      const healthTimes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
        healthTimes.push(performance.now() - started);
      }
      const statuses = await flood;
      // Generous: this machine is shared; before the gate, logins waited minutes, not health.
      assert.ok(
        Math.max(...healthTimes) < 10_000,
        `health took ${healthTimes.map(Math.round).join(', ')} ms`,
      );
      const checked = statuses.filter((s) => s === 401).length;
      // Requests over real sockets trickle in, and a place freed takes the next: a few more
      // than 2 + 16 are checked, far from all 200 (every one before the gate).
      assert.ok(checked <= 60, `${checked} passwords checked of a burst of 200`);
      assert.equal(statuses.filter((s) => s === 503).length, 200 - checked);
      const started = performance.now();
      assert.equal((await login('admin', 'flood-admin-password')).status, 200);
      assert.ok(performance.now() - started < 10_000);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
