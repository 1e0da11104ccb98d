import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from '../../../src/server/auth/rate-limit.ts';
import { addUser, createTestServer, json } from './support.ts';

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

  it('forgets failures after the window and on success', () => {
    let now = 0;
    const limiter = createRateLimiter({ maxFailures: 2, windowMs: 1000, now: () => now });
    limiter.fail('k');
    limiter.fail('k');
    assert.equal(limiter.retryAfter('k'), 1);
    now = 1001;
    assert.equal(limiter.retryAfter('k'), 0);
    limiter.fail('k');
    limiter.fail('k');
    limiter.reset('k');
    assert.equal(limiter.retryAfter('k'), 0);
  });
});
