import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isAccessBlockedError } from '../app/access/access-errors.ts';
import { isMeshworkError } from '../app/errors.ts';
import type { MeshworkErrorCode } from '../app/errors.ts';
import { InvalidCursorError } from '../runtime/index.ts';
import type { ServerLog } from './log.ts';
import { requestIdOf, routeOf } from './request-log.ts';

/**
 * An RFC 9457 problem+json response; `type` is a stable URI per title. A server error
 * carries the request id (an extension member), so a report of it can be found in the log.
 */
export function problemJson(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Response {
  const requestId = status >= 500 ? requestIdOf(c) : undefined;
  const body = {
    type: `https://meshwork.dev/problems/${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    ...(requestId === undefined ? {} : { requestId }),
    ...extensions,
  };
  // A Retry-After the route set before it threw (a busy gate's 503) belongs to the answer.
  const retryAfter = status === 503 || status === 429 ? c.res.headers.get('retry-after') : null;
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/problem+json',
      ...(retryAfter === null ? {} : { 'retry-after': retryAfter }),
    },
  });
}

/** A failure a route raises: rendered once, by `onError`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

export const notFound = (what: string): ApiProblem => new ApiProblem(404, 'Not Found', what);

const STATUS_OF: Record<MeshworkErrorCode, [ContentfulStatusCode, string]> = {
  'not-found': [404, 'Not Found'],
  usage: [400, 'Bad Request'],
  'invalid-input': [400, 'Bad Request'],
  io: [503, 'Service Unavailable'],
  engine: [503, 'Service Unavailable'],
  forbidden: [403, 'Forbidden'],
  conflict: [409, 'Conflict'],
};

/** Titles of the statuses Hono's own exceptions carry (malformed JSON is a 400). */
const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
};

/**
 * The one error handler (Hono `onError`): every failure becomes problem+json. A user's
 * mistake keeps its message; anything unexpected is a 500 that names no internals, while
 * the log gets its stack under the request id the answer names.
 */
export function errorRenderer(log: ServerLog): (error: Error, c: Context) => Response {
  return (error, c) => {
    if (error instanceof ApiProblem)
      return problemJson(c, error.status, error.title, error.message);
    // Policies refused an access request: 422 with every finding, so a client can show each.
    if (isAccessBlockedError(error))
      return problemJson(c, 422, 'Unprocessable Content', error.message, {
        findings: error.findings,
      });
    if (isMeshworkError(error)) {
      const [status, title] = STATUS_OF[error.code];
      if (status >= 500)
        log.warn(error.message, { requestId: requestIdOf(c), route: routeOf(c), code: error.code });
      return problemJson(c, status, title, error.message);
    }
    // A store's page cursor that does not decode: the client's mistake, not the server's.
    if (error instanceof InvalidCursorError)
      return problemJson(c, 400, 'Bad Request', 'The cursor is not one this server gave out.');
    if (error instanceof HTTPException) {
      const res = error.getResponse();
      if (res.headers.get('content-type')?.includes('problem+json')) return res;
      const title = TITLES[error.status] ?? (res.statusText || 'Error');
      return problemJson(c, error.status, title, error.message || title);
    }
    log.error('unexpected error', {
      requestId: requestIdOf(c),
      method: c.req.method,
      route: routeOf(c),
      error: error.message,
      stack: error.stack,
    });
    return problemJson(
      c,
      500,
      'Internal Server Error',
      'The server could not answer; its log has the details under this request id.',
    );
  };
}
