import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { TypedResponse } from 'hono';
import type { EventSink } from '../../app/notify/sources/publish-events.ts';
import type { ServerDeps } from '../deps.ts';
import type { SerializedBody } from '../response-cache.ts';
import { serialize } from '../response-cache.ts';
import { jsonContent, problemResponse } from '../schemas.ts';

export type ApiApp = OpenAPIHono;

/** The routes' shared needs: the dependencies and the clock. */
export interface RouteContext {
  readonly deps: ServerDeps;
  readonly now: () => Date;
  /** `deps.events` with the server log told of a failed publish (event-sink.ts). */
  readonly events?: EventSink;
}

export { jsonContent, problemResponse };

/** Problems every authenticated route may answer. */
export const COMMON_PROBLEMS = {
  400: problemResponse('The request is malformed (problem+json).'),
  401: problemResponse('Not signed in.'),
} as const;

/**
 * A 200 JSON answer with its ETag, hashed from the text once it is written (the etag
 * middleware then answers If-None-Match with 304 without hashing a clone of the body).
 * The catalog hands out readonly data, which the route types (inferred from the Zod
 * schemas, mutable) do not accept as is; the shapes are the same and the route tests
 * compare them with the schemas.
 */
export function ok(c: Context, body: unknown) {
  return okSerialized(c, serialize(body));
}

/** A 200 JSON answer already written (and hashed), e.g. from a `ResponseCache`. */
export function okSerialized(c: Context, body: SerializedBody) {
  c.header('content-type', 'application/json');
  c.header('etag', body.etag);
  return c.body(body.text, 200) as unknown as Response & TypedResponse<never, 200, 'json'>;
}
