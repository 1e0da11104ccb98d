import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MeshworkError } from '../app/errors.ts';
import { problemJson } from './problem.ts';

/** The largest request bodies the API reads, in bytes, by kind of route. */
export interface BodyLimits {
  /** Sign-in, accounts and tokens: a few short strings. */
  readonly auth: number;
  /** Run reports and scorecards (`POST /api/runs`, `POST /api/scorecards`). */
  readonly report: number;
  /** A pushed mesh (`PUT /api/catalog`). */
  readonly catalog: number;
  /** Every other route. */
  readonly other: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  auth: 16 * KIB,
  report: 4 * MIB,
  catalog: 16 * MIB,
  other: 64 * KIB,
};

/** `MESHWORK_MAX_REPORT_BYTES` and `MESHWORK_MAX_CATALOG_BYTES` override the large limits. */
export function bodyLimitsFrom(env: NodeJS.ProcessEnv): BodyLimits {
  const bytes = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new MeshworkError(
        'usage',
        `${name} must be a positive number of bytes, not "${value}".`,
      );
    return n;
  };
  return {
    ...DEFAULT_BODY_LIMITS,
    report: bytes('MESHWORK_MAX_REPORT_BYTES', DEFAULT_BODY_LIMITS.report),
    catalog: bytes('MESHWORK_MAX_CATALOG_BYTES', DEFAULT_BODY_LIMITS.catalog),
  };
}

function kindOf(method: string, path: string): keyof BodyLimits {
  if (/^\/api\/(auth|tokens|users)(\/|$)/.test(path)) return 'auth';
  if (method === 'POST' && (path === '/api/runs' || path === '/api/scorecards')) return 'report';
  if (method === 'PUT' && path === '/api/catalog') return 'catalog';
  return 'other';
}

const shown = (bytes: number): string =>
  bytes >= MIB ? `${bytes / MIB} MiB` : bytes >= KIB ? `${bytes / KIB} KiB` : `${bytes} bytes`;

/**
 * Refuses request bodies above the route's limit with 413 problem+json. Hono's bodyLimit
 * trusts a Content-Length (Node's HTTP parser never reads past it) and counts a chunked
 * body while it streams, stopping at the limit, so no body is buffered whole. The
 * connection is closed after a 413: the rest of the upload is not worth reading.
 */
export function limitBodies(limits: BodyLimits): MiddlewareHandler {
  const guards = new Map(
    (Object.keys(limits) as (keyof BodyLimits)[]).map((kind) => [
      kind,
      bodyLimit({
        maxSize: limits[kind],
        onError: (c) => {
          const res = problemJson(
            c,
            413,
            'Content Too Large',
            `The request body is larger than the ${shown(limits[kind])} ${c.req.method} ${c.req.path} accepts.`,
          );
          res.headers.set('connection', 'close');
          return res;
        },
      }),
    ]),
  );
  return (c, next) => guards.get(kindOf(c.req.method, c.req.path))!(c, next);
}
