import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createServerLog } from '../../src/server/log.ts';
import { captureOutput } from './auth/capture-output.ts';
import { ADMIN_PASSWORD, createApiFixture } from './api-support.ts';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

describe('the request log writes no secrets', () => {
  it('logs every request of a sign-in and token session without a password, cookie, CSRF token or API token', async () => {
    const secrets: string[] = [];
    let lines = 0;
    const output = await captureOutput(async () => {
      // The real server's log, at its most talkative, written where `meshwork serve` writes it.
      const log = createServerLog({
        level: 'debug',
        write: (line) => {
          lines++;
          process.stderr.write(line);
        },
      });
      const f = await createApiFixture({ log });
      secrets.push(ADMIN_PASSWORD, f.admin.cookie!.split('=')[1]!, f.admin['x-csrf-token']!);
      const failed = await f.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'wrong-secret-password' }),
      });
      assert.equal(failed.status, 401);
      secrets.push('wrong-secret-password');
      const created = await f.app.request('/api/tokens', {
        method: 'POST',
        headers: { ...f.admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ci' }),
      });
      const { token } = (await created.json()) as { token: string };
      secrets.push(token, sha256(token));
      const bearer = { authorization: `Bearer ${token}` };
      assert.equal((await f.app.request('/api/products', { headers: bearer })).status, 200);
      // A token in a query string, as a careless client might send it.
      await f.app.request(`/api/products?q=${token}&access_token=${token}`, { headers: bearer });
      await f.app.request(`/api/products/${token}`, { headers: bearer });
      assert.equal(
        (await f.app.request('/api/products', { headers: { authorization: `Bearer ${token}0` } }))
          .status,
        401,
      );
    });
    assert.ok(lines >= 6, `${lines} log lines written`);
    assert.match(output, /"msg":"request"/);
    for (const secret of secrets) {
      assert.ok(secret.length >= 16, 'a real secret');
      assert.ok(!output.includes(secret), `the log leaks ${secret.slice(0, 4)}…`);
    }
  });
});
