import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { MeshworkStore, Session } from '../../app/store/store.ts';
import { createHmac } from 'node:crypto';
import { randomSecret, sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'mw_session';
const SESSION_HOURS = 12;

/** Cookies get `Secure` when the portal is served over https, by its public URL or the request. */
export function isHttps(c: Context, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || new URL(c.req.url).protocol === 'https:';
}

/**
 * The CSRF token of a session, derived from its id (HMAC keyed by the id): the server can
 * give it again to a page reloaded with the cookie (`/auth/me`), while the store keeps
 * only the SHA-256 of the id and of the token, from which neither can be had.
 */
export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('meshwork-csrf').digest('base64url');
}

/** A live session with the id from this request's cookie. */
export interface LiveSession {
  readonly session: Session;
  readonly csrfToken: string;
}

/**
 * Starts a session: the cookie holds a random id, the store only its SHA-256, so a copy of
 * the store cannot be used to sign in. The CSRF token is bound to this session.
 */
export async function startSession(
  c: Context,
  store: MeshworkStore,
  options: { username: string; publicUrl: string },
): Promise<LiveSession> {
  const id = randomSecret();
  const now = Date.now();
  const csrfToken = csrfTokenOf(id);
  const session: Session = {
    idHash: sha256(id),
    username: options.username,
    csrfTokenHash: sha256(csrfToken),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_HOURS * 3_600_000).toISOString(),
  };
  await store.sessions.put(session);
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, options.publicUrl),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  // Expired sessions of anyone are cleared now and then, on sign-in rather than by a timer.
  await store.sessions.deleteExpired(new Date(now).toISOString());
  return { session, csrfToken };
}

/**
 * The live session of this request's cookie, or null (none, unknown, expired, or stored
 * before CSRF tokens were kept as hashes).
 */
export async function currentSession(
  c: Context,
  store: MeshworkStore,
): Promise<LiveSession | null> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return null;
  const session = await store.sessions.get(sha256(id));
  if (!session) return null;
  if (Date.parse(session.expiresAt) <= Date.now() || typeof session.csrfTokenHash !== 'string') {
    await store.sessions.delete(session.idHash);
    return null;
  }
  return { session, csrfToken: csrfTokenOf(id) };
}

export async function endSession(
  c: Context,
  store: MeshworkStore,
  publicUrl: string,
): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await store.sessions.delete(sha256(id));
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, publicUrl),
  });
}
