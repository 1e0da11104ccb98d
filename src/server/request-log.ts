import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ServerLog } from './log.ts';

const ids = new WeakMap<Context, string>();
/** An id a proxy or client sent along is kept when it cannot carry anything but an id. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the request being answered (also its `X-Request-Id` header). */
export function requestIdOf(c: Context): string | undefined {
  return ids.get(c);
}

/**
 * The route pattern that answered (`/api/products/:id`), never the path: paths and query
 * strings can carry ids and tokens. Middleware registered for all methods (`use`) only
 * counts when no route did, so a 401 from authentication still names its route.
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  const route = routes.filter((r) => r.method !== 'ALL').at(-1) ?? routes.at(-1);
  return route?.path ?? '';
}

/**
 * One JSON line per request: id, method, route pattern, status and duration. Nothing
 * from the request's headers, query or body is written, so no cookie, token or password
 * can reach the log.
 */
export function requestLog(log: ServerLog): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const sent = c.req.header('x-request-id');
    const id = sent !== undefined && SAFE_ID.test(sent) ? sent : randomUUID();
    ids.set(c, id);
    try {
      await next();
    } finally {
      c.res.headers.set('x-request-id', id);
      const status = c.res.status;
      const fields = {
        requestId: id,
        method: c.req.method,
        route: routeOf(c),
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      if (status >= 500) log.error('request', fields);
      else log.info('request', fields);
    }
  };
}
