import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPasswordSignIn,
  createHashGate,
  createSession,
  createToken,
  createTokenChecker,
  createUser,
  deleteUser,
  findSession,
  isSessionCsrfToken,
  linkOidcIdentity,
  listAuditEvents,
  listTokens,
  recordAudit,
  revokeToken,
  sessionUser,
  updateUser,
  userForIdentity,
} from '../../src/app/accounts/index.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const gate = createHashGate({ concurrent: 2, queue: 8 });

/** The service without HTTP, as the CLI and workers call it. */
describe('app/accounts', () => {
  it('creates, changes and deletes users under the last-admin rule, auditing each by its actor', async () => {
    const store = createMemoryStore();
    const created = await createUser(store, 'root', {
      username: 'ada',
      name: 'Ada',
      password: 'ada-password',
      roles: ['admin', 'admin'],
    });
    assert.equal(created.outcome, 'created');
    assert.ok(created.outcome === 'created' && !('passwordHash' in created.user));
    assert.deepEqual(created.outcome === 'created' && created.user.roles, ['admin']);
    assert.equal(
      (await createUser(store, 'root', { username: 'ada', name: 'A', password: 'x'.repeat(8) }))
        .outcome,
      'taken',
    );
    assert.equal((await updateUser(store, 'root', 'ada', { roles: [] })).outcome, 'last-admin');
    assert.equal((await deleteUser(store, 'root', 'ada')).outcome, 'last-admin');
    assert.equal((await updateUser(store, 'root', 'nobody', { name: 'N' })).outcome, 'not-found');
    await createUser(store, 'ada', { username: 'bob', name: 'Bob', password: 'bob-password' });
    assert.equal((await deleteUser(store, 'ada', 'bob')).outcome, 'done');
    assert.deepEqual(
      store.auditEvents.map((e) => [e.actor, e.action, e.target]),
      [
        ['root', 'user.create', 'ada'],
        ['ada', 'user.create', 'bob'],
        ['ada', 'user.delete', 'bob'],
      ],
    );
  });

  it('refuses a hostile username or a password out of bounds, whoever calls', async () => {
    const store = createMemoryStore();
    for (const username of ['../admin', 'Admin', '', 'a'.repeat(65), 'x y'])
      await assert.rejects(
        createUser(store, 'root', { username, name: 'X', password: 'long-enough' }),
        /not a valid username/,
      );
    await assert.rejects(
      createUser(store, 'root', { username: 'eve', name: 'Eve', password: 'short' }),
      /8 to 1024/,
    );
    await assert.rejects(
      updateUser(store, 'root', 'eve', { password: 'x'.repeat(1025) }),
      /8 to 1024/,
    );
    assert.equal(await store.users.get('eve'), null);
  });

  it('ends sessions on a new password and revokes tokens on disable', async () => {
    const store = createMemoryStore();
    await createUser(store, 'root', {
      username: 'root',
      name: 'R',
      password: 'root-password',
      roles: ['admin'],
    });
    await createUser(store, 'root', { username: 'ada', name: 'Ada', password: 'ada-password' });
    const session = await createSession(store, 'ada');
    const { secret } = await createToken(store, { username: 'ada', name: 'ci' });
    const userOfToken = createTokenChecker(store);
    assert.equal((await userOfToken(secret))?.username, 'ada');
    await updateUser(store, 'root', 'ada', { password: 'new-password' });
    assert.equal(await findSession(store, session.id), null);
    assert.equal((await userOfToken(secret))?.username, 'ada', 'a new password keeps tokens');
    await updateUser(store, 'root', 'ada', { disabled: true });
    assert.equal(await userOfToken(secret), null);
    assert.equal((await listTokens(store, 'ada'))[0]?.revoked, true);
  });

  it('issues tokens shown once, stored hashed, revocable only by their owner', async () => {
    const store = createMemoryStore();
    await createUser(store, 'root', { username: 'ada', name: 'Ada', password: 'ada-password' });
    const { token, secret } = await createToken(store, {
      username: 'ada',
      name: 'ci',
      expiresInDays: 1,
    });
    assert.match(secret, /^mwt_/);
    assert.ok(!JSON.stringify(await store.tokens.listForUser('ada')).includes(secret));
    assert.ok(!('tokenHash' in token));
    assert.equal(await revokeToken(store, 'mallory', token.id), false);
    assert.equal(await revokeToken(store, 'ada', token.id), true);
    assert.equal(await createTokenChecker(store)(secret), null);
    assert.equal(await createTokenChecker(store)(`${secret}x`), null);
  });

  it('binds a session to its account and its CSRF token, and refuses a later namesake', async () => {
    const store = createMemoryStore();
    await createUser(store, 'root', { username: 'ada', name: 'Ada', password: 'ada-password' });
    const live = await createSession(store, 'ada');
    const found = await findSession(store, live.id);
    assert.ok(found);
    assert.equal(found.csrfToken, live.csrfToken);
    assert.equal(isSessionCsrfToken(found.session, live.csrfToken), true);
    assert.equal(isSessionCsrfToken(found.session, `${live.csrfToken}x`), false);
    const user = (await store.users.get('ada'))!;
    await store.users.put({ ...user, createdAt: new Date(Date.now() + 1000).toISOString() });
    assert.equal(await sessionUser(store, found.session), null);
    assert.equal(await findSession(store, live.id), null, 'the stale session is ended');
  });

  it('checks a password sign-in and audits a refusal without an unknown name', async () => {
    const store = createMemoryStore();
    await createUser(store, 'root', { username: 'ada', name: 'Ada', password: 'ada-password' });
    const attempt = { address: '10.0.0.1', gate };
    assert.equal(
      (await checkPasswordSignIn(store, { ...attempt, username: 'ada', password: 'ada-password' }))
        ?.username,
      'ada',
    );
    assert.equal(
      await checkPasswordSignIn(store, { ...attempt, username: 'ada', password: 'wrong-one' }),
      null,
    );
    assert.equal(
      await checkPasswordSignIn(store, { ...attempt, username: 'hunter2!', password: 'x' }),
      null,
    );
    const failed = store.auditEvents.filter((e) => e.action === 'auth.login-failed');
    assert.deepEqual(
      failed.map((e) => [e.target, e.details['reason']]),
      [
        ['ada', 'wrong-password'],
        [null, 'unknown-user'],
      ],
    );
    assert.ok(!JSON.stringify(store.auditEvents).includes('hunter2'));
  });

  it('links an SSO identity to an existing account and deletes the identity’s own user', async () => {
    const store = createMemoryStore();
    await createUser(store, 'root', { username: 'ada', name: 'Ada', password: 'ada-password' });
    const identity = {
      subject: 'https://idp|42',
      preferredUsername: 'ada@example.com',
      name: 'Ada L.',
      email: 'ada@example.com',
      emailVerified: true,
    };
    const { user, created } = await userForIdentity(store, identity, (name) => name === 'ada');
    assert.equal(created, true);
    assert.notEqual(user.username, 'ada', 'a reserved name is never taken by an identity');
    assert.equal((await linkOidcIdentity(store, 'root', 'ada', 'ada')).outcome, 'no-identity');
    const linked = await linkOidcIdentity(store, 'root', 'ada', user.username);
    assert.equal(linked.outcome, 'done');
    assert.equal(await store.users.get(user.username), null);
    assert.equal((await userForIdentity(store, identity, () => false)).user.username, 'ada');
    assert.equal((await linkOidcIdentity(store, 'root', 'ada', 'nobody')).outcome, 'not-found');
  });
});

describe('app/accounts audit', () => {
  it('lists what the service recorded, newest first, by actor and action', async () => {
    const store = createMemoryStore();
    await createUser(store, 'root', { username: 'ada', name: 'Ada', password: 'ada-password' });
    await createToken(store, { username: 'ada', name: 'ci' });
    await recordAudit(store, {
      actor: 'ada',
      action: 'catalog.publish',
      at: '2026-01-01T00:00:00.000Z',
    });
    const all = await listAuditEvents(store, { limit: 10 });
    assert.deepEqual(
      all.items.map((e) => e.action),
      ['catalog.publish', 'token.create', 'user.create'],
    );
    assert.equal(all.items[0]?.at, '2026-01-01T00:00:00.000Z', 'a given time is kept');
    const ada = await listAuditEvents(store, { actor: 'ada', action: 'token.create', limit: 10 });
    assert.deepEqual(
      ada.items.map((e) => e.action),
      ['token.create'],
    );
  });
});
