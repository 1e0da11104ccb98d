import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addUser, createTestServer, json, signIn } from './support.ts';

async function setup() {
  const server = createTestServer();
  await addUser(server.store, 'admin', 'admin-password', ['admin']);
  await addUser(server.store, 'ada', 'ada-password');
  const admin = await signIn(server.app, 'admin', 'admin-password');
  const as = (
    who: { cookie: string; csrfToken: string },
    method: string,
    path: string,
    body?: unknown,
  ) =>
    server.app.request(path, {
      method,
      ...(body === undefined
        ? { headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken } }
        : json(body, { cookie: who.cookie, 'x-csrf-token': who.csrfToken })),
    });
  return { ...server, admin, as };
}

describe('users routes', () => {
  it('lets the admin create, read, change and delete accounts, never showing a hash', async () => {
    const { app, store, admin, as } = await setup();
    const created = await as(admin, 'POST', '/api/users', {
      username: 'carl',
      name: 'Carl',
      email: 'carl@example.com',
      password: 'carl-password',
      roles: ['governance'],
    });
    assert.equal(created.status, 201);
    assert.equal(
      (await as(admin, 'POST', '/api/users', { username: 'carl', name: 'C', password: 'xxxxxxxx' }))
        .status,
      409,
    );
    await signIn(app, 'carl', 'carl-password');

    const list = await as(admin, 'GET', '/api/users');
    const text = await list.text();
    assert.ok(!text.includes('scrypt'), 'no password hash in answers');
    assert.deepEqual(
      (JSON.parse(text) as { items: { username: string }[] }).items.map((u) => u.username),
      ['ada', 'admin', 'carl'],
    );

    const patched = await as(admin, 'PATCH', '/api/users/carl', {
      password: 'new-carl-password',
      roles: [],
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(((await patched.json()) as { roles: unknown }).roles, []);
    await signIn(app, 'carl', 'new-carl-password');
    const update = store.auditEvents.find((e) => e.action === 'user.update');
    assert.deepEqual(update?.details, { fields: 'password,roles', roles: '', disabled: false });

    assert.equal((await as(admin, 'DELETE', '/api/users/carl')).status, 204);
    assert.equal((await as(admin, 'GET', '/api/users/carl')).status, 404);
  });

  it('refuses plain users (403) and anonymous callers (401)', async () => {
    const { app, as } = await setup();
    const ada = await signIn(app, 'ada', 'ada-password');
    assert.equal((await as(ada, 'GET', '/api/users')).status, 403);
    assert.equal((await as(ada, 'PATCH', '/api/users/ada', { roles: ['admin'] })).status, 403);
    assert.equal((await app.request('/api/users')).status, 401);
  });

  it('keeps at least one enabled admin', async () => {
    const { admin, as } = await setup();
    assert.equal((await as(admin, 'PATCH', '/api/users/admin', { roles: [] })).status, 409);
    assert.equal((await as(admin, 'PATCH', '/api/users/admin', { disabled: true })).status, 409);
    assert.equal((await as(admin, 'DELETE', '/api/users/admin')).status, 409);
    assert.equal((await as(admin, 'PATCH', '/api/users/ada', { roles: ['admin'] })).status, 200);
    assert.equal((await as(admin, 'PATCH', '/api/users/admin', { roles: [] })).status, 200);
  });

  it('revokes the tokens of a deleted user', async () => {
    const { app, store, admin, as } = await setup();
    const ada = await signIn(app, 'ada', 'ada-password');
    const created = (await (await as(ada, 'POST', '/api/tokens', { name: 'ci' })).json()) as {
      token: string;
    };
    assert.equal((await as(admin, 'DELETE', '/api/users/ada')).status, 204);
    assert.ok((await store.tokens.listForUser('ada')).every((t) => t.revoked));
    const res = await app.request('/api/products', {
      headers: { authorization: `Bearer ${created.token}` },
    });
    assert.equal(res.status, 401);
  });

  it('validates usernames and passwords', async () => {
    const { admin, as } = await setup();
    const bad = await as(admin, 'POST', '/api/users', {
      username: 'Bad Name',
      name: 'x',
      password: 'long-enough',
    });
    assert.equal(bad.status, 400);
    const short = await as(admin, 'POST', '/api/users', {
      username: 'dan',
      name: 'Dan',
      password: 'short',
    });
    assert.equal(short.status, 400);
  });
});
