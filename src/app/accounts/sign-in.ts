import type { MeshworkStore, User } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import type { HashGate } from './hash-gate.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';

function failureReason(user: User | null): string {
  if (user === null) return 'unknown-user';
  if (user.disabled) return 'disabled';
  if (user.passwordHash === null) return 'no-password';
  return 'wrong-password';
}

/**
 * Checks a local sign-in: the user when the password is right and the account enabled,
 * else null — after as long as a real check takes, so the timing does not tell which
 * usernames exist. The check passes `gate` (throws `GateBusyError` when it is full: nothing
 * was checked, nothing recorded). A refusal is audited with `address`; an unknown username
 * is not recorded (it may be a password typed into the wrong field).
 */
export async function checkPasswordSignIn(
  store: MeshworkStore,
  attempt: {
    readonly username: string;
    readonly password: string;
    readonly address: string;
    readonly gate: HashGate;
  },
): Promise<User | null> {
  const user = await store.users.get(attempt.username);
  const ok = await attempt.gate.run(() =>
    user !== null && !user.disabled && user.passwordHash !== null
      ? verifyPassword(attempt.password, user.passwordHash)
      : verifyAgainstDummy(attempt.password),
  );
  if (ok && user !== null) return user;
  await recordAudit(store, {
    actor: 'anonymous',
    action: 'auth.login-failed',
    target: user === null ? null : user.username,
    details: { method: 'password', reason: failureReason(user), address: attempt.address },
  });
  return null;
}
