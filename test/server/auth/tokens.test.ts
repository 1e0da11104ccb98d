import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { addUser, createTestServer, json, signIn } from './support.ts';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

interface CreatedToken {
  id: string;
  token: string;
  name: string;
  expiresAt: string | null;
}

async function setup() {
  const server = createTestServer({ domains: { ada: { sales: 'member' } } });
  await addUser(server.store, 'ada', 'ada-password');
  await addUser(server.store, 'bob', 'bob-password');
  const ada = await signIn(server.app, 'ada', 'ada-password');
  const create = async (body: unknown): Promise<CreatedToken> => {
    const res = await server.app.request('/api/tokens', {
      method: 'POST',
      ...json(body, { cookie: ada.cookie, 'x-csrf-token': ada.csrfToken }),
    });
    assert.equal(res.status, 201);
    return (await res.json()) as CreatedToken;
  };
  return { ...server, ada, create };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  it('shows the token once, stores only its SHA-256 and authenticates with it', async () => {
    const { app, store, ada, create } = await setup();
    const created = await create({ name: 'ci' });
    assert.match(created.token, /^mwt_[\w-]{40,}$/);
    const [stored] = await store.tokens.listForUser('ada');
    assert.equal(stored?.tokenHash, sha256(created.token));
    assert.ok(!JSON.stringify(stored).includes(created.token));

    const listed = await app.request('/api/tokens', { headers: { cookie: ada.cookie } });
    const text = await listed.text();
    assert.ok(!text.includes(created.token), 'the list never shows the token');
    assert.ok(!text.includes(stored.tokenHash), 'nor its hash');

    const res = await app.request('/api/products', { headers: bearer(created.token) });
    assert.equal(res.status, 200);
    const me = (await (
      await app.request('/api/auth/me', { headers: bearer(created.token) })
    ).json()) as {
      user: { via: string; domains: unknown };
      csrfToken: unknown;
    };
    assert.deepEqual(me, {
      ...me,
      user: { ...me.user, via: 'token', domains: { sales: 'member' } },
      csrfToken: null,
    });
    assert.notEqual(
      (await store.tokens.listForUser('ada'))[0]?.lastUsedAt,
      null,
      'last use recorded',
    );
  });

  it('needs no CSRF token with a bearer token (a browser never sends one by itself)', async () => {
    const { app, create } = await setup();
    const { token } = await create({ name: 'ci' });
    const res = await app.request('/api/domains/sales/runs', {
      method: 'POST',
      headers: bearer(token),
    });
    assert.equal(res.status, 201);
  });

  it('refuses unknown, revoked and expired tokens', async () => {
    const { app, store, ada, create } = await setup();
    const { token, id } = await create({ name: 'ci', expiresInDays: 30 });
    assert.equal(
      (await app.request('/api/products', { headers: bearer(`${token}x`) })).status,
      401,
    );
    assert.equal(
      (await app.request('/api/products', { headers: { authorization: `Basic ${token}` } })).status,
      401,
    );

    const stored = (await store.tokens.listForUser('ada'))[0]!;
    assert.ok(
      stored.expiresAt !== null && Date.parse(stored.expiresAt) > Date.now() + 29 * 86_400_000,
    );
    await store.tokens.put({ ...stored, expiresAt: new Date(Date.now() - 1).toISOString() });
    assert.equal((await app.request('/api/products', { headers: bearer(token) })).status, 401);
    await store.tokens.put(stored);
    assert.equal((await app.request('/api/products', { headers: bearer(token) })).status, 200);

    const revoke = await app.request(`/api/tokens/${id}`, {
      method: 'DELETE',
      headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrfToken },
    });
    assert.equal(revoke.status, 204);
    assert.equal((await app.request('/api/products', { headers: bearer(token) })).status, 401);
    const actions = store.auditEvents.map((e) => e.action);
    assert.ok(actions.includes('token.create') && actions.includes('token.revoke'));
  });

  it("lets nobody revoke or list another user's tokens", async () => {
    const { app, create } = await setup();
    const { id } = await create({ name: 'ci' });
    const bob = await signIn(app, 'bob', 'bob-password');
    const res = await app.request(`/api/tokens/${id}`, {
      method: 'DELETE',
      headers: { cookie: bob.cookie, 'x-csrf-token': bob.csrfToken },
    });
    assert.equal(res.status, 404);
    const list = (await (
      await app.request('/api/tokens', { headers: { cookie: bob.cookie } })
    ).json()) as {
      items: unknown[];
    };
    assert.deepEqual(list.items, []);
  });

  it("stops a deleted or disabled user's tokens", async () => {
    const { app, store, create } = await setup();
    const { token } = await create({ name: 'ci' });
    await store.users.put({ ...(await store.users.get('ada'))!, disabled: true });
    assert.equal((await app.request('/api/products', { headers: bearer(token) })).status, 401);
  });
});
