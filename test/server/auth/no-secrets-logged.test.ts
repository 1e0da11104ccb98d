import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { captureOutput } from './capture-output.ts';
import { createTestServer, json, signIn } from './support.ts';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

describe('secrets stay out of logs and the audit trail', () => {
  it('writes no password, cookie, CSRF token or API token anywhere while signing in and using tokens', async () => {
    const { app, auth, store } = createTestServer();
    const secrets: string[] = [];
    const output = await captureOutput(async () => {
      const boot = await auth.bootstrapAdmin();
      secrets.push(boot.generatedPassword!);
      const failed = await app.request('/api/auth/login', {
        method: 'POST',
        ...json({ username: 'admin', password: 'wrong-secret-password' }),
      });
      assert.equal(failed.status, 401);
      secrets.push('wrong-secret-password');
      // A password typed into the username field: the audit must not keep it.
      const misplaced = await app.request('/api/auth/login', {
        method: 'POST',
        ...json({ username: 'Typed-Into-Username-Secret1', password: 'x' }),
      });
      assert.equal(misplaced.status, 401);
      secrets.push('Typed-Into-Username-Secret1', 'typed-into-username-secret1');
      const admin = await signIn(app, 'admin', boot.generatedPassword!);
      const sessionId = admin.cookie.slice('mw_session='.length);
      secrets.push(sessionId, sha256(sessionId), admin.csrfToken);
      const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
      const created = await app.request('/api/users', {
        method: 'POST',
        ...json({ username: 'ada', name: 'Ada', password: 'ada-secret-password' }, headers),
      });
      assert.equal(created.status, 201);
      const patched = await app.request('/api/users/ada', {
        method: 'PATCH',
        ...json({ password: 'ada-new-secret-password' }, headers),
      });
      assert.equal(patched.status, 200);
      secrets.push('ada-secret-password', 'ada-new-secret-password');
      const tokenRes = await app.request('/api/tokens', {
        method: 'POST',
        ...json({ name: 'ci' }, headers),
      });
      const { token, id } = (await tokenRes.json()) as { token: string; id: string };
      secrets.push(token, sha256(token));
      assert.equal(
        (await app.request('/api/products', { headers: { authorization: `Bearer ${token}` } }))
          .status,
        200,
      );
      assert.equal(
        (await app.request('/api/products', { headers: { authorization: `Bearer ${token}0` } }))
          .status,
        401,
      );
      await app.request(`/api/tokens/${id}`, { method: 'DELETE', headers });
      await app.request('/api/auth/logout', { method: 'POST', headers });
    });
    const audit = JSON.stringify(store.auditEvents);
    const actions = new Set(store.auditEvents.map((e) => e.action));
    for (const action of [
      'auth.login',
      'auth.login-failed',
      'token.create',
      'token.revoke',
      'user.create',
      'user.update',
    ]) {
      assert.ok(actions.has(action), `audit has ${action}`);
    }
    for (const secret of secrets) {
      assert.ok(secret.length >= 16, 'a real secret');
      assert.ok(!output.includes(secret), `output leaks ${secret.slice(0, 4)}…`);
      assert.ok(!audit.includes(secret), `audit leaks ${secret.slice(0, 4)}…`);
    }
  });
});
