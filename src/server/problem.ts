import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isMeshworkError } from '../app/errors.ts';
import type { MeshworkErrorCode } from '../app/errors.ts';

/** An RFC 9457 problem+json response; `type` is a stable URI per title. */
export function problemJson(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
): Response {
  const body = {
    type: `https://meshwork.dev/problems/${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json' },
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
};

/**
 * The one error handler (Hono `onError`): every failure becomes problem+json. A user's
 * mistake keeps its message; anything unexpected is a 500 that names no internals.
 */
export function renderError(error: Error, c: Context): Response {
  if (error instanceof ApiProblem) return problemJson(c, error.status, error.title, error.message);
  if (isMeshworkError(error)) {
    const [status, title] = STATUS_OF[error.code];
    return problemJson(c, status, title, error.message);
  }
  if (error instanceof HTTPException) {
    const res = error.getResponse();
    if (res.headers.get('content-type')?.includes('problem+json')) return res;
    return problemJson(c, error.status, res.statusText || 'Error', error.message);
  }
  return problemJson(c, 500, 'Internal Server Error', 'The server could not answer; see its log.');
}
