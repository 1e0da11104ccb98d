import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { createTestServer, json, signIn } from './support.ts';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/** Everything written to stdout, stderr and the console while `work` runs. */
async function captureOutput(work: () => Promise<void>): Promise<string> {
  let captured = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  // Restored as they were, unbound, so the console is left exactly as found.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originals = methods.map((m) => console[m]);
  const sink = (chunk: unknown): boolean => {
    captured += String(chunk);
    return true;
  };
  process.stdout.write = sink;
  process.stderr.write = sink;
  for (const m of methods)
    console[m] = (...args: unknown[]) => void sink(`${args.map(String).join(' ')}\n`);
  try {
    await work();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    methods.forEach((m, i) => (console[m] = originals[i]!));
  }
  return captured;
}

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
