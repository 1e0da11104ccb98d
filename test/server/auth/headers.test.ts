import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestServer } from './support.ts';

describe('security headers', () => {
  it('sets CSP, nosniff, referrer policy and frame-ancestors none on every answer, also errors', async () => {
    const { app } = createTestServer();
    for (const path of ['/api/health', '/api/products', '/nowhere']) {
      const res = await app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline scripts');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over http');
    }
  });

  it('adds HSTS when served over https', async () => {
    const { app } = createTestServer({ publicUrl: 'https://mesh.example.com' });
    const res = await app.request('/api/health');
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
    const direct = await createTestServer().app.request('https://127.0.0.1/api/health');
    assert.notEqual(direct.headers.get('strict-transport-security'), null);
  });
});
