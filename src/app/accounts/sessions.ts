import { createHmac } from 'node:crypto';
import type { MeshworkStore, Session, User } from '../store/store.ts';
import { randomSecret, secretsEqual, sha256 } from './secrets.ts';
import { activeUser, isOfThisAccount } from './users.ts';

/** How long a session lives; the cookie that carries it lives as long. */
export const SESSION_HOURS = 12;

/**
 * The CSRF token of a session, derived from its id (HMAC keyed by the id): the server can
 * give it again to a page reloaded with the cookie (`/auth/me`), while the store keeps
 * only the SHA-256 of the id and of the token, from which neither can be had.
 */
export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('meshwork-csrf').digest('base64url');
}

/** A live session, with what only the holder of its id can have: the CSRF token. */
export interface LiveSession {
  readonly session: Session;
  readonly csrfToken: string;
}

/**
 * Starts a session for `username`: `id` is a random secret for its holder (the cookie),
 * the store keeps only its SHA-256, so a copy of the store cannot be used to sign in. The
 * CSRF token is bound to this session. Expired sessions of anyone are cleared now and
 * then, here rather than by a timer.
 */
export async function createSession(
  store: MeshworkStore,
  username: string,
): Promise<LiveSession & { readonly id: string }> {
  const id = randomSecret();
  const now = Date.now();
  const csrfToken = csrfTokenOf(id);
  const session: Session = {
    idHash: sha256(id),
    username,
    csrfTokenHash: sha256(csrfToken),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_HOURS * 3_600_000).toISOString(),
  };
  await store.sessions.put(session);
  await store.sessions.deleteExpired(new Date(now).toISOString());
  return { id, session, csrfToken };
}

/**
 * The live session with this id, or null (unknown, expired, or stored before CSRF tokens
 * were kept as hashes — those are removed).
 */
export async function findSession(store: MeshworkStore, id: string): Promise<LiveSession | null> {
  const session = await store.sessions.get(sha256(id));
  if (!session) return null;
  if (Date.parse(session.expiresAt) <= Date.now() || typeof session.csrfTokenHash !== 'string') {
    await store.sessions.delete(session.idHash);
    return null;
  }
  return { session, csrfToken: csrfTokenOf(id) };
}

/** Ends the session with this id (nothing when there is none). */
export async function endSession(store: MeshworkStore, id: string): Promise<void> {
  await store.sessions.delete(sha256(id));
}

/** True when `sent` is this session's CSRF token (compared in constant time). */
export function isSessionCsrfToken(session: Session, sent: string): boolean {
  return secretsEqual(sha256(sent), session.csrfTokenHash);
}

/**
 * The user a session acts for: enabled, and the account the session was issued to (not a
 * later one of the same name). Otherwise null, and the session is ended.
 */
export async function sessionUser(store: MeshworkStore, session: Session): Promise<User | null> {
  const user = await activeUser(store, session.username);
  if (!user || !isOfThisAccount(session.createdAt, user)) {
    await store.sessions.delete(session.idHash);
    return null;
  }
  return user;
}
