import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matrixCredentials, runMatrix, SIGNED_IN, type MatrixCase } from './role-matrix.ts';
import { addUser, createTestServer } from './support.ts';

const DOMAINS = {
  memberX: { X: 'member' },
  ownerX: { X: 'owner' },
  memberY: { Y: 'member' },
} as const;

const everyone = SIGNED_IN;
const admin = ['admin'] as const;

/**
 * Every route of the auth seam, plus stand-ins for the three kinds of guarded routes the
 * server has (browse; change a domain's things; admin or governance), as the server
 * mounts them. The matrix against the full server is in test/server/.
 */
const CASES: readonly MatrixCase[] = [
  { method: 'GET', path: '/api/health', allowed: 'public' },
  { method: 'GET', path: '/api/auth/config', allowed: 'public' },
  {
    method: 'POST',
    path: '/api/auth/login',
    body: { username: 'x', password: 'wrong-password' },
    allowed: 'public',
  },
  { method: 'GET', path: '/api/auth/oidc/login', allowed: 'public' },
  { method: 'GET', path: '/api/auth/oidc/callback', allowed: 'public' },
  { method: 'GET', path: '/api/auth/me', allowed: everyone },
  { method: 'GET', path: '/api/products', allowed: everyone },
  { method: 'POST', path: '/api/domains/X/runs', allowed: ['memberX', 'ownerX', 'admin'] },
  { method: 'POST', path: '/api/domains/Y/runs', allowed: ['memberY', 'admin'] },
  { method: 'POST', path: '/api/domains/X/settings', allowed: ['ownerX', 'admin'] },
  { method: 'POST', path: '/api/sync', allowed: ['governance', 'admin'] },
  { method: 'GET', path: '/api/users', allowed: admin },
  {
    method: 'POST',
    path: '/api/users',
    body: { username: 'new-user', name: 'New', password: 'new-user-password' },
    allowed: admin,
  },
  { method: 'GET', path: '/api/users/victim', allowed: admin },
  { method: 'PATCH', path: '/api/users/victim', body: { name: 'Changed' }, allowed: admin },
  { method: 'DELETE', path: '/api/users/victim', allowed: admin },
  { method: 'GET', path: '/api/tokens', allowed: everyone },
  { method: 'POST', path: '/api/tokens', body: { name: 'ci' }, allowed: everyone },
  { method: 'DELETE', path: '/api/tokens/no-such-token', allowed: everyone },
  // Last: it ends the sessions the cases above use.
  { method: 'POST', path: '/api/auth/logout', allowed: everyone },
];

describe('role × route matrix (auth seam)', () => {
  // One server for all three: the token run goes first, as the session run ends with logout.
  const server = createTestServer({ domains: DOMAINS });
  const credentials = (async () => {
    await addUser(server.store, 'victim', 'victim-password');
    return matrixCredentials(server.app, server.store);
  })();

  it('notices a route that lets the wrong role through', async () => {
    const wrong: MatrixCase[] = [{ method: 'GET', path: '/api/products', allowed: ['admin'] }];
    // Five signed-in roles besides admin get through; each is two violations (status and refusal).
    const violations = await runMatrix(server.app, (await credentials).token, wrong);
    assert.equal(violations.length, 5 * 2, violations.join('\n'));
  });

  for (const via of ['token', 'session'] as const) {
    it(`lets no route through to the wrong role, signed in by ${via}`, async () => {
      assert.deepEqual(await runMatrix(server.app, (await credentials)[via], CASES), []);
    });
  }
});
