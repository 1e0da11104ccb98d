import type { ApiToken, User } from '../../../../src/app/store/store.ts';

/** The values the crash tests write: a token of anna's, and a user whose name is a counter. */
export function crashToken(id: string): ApiToken {
  return {
    id,
    username: 'anna',
    name: 'ci',
    tokenHash: `hash-${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    revoked: false,
  };
}

export function crashUser(username: string, n: number): User {
  return {
    username,
    name: String(n),
    email: null,
    roles: [],
    passwordHash: 'scrypt$placeholder',
    oidcSubject: null,
    disabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}
