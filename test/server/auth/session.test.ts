import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { addUser, createTestServer, json, signIn } from './support.ts';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

describe('bootstrapAdmin', () => {
  it('creates admin with MESHWORK_ADMIN_PASSWORD once, then leaves it alone', async () => {
    const { app, auth } = createTestServer({
      env: { MESHWORK_ADMIN_PASSWORD: 'start-password-1' },
    });
    assert.deepEqual(await auth.bootstrapAdmin(), { created: true });
    assert.deepEqual(await auth.bootstrapAdmin(), { created: false });
    const session = await signIn(app, 'admin', 'start-password-1');
    const me = await app.request('/api/auth/me', { headers: { cookie: session.cookie } });
    const body = (await me.json()) as { user: { username: string; roles: string[] } };
    assert.deepEqual([body.user.username, body.user.roles], ['admin', ['admin']]);
  });

  it('generates a password when none is given and returns it once', async () => {
    const { app, auth } = createTestServer();
    const result = await auth.bootstrapAdmin();
    assert.equal(result.created, true);
    assert.ok(result.generatedPassword && result.generatedPassword.length >= 20);
    await signIn(app, 'admin', result.generatedPassword);
    assert.equal((await auth.bootstrapAdmin()).generatedPassword, undefined);
  });
});

describe('sessions', () => {
  it('sets an HttpOnly SameSite=Lax cookie, Secure only over https, and stores only its hash', async () => {
    const { app, store } = createTestServer();
    await addUser(store, 'ada', 'ada-password');
    const { setCookie, cookie, csrfToken } = await signIn(app, 'ada', 'ada-password');
    assert.match(setCookie, /^mw_session=[\w-]{40,};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/);
    assert.match(setCookie, /Max-Age=\d+/);
    const id = cookie.slice('mw_session='.length);
    const stored = await store.sessions.get(sha256(id));
    assert.equal(stored?.username, 'ada');
    assert.equal(stored?.csrfTokenHash, sha256(csrfToken), 'only the CSRF token’s hash is stored');
    assert.ok(!JSON.stringify(stored).includes(csrfToken), 'the CSRF token is not stored');
    assert.equal(await store.sessions.get(id), null, 'the raw id is not a key');

    const https = createTestServer({ publicUrl: 'https://mesh.example.com', store });
    const secure = await signIn(https.app, 'ada', 'ada-password');
    assert.match(secure.setCookie, /Secure/);
  });

  it('needs the CSRF token on state-changing requests made with the cookie', async () => {
    const { app, store } = createTestServer();
    await addUser(store, 'ada', 'ada-password');
    const { cookie, csrfToken } = await signIn(app, 'ada', 'ada-password');
    const post = (headers: Record<string, string>) =>
      app.request('/api/tokens', {
        method: 'POST',
        ...json({ name: 'ci' }, { cookie, ...headers }),
      });
    assert.equal((await post({})).status, 403);
    assert.equal((await post({ 'x-csrf-token': 'wrong' })).status, 403);
    assert.equal((await post({ 'x-csrf-token': csrfToken })).status, 201);
    // Reads need no token.
    assert.equal((await app.request('/api/tokens', { headers: { cookie } })).status, 200);
  });

  it('binds the CSRF token to its session', async () => {
    const { app, store } = createTestServer();
    await addUser(store, 'ada', 'ada-password');
    await addUser(store, 'bob', 'bob-password');
    const ada = await signIn(app, 'ada', 'ada-password');
    const bob = await signIn(app, 'bob', 'bob-password');
    const res = await app.request('/api/tokens', {
      method: 'POST',
      ...json({ name: 'x' }, { cookie: ada.cookie, 'x-csrf-token': bob.csrfToken }),
    });
    assert.equal(res.status, 403);
  });

  it('answers /auth/me with the principal and the CSRF token; logout ends the session', async () => {
    const { app, store } = createTestServer({ domains: { ada: { sales: 'owner' } } });
    await addUser(store, 'ada', 'ada-password', ['governance']);
    const { cookie, csrfToken } = await signIn(app, 'ada', 'ada-password');
    const meResponse = await app.request('/api/auth/me', { headers: { cookie } });
    const me: unknown = await meResponse.json();
    assert.equal(
      meResponse.headers.get('cache-control'),
      'no-store',
      'a CSRF token is never cached',
    );
    assert.deepEqual(me, {
      user: {
        username: 'ada',
        name: 'ada',
        roles: ['governance'],
        domains: { sales: 'owner' },
        via: 'session',
      },
      csrfToken,
    });
    const noCsrf = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    assert.equal(noCsrf.status, 403);
    const out = await app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /mw_session=;.*Max-Age=0/);
    assert.equal((await app.request('/api/auth/me', { headers: { cookie } })).status, 401);
  });

  it('refuses wrong passwords, unknown and disabled users with the same 401, and audits them', async () => {
    const { app, store } = createTestServer();
    await addUser(store, 'ada', 'ada-password');
    await store.users.put({ ...(await store.users.get('ada'))!, username: 'old', disabled: true });
    for (const [username, password] of [
      ['ada', 'wrong-password'],
      ['nobody', 'ada-password'],
      ['old', 'ada-password'],
    ] as const) {
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        ...json({ username, password }),
      });
      assert.equal(res.status, 401, username);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.headers.get('set-cookie'), null);
      const body = (await res.json()) as { detail: string };
      assert.equal(body.detail, 'The username or the password is wrong.');
    }
    const failed = store.auditEvents.filter((e) => e.action === 'auth.login-failed');
    // An unknown name is not kept: it may be a password typed into the wrong field.
    assert.deepEqual(
      failed.map((e) => [e.target, e.details['reason']]),
      [
        ['ada', 'wrong-password'],
        [null, 'unknown-user'],
        ['old', 'disabled'],
      ],
    );
    await signIn(app, 'ada', 'ada-password');
    assert.equal(store.auditEvents.filter((e) => e.action === 'auth.login').length, 1);
  });

  it('drops the session of a user who is disabled or whose session expired', async () => {
    const { app, store } = createTestServer();
    await addUser(store, 'ada', 'ada-password');
    const first = await signIn(app, 'ada', 'ada-password');
    const id = sha256(first.cookie.slice('mw_session='.length));
    const session = (await store.sessions.get(id))!;
    await store.sessions.put({ ...session, expiresAt: new Date(Date.now() - 1000).toISOString() });
    assert.equal(
      (await app.request('/api/auth/me', { headers: { cookie: first.cookie } })).status,
      401,
    );

    const second = await signIn(app, 'ada', 'ada-password');
    await store.users.put({ ...(await store.users.get('ada'))!, disabled: true });
    assert.equal(
      (await app.request('/api/auth/me', { headers: { cookie: second.cookie } })).status,
      401,
    );
  });

  it('answers anonymous calls with 401 problem+json and WWW-Authenticate', async () => {
    const { app } = createTestServer();
    const res = await app.request('/api/products');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['detail', 'instance', 'status', 'title', 'type']);
    assert.equal(body['instance'], '/api/products');
    const bogus = await app.request('/api/products', { headers: { cookie: 'mw_session=forged' } });
    assert.equal(bogus.status, 401);
  });

  it('validates the login body (400 problem+json)', async () => {
    const { app } = createTestServer();
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      ...json({ username: 'ada' }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
  });
});
