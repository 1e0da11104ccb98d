import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../../src/server/start-server.ts';
import { captureOutput } from './capture-output.ts';

const ADMIN_PASSWORD = 'real-server-admin-password';

describe('auth on a real server (meshwork serve: real port, embedded store)', () => {
  let dir: string;
  let server: RunningServer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-auth-'));
    server = await startServer({
      meshRoot: dir,
      port: 0,
      env: { MESHWORK_ADMIN_PASSWORD: ADMIN_PASSWORD, MESHWORK_LOGIN_LIMIT_PER_ADDRESS: '3' },
    });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('signs in over HTTP, uses a token, and writes no secret to the output or the audit log', async () => {
    const secrets: string[] = [ADMIN_PASSWORD];
    const output = await captureOutput(async () => {
      const res = await login('admin', ADMIN_PASSWORD);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      const setCookie = res.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /HttpOnly/);
      const cookie = setCookie.split(';')[0] ?? '';
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      secrets.push(cookie.slice('mw_session='.length), csrfToken);

      const refused = await fetch(`${server.url}/api/tokens`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ci' }),
      });
      assert.equal(refused.status, 403, 'no CSRF token');
      const created = await fetch(`${server.url}/api/tokens`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ci' }),
      });
      const { token } = (await created.json()) as { token: string };
      secrets.push(token);
      const withToken = await fetch(`${server.url}/api/domains`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(withToken.status, 200);
      assert.equal((await fetch(`${server.url}/api/domains`)).status, 401);
    });
    const audit = JSON.stringify((await server.store.audit.list({ limit: 100 })).items);
    assert.match(audit, /auth\.login/);
    assert.match(audit, /token\.create/);
    // What the embedded store keeps on disk: hashes, never a session id, CSRF token or token.
    const storeDir = join(dir, '.meshwork', 'store');
    const files = await readdir(storeDir);
    const onDisk = (
      await Promise.all(files.map((f) => readFile(join(storeDir, f), 'utf8').catch(() => '')))
    ).join('\n');
    assert.match(onDisk, /csrfTokenHash/);
    for (const secret of secrets) {
      assert.ok(secret.length >= 16);
      assert.ok(!output.includes(secret), 'output leaks a secret');
      assert.ok(!audit.includes(secret), 'audit leaks a secret');
      assert.ok(!onDisk.includes(secret), `the store files hold ${secret.slice(0, 4)}…`);
    }
  });

  it('limits failed sign-ins per client address, read from the socket', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await login(`nobody${i}`, 'wrong-password')).status, 401);
    const limited = await login('admin', ADMIN_PASSWORD);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const failed = await server.store.audit.list({ action: 'auth.login-failed', limit: 10 });
    assert.equal(failed.items[0]?.details['address'], '127.0.0.1');
  });
});
