import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, createTestServer, json, signIn, type TestServer } from './support.ts';
import { authorizeAt, startProvider, type RunningProvider } from './oidc-provider.ts';

const PUBLIC_URL = 'http://127.0.0.1:4000';

describe('OIDC single sign-on against a real provider', () => {
  let provider: RunningProvider;
  let server: TestServer;

  before(async () => {
    provider = await startProvider(PUBLIC_URL, [
      {
        sub: 'u-123',
        preferred_username: 'Grace.Hopper',
        name: 'Grace Hopper',
        email: 'grace@example.com',
      },
      { sub: 'u-999', preferred_username: 'admin', name: 'Not The Admin' },
      {
        sub: 'u-upn',
        preferred_username: 'Lena.Schuster@corp.example',
        email: 'lena@corp.example',
      },
      // Anyone can open mweber@gmail.com; the mesh's domain.yaml makes "mweber" a sales owner.
      { sub: 'u-gmail', email: 'mweber@gmail.com', email_verified: true, name: 'Not Weber' },
      { sub: 'u-corp', email: 'mweber@corp.example', email_verified: true, name: 'M. Weber' },
      { sub: 'u-unverified', email: 'boss@corp.example', email_verified: false },
    ]);
    server = createTestServer({
      publicUrl: PUBLIC_URL,
      env: {
        MESHWORK_OIDC_ISSUER: provider.issuer,
        MESHWORK_OIDC_CLIENT_ID: provider.clientId,
        MESHWORK_OIDC_CLIENT_SECRET: provider.clientSecret,
        MESHWORK_OIDC_LABEL: 'Test IdP',
      },
    });
    await addUser(server.store, 'admin', 'admin-password', ['admin']);
  });
  after(() => provider.close());

  const ssoEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    MESHWORK_OIDC_ISSUER: provider.issuer,
    MESHWORK_OIDC_CLIENT_ID: provider.clientId,
    MESHWORK_OIDC_CLIENT_SECRET: provider.clientSecret,
    ...extra,
  });

  /** Starts at Meshwork, signs in at the provider, comes back; returns Meshwork's answer. */
  async function signInWithSso(login: string, returnTo = '/products', at: TestServer = server) {
    const start = await at.app.request(
      `/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`,
    );
    assert.equal(start.status, 302);
    const flowCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    assert.match(flowCookie, /^mw_oidc=/);
    const authorization = new URL(start.headers.get('location') ?? '');
    const callback = await authorizeAt(authorization.href, login);
    const answer = await at.app.request(`${callback.pathname}${callback.search}`, {
      headers: { cookie: flowCookie },
    });
    const session = (answer.headers.get('set-cookie') ?? '').match(/mw_session=[^;]+/)?.[0];
    return { authorization, callback, flowCookie, answer, session };
  }

  async function whoIs(at: TestServer, cookie: string | undefined) {
    const res = await at.app.request('/api/auth/me', { headers: { cookie: cookie ?? '' } });
    return ((await res.json()) as { user: { username: string; domains: object } }).user;
  }

  it('never gives a new identity the domain roles of a name in domain.yaml; an admin links it explicitly', async () => {
    const at = createTestServer({
      publicUrl: PUBLIC_URL,
      env: ssoEnv(),
      domains: { mweber: { sales: 'owner' } },
    });
    await addUser(at.store, 'admin', 'admin-password', ['admin']);
    const stranger = await signInWithSso('u-gmail', '/', at);
    assert.equal(stranger.answer.headers.get('location'), '/');
    const who = await whoIs(at, stranger.session);
    assert.equal(who.username, 'mweber-2', 'not the mweber domain.yaml names');
    assert.deepEqual(who.domains, {});

    // The real Weber signs in; the admin links that identity to the account "mweber".
    const weber = await signInWithSso('u-corp', '/', at);
    const created = await whoIs(at, weber.session);
    assert.equal(created.username, 'mweber-3');
    await addUser(at.store, 'mweber', 'weber-local-password');
    const admin = await signIn(at.app, 'admin', 'admin-password');
    const linked = await at.app.request('/api/users/mweber/oidc-link', {
      method: 'POST',
      ...json({ from: 'mweber-3' }, { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }),
    });
    assert.equal(linked.status, 200);
    assert.equal(await at.store.users.get('mweber-3'), null);
    const ended = await at.app.request('/api/auth/me', {
      headers: { cookie: weber.session ?? '' },
    });
    assert.equal(ended.status, 401, 'the session of the deleted mweber-3 ended');
    const again = await signInWithSso('u-corp', '/', at);
    assert.deepEqual(await whoIs(at, again.session), {
      ...(await whoIs(at, again.session)),
      username: 'mweber',
      domains: { sales: 'owner' },
    });
    assert.ok(at.store.auditEvents.some((e) => e.action === 'user.link-oidc'));
    const refused = await at.app.request('/api/users/mweber/oidc-link', {
      method: 'POST',
      ...json({ from: 'admin' }, { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }),
    });
    assert.equal(refused.status, 409, 'admin has no SSO identity to give');
  });

  it('with MESHWORK_OIDC_ALLOWED_DOMAINS lets in only verified addresses of those domains', async () => {
    const at = createTestServer({
      publicUrl: PUBLIC_URL,
      env: ssoEnv({ MESHWORK_OIDC_ALLOWED_DOMAINS: 'corp.example, @other.example' }),
    });
    for (const outsider of ['u-gmail', 'u-unverified', 'u-999']) {
      const { answer, session } = await signInWithSso(outsider, '/', at);
      assert.equal(answer.headers.get('location'), '/login?error=sso', outsider);
      assert.equal(session, undefined);
    }
    assert.equal((await at.store.users.list({})).items.length, 0, 'no user was created');
    const reasons = at.store.auditEvents
      .filter((e) => e.action === 'auth.login-failed')
      .map((e) => e.details['reason']);
    assert.deepEqual(reasons, [
      'e-mail domain not allowed',
      'e-mail address not verified',
      'e-mail domain not allowed',
    ]);
    const insider = await signInWithSso('u-corp', '/', at);
    assert.equal((await whoIs(at, insider.session)).username, 'mweber');
  });

  it('tells the login page that SSO is on', async () => {
    const res = await server.app.request('/api/auth/config');
    assert.deepEqual(await res.json(), { oidc: { enabled: true, label: 'Test IdP' } });
  });

  it('redirects with PKCE (S256), state and nonce', async () => {
    const res = await server.app.request('/api/auth/oidc/login');
    const url = new URL(res.headers.get('location') ?? '');
    assert.equal(url.origin, provider.issuer);
    const q = url.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.ok((q.get('code_challenge') ?? '').length >= 43);
    assert.ok((q.get('state') ?? '').length >= 20 && (q.get('nonce') ?? '').length >= 20);
    assert.equal(q.get('redirect_uri'), `${PUBLIC_URL}/api/auth/oidc/callback`);
    assert.match(
      res.headers.get('set-cookie') ?? '',
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/,
    );
  });

  it('signs a new identity in as a new user keyed by issuer|subject, and the same user next time', async () => {
    const { answer, callback } = await signInWithSso('u-123');
    assert.ok(callback.searchParams.get('code'), 'the provider issued a code');
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.get('location'), '/products');
    const cookie = (answer.headers.get('set-cookie') ?? '').match(/mw_session=[^;]+/)?.[0] ?? '';
    const me = (await (
      await server.app.request('/api/auth/me', { headers: { cookie } })
    ).json()) as {
      user: { username: string; name: string; roles: string[] };
    };
    assert.deepEqual(me.user, {
      ...me.user,
      username: 'grace.hopper',
      name: 'Grace Hopper',
      roles: [],
    });
    const user = await server.store.users.get('grace.hopper');
    assert.equal(user?.oidcSubject, `${provider.issuer}|u-123`);
    assert.equal(user?.passwordHash, null);

    await signInWithSso('u-123');
    const all = await server.store.users.list({ limit: 100 });
    assert.equal(all.items.filter((u) => u.oidcSubject === `${provider.issuer}|u-123`).length, 1);
    const logins = server.store.auditEvents.filter(
      (e) => e.action === 'auth.login' && e.details['method'] === 'oidc',
    );
    assert.deepEqual(
      logins.map((e) => e.details['created']),
      [true, false],
    );
  });

  it('never lets an identity claim a local account by its name', async () => {
    const { answer } = await signInWithSso('u-999');
    assert.equal(answer.status, 302);
    const user = await server.store.users.findByOidcSubject(`${provider.issuer}|u-999`);
    assert.equal(user?.username, 'admin-2');
    assert.deepEqual(user?.roles, []);
    assert.equal((await server.store.users.get('admin'))?.oidcSubject, null);
  });

  it('refuses a callback without its flow cookie, with a wrong state, or replayed', async () => {
    const start = await server.app.request('/api/auth/oidc/login');
    const flowCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const callback = await authorizeAt(start.headers.get('location') ?? '', 'u-123');
    const path = `${callback.pathname}${callback.search}`;

    const noCookie = await server.app.request(path);
    assert.equal(noCookie.headers.get('location'), '/login?error=sso');

    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    const badState = await server.app.request(`${forged.pathname}${forged.search}`, {
      headers: { cookie: flowCookie },
    });
    assert.equal(badState.headers.get('location'), '/login?error=sso');
    assert.doesNotMatch(badState.headers.get('set-cookie') ?? '', /mw_session=[^;]/);

    // The forged attempt consumed the pending flow: the genuine callback cannot be replayed after it.
    const replay = await server.app.request(path, { headers: { cookie: flowCookie } });
    assert.equal(replay.headers.get('location'), '/login?error=sso');
    assert.ok(
      server.store.auditEvents.some(
        (e) => e.action === 'auth.login-failed' && e.details['method'] === 'oidc',
      ),
    );
  });

  it('takes the local part of a UPN-style preferred_username (Entra ID) as the username', async () => {
    await signInWithSso('u-upn');
    const user = await server.store.users.findByOidcSubject(`${provider.issuer}|u-upn`);
    assert.equal(user?.username, 'lena.schuster');
    assert.equal(user?.email, 'lena@corp.example');
  });

  it('only returns to paths on this site', async () => {
    const { answer } = await signInWithSso('u-123', 'https://evil.example.com/');
    assert.equal(answer.headers.get('location'), '/');
    const { answer: protocolRelative } = await signInWithSso('u-123', '//evil.example.com/');
    assert.equal(protocolRelative.headers.get('location'), '/');
  });
});

describe('OIDC not configured', () => {
  it('says so on /auth/config and answers 404 on its routes', async () => {
    const { app } = createTestServer();
    assert.deepEqual(await (await app.request('/api/auth/config')).json(), {
      oidc: { enabled: false, label: null },
    });
    assert.equal((await app.request('/api/auth/oidc/login')).status, 404);
    assert.equal((await app.request('/api/auth/oidc/callback?code=x&state=y')).status, 404);
  });

  it('refuses an http issuer that is not on this machine', () => {
    assert.throws(
      () =>
        createTestServer({
          env: { MESHWORK_OIDC_ISSUER: 'http://idp.example.com', MESHWORK_OIDC_CLIENT_ID: 'x' },
        }),
      /must be an https URL/,
    );
  });
});
