import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import type { SignedIn } from './support.ts';
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

  it('leaves an admin when two admins demote or delete each other at the same moment, 20 races', async () => {
    // The embedded store, as `meshwork serve` uses it by default; two server instances
    // over one folder stand for two processes. They look at the users' file on every read
    // (authRecheckMs 0): a user added through one must sign in through the other at once,
    // not after the 250 ms an instance may answer from memory.
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-admins-'));
    try {
      const open = async () => {
        const store = createEmbeddedStore({ directory, authRecheckMs: 0 });
        await store.migrate();
        return createTestServer({ store });
      };
      const [one, two] = [await open(), await open()];
      const send = async (
        server: typeof one,
        who: SignedIn,
        method: string,
        path: string,
        body?: unknown,
      ) =>
        server.app.request(path, {
          method,
          ...json(body ?? {}, { cookie: who.cookie, 'x-csrf-token': who.csrfToken }),
        });
      let noAdminLeft = 0;
      for (let race = 0; race < 20; race++) {
        const [a, z] = [`a${race}`, `z${race}`];
        await addUser(one.store, a, 'admin-password', ['admin']);
        await addUser(one.store, z, 'admin-password', ['admin']);
        for (const old of [`a${race - 1}`, `z${race - 1}`]) await one.store.users.delete(old);
        const [asA, asZ] = [
          await signIn(one.app, a, 'admin-password'),
          await signIn(two.app, z, 'admin-password'),
        ];
        const answers = await Promise.all(
          race % 2 === 0
            ? [
                send(one, asA, 'PATCH', `/api/users/${z}`, { roles: [] }),
                send(two, asZ, 'PATCH', `/api/users/${a}`, { roles: [] }),
              ]
            : [
                send(one, asA, 'DELETE', `/api/users/${z}`),
                send(two, asZ, 'DELETE', `/api/users/${a}`),
              ],
        );
        const statuses = answers.map((r) => r.status).sort();
        const admins = (await one.store.users.list({ limit: 200 })).items.filter(
          (u) => u.roles.includes('admin') && !u.disabled,
        );
        if (admins.length === 0) noAdminLeft++;
        // Exactly one wins. The other is refused: as the last admin's change (409) when both
        // were checked as admins, or — when its request is checked after the winner's change
        // committed — as no longer an admin (403) or no longer a user (401). Each keeps an admin.
        assert.equal(
          statuses[0],
          race % 2 === 0 ? 200 : 204,
          `race ${race}: ${statuses.join(', ')}`,
        );
        assert.ok([401, 403, 409].includes(statuses[1]!), `race ${race}: ${statuses.join(', ')}`);
      }
      assert.equal(noAdminLeft, 0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('ends a user’s sessions on a new password, on disable and on delete; a session never outlives its account', async () => {
    const { app, admin, as } = await setup();
    const me = (who: SignedIn) => app.request('/api/auth/me', { headers: { cookie: who.cookie } });

    const beforeReset = await signIn(app, 'ada', 'ada-password');
    assert.equal(
      (await as(admin, 'PATCH', '/api/users/ada', { password: 'ada-password-2' })).status,
      200,
    );
    assert.equal((await me(beforeReset)).status, 401, 'a password reset ends sessions');

    const beforeDisable = await signIn(app, 'ada', 'ada-password-2');
    const token = (await (
      await as(beforeDisable, 'POST', '/api/tokens', { name: 'ci' })
    ).json()) as {
      token: string;
    };
    assert.equal((await as(admin, 'PATCH', '/api/users/ada', { disabled: true })).status, 200);
    assert.equal((await as(admin, 'PATCH', '/api/users/ada', { disabled: false })).status, 200);
    assert.equal((await me(beforeDisable)).status, 401, 'disabling ends sessions');
    const bearer = await app.request('/api/products', {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(bearer.status, 401, 'disabling revokes tokens, re-enabling does not revive them');

    // Deleted, then created again under the same name with more rights: the old session is dead.
    const old = await signIn(app, 'ada', 'ada-password-2');
    assert.equal((await as(admin, 'DELETE', '/api/users/ada')).status, 204);
    const again = await as(admin, 'POST', '/api/users', {
      username: 'ada',
      name: 'Another Ada',
      password: 'other-password',
      roles: ['admin'],
    });
    assert.equal(again.status, 201);
    assert.equal((await me(old)).status, 401);
    assert.equal((await as(old, 'GET', '/api/users')).status, 401);
  });

  it('refuses a session or token issued before its account was created', async () => {
    const { app, store } = await setup();
    const ada = await signIn(app, 'ada', 'ada-password');
    const token = (await (
      await app.request('/api/tokens', {
        method: 'POST',
        ...json({ name: 'ci' }, { cookie: ada.cookie, 'x-csrf-token': ada.csrfToken }),
      })
    ).json()) as { token: string };
    // Another process deleted and re-created the account without ending anything here.
    const current = await store.users.get('ada');
    await store.users.put({
      ...current!,
      roles: ['admin'],
      createdAt: new Date(Date.now() + 1000).toISOString(),
    });
    const me = await app.request('/api/auth/me', { headers: { cookie: ada.cookie } });
    assert.equal(me.status, 401);
    const bearer = await app.request('/api/products', {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(bearer.status, 401);
  });
});
