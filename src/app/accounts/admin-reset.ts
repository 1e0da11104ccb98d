import { MeshworkError } from '../errors.ts';
import type { MeshworkStore, User } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import { hashPassword } from './password.ts';
import { randomSecret } from './secrets.ts';
import { USERNAME_PATTERN } from './users.ts';

export interface AdminReset {
  readonly username: string;
  /** True when the account did not exist and was created. */
  readonly created: boolean;
  /** Set when no password was given: shown once, never stored in clear. */
  readonly generatedPassword?: string;
  readonly endedSessions: number;
}

/**
 * The operators' way back in (`meshwork admin reset`): makes `username` an enabled admin
 * with a new password — the given one, or a generated one returned once — creating the
 * account if it is gone, and ends its sessions (whoever held one may be why the reset is
 * needed). API tokens stay: revoking them is one more step, and it would break pipelines
 * for what is usually a forgotten password. Recorded in the audit log as done by "system".
 */
export async function resetAdmin(
  store: MeshworkStore,
  options: { readonly username: string; readonly password?: string | undefined },
): Promise<AdminReset> {
  const { username } = options;
  if (!USERNAME_PATTERN.test(username))
    throw new MeshworkError(
      'usage',
      `"${username}" is not a valid username (a–z, 0–9, ".", "_", "-"; at most 64).`,
    );
  const given = options.password;
  if (given !== undefined && given !== '' && given.length < 8)
    throw new MeshworkError('usage', 'MESHWORK_ADMIN_PASSWORD must have at least 8 characters.');
  const password = given || randomSecret(18);
  const passwordHash = await hashPassword(password);
  const changed = await store.users.update(username, (user) => ({
    ...user,
    roles: user.roles.includes('admin') ? user.roles : [...user.roles, 'admin'],
    disabled: false,
    passwordHash,
  }));
  const created = changed.outcome !== 'done';
  if (created) {
    const user: User = {
      username,
      name: 'Administrator',
      email: null,
      roles: ['admin'],
      passwordHash,
      oidcSubject: null,
      disabled: false,
      createdAt: new Date().toISOString(),
    };
    await store.users.put(user);
  }
  const endedSessions = await store.sessions.deleteForUser(username);
  await recordAudit(store, {
    actor: 'system',
    action: 'user.reset-admin',
    target: username,
    details: { created, via: 'cli', endedSessions },
  });
  return {
    username,
    created,
    endedSessions,
    ...(given ? {} : { generatedPassword: password }),
  };
}
