import type { NotificationOwner } from '../../core/notify/notification-model.ts';
import { MeshworkError } from '../errors.ts';
import type { MeshworkStore } from '../store/store.ts';

/**
 * Whom an e-mail subscription may write to. Without a rule, anyone signed in could make the
 * company's mail server send a stream of notifications — and test mails on demand — to any
 * address outside. So: a user's subscription goes to the address of their own account
 * (given or omitted); a team's to the account address of one of the team's members (owners
 * and members) in the served mesh. An admin may name any address, e.g. a team's shared
 * mailbox, which has no account.
 */
export async function assertAllowedEmailAddress(
  store: MeshworkStore,
  actor: { readonly username: string; readonly isAdmin: boolean },
  owner: NotificationOwner,
  address: string,
  teamMembers: ((team: string) => readonly string[]) | undefined,
): Promise<void> {
  if (actor.isAdmin) return;
  const wanted = address.trim().toLowerCase();
  if (owner.startsWith('user:')) {
    const user = await store.users.get(owner.slice('user:'.length));
    if (user?.email?.toLowerCase() === wanted) return;
    throw new MeshworkError(
      'forbidden',
      `an e-mail subscription goes to your own account's address (${user?.email ?? 'none set'}); leave the address out to use it, or ask an admin for another`,
    );
  }
  const team = owner.slice('team:'.length);
  for (const username of teamMembers?.(team) ?? []) {
    const user = await store.users.get(username);
    if (user !== null && !user.disabled && user.email?.toLowerCase() === wanted) return;
  }
  throw new MeshworkError(
    'forbidden',
    `a team's e-mail subscription goes to the account address of one of the team's members; "${address.slice(0, 100)}" is none of them (an admin may subscribe a shared mailbox)`,
  );
}
