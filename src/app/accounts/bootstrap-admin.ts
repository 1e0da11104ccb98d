import { MeshworkError } from '../errors.ts';
import type { MeshworkStore } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import { hashPassword } from './password.ts';
import { randomSecret } from './secrets.ts';
import { MIN_PASSWORD_LENGTH } from './users.ts';

/**
 * A new server's first account: creates `admin` when there is none, with `password`
 * (MESHWORK_ADMIN_PASSWORD) or a generated one returned this once. Recorded in the audit
 * log as done by "system". An existing `admin` is left as it is.
 */
export async function bootstrapAdmin(
  store: MeshworkStore,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await store.users.get('admin')) return { created: false };
  if (password !== undefined && password !== '' && password.length < MIN_PASSWORD_LENGTH) {
    throw new MeshworkError('usage', 'MESHWORK_ADMIN_PASSWORD must have at least 8 characters.');
  }
  const chosen = password || randomSecret(18);
  // `create`, not `put`: servers starting together on an empty store would each write
  // their own admin, and all but the last printed password would be wrong.
  const created = await store.users.create({
    username: 'admin',
    name: 'Administrator',
    email: null,
    roles: ['admin'],
    passwordHash: await hashPassword(chosen),
    oidcSubject: null,
    disabled: false,
    createdAt: new Date().toISOString(),
  });
  if (!created) return { created: false };
  await recordAudit(store, {
    actor: 'system',
    action: 'user.create',
    target: 'admin',
    details: { roles: 'admin' },
  });
  return password ? { created: true } : { created: true, generatedPassword: chosen };
}
