import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  createSession,
  endSession as endStoredSession,
  findSession,
  SESSION_HOURS,
  type LiveSession,
} from '../../app/accounts/sessions.ts';
import type { MeshworkStore } from '../../app/store/store.ts';

export type { LiveSession } from '../../app/accounts/sessions.ts';

export const SESSION_COOKIE = 'mw_session';

/** Cookies get `Secure` when the portal is served over https, by its public URL or the request. */
export function isHttps(c: Context, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || new URL(c.req.url).protocol === 'https:';
}

/** Starts a session (`app/accounts/sessions.ts`) and hands its id to the browser as a cookie. */
export async function startSession(
  c: Context,
  store: MeshworkStore,
  options: { username: string; publicUrl: string },
): Promise<LiveSession> {
  const { id, session, csrfToken } = await createSession(store, options.username);
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, options.publicUrl),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  return { session, csrfToken };
}

/** The live session of this request's cookie, or null. */
export async function currentSession(
  c: Context,
  store: MeshworkStore,
): Promise<LiveSession | null> {
  const id = getCookie(c, SESSION_COOKIE);
  return id ? findSession(store, id) : null;
}

export async function endSession(
  c: Context,
  store: MeshworkStore,
  publicUrl: string,
): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await endStoredSession(store, id);
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c, publicUrl),
  });
}
