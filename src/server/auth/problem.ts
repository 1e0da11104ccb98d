import type { Context } from 'hono';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

/** RFC 9457 problem details, the API's one error shape. */
export function problem<S extends ProblemStatus>(
  c: Context,
  status: S,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
) {
  const body: ProblemBody = {
    type: `https://meshwork.dev/problems/${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
  };
  // c.json keeps a Content-Type that is already given, so the body is typed for the routes.
  return c.json(body, status, { 'Content-Type': 'application/problem+json', ...headers });
}
