import { appendFile } from 'node:fs/promises';
import type { RunEvent } from '../../core/openlineage/run-event.ts';
import { MeshworkError } from '../errors.ts';

/** What became of one event at one destination; `error` never holds the API key. */
export interface LineageEmission {
  /** `http://host:port/api/v1/lineage` (no user, password or query) or `file <path>`. */
  readonly destination: string;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Where a build's OpenLineage events go. `emit` never throws: a lineage server that is
 * down must not fail a build, so each destination's outcome is returned for the report.
 */
export interface LineageEmitter {
  readonly destinations: readonly string[];
  emit(event: RunEvent): Promise<readonly LineageEmission[]>;
}

export interface LineageEmitterOptions {
  /** The lineage server: a base URL gets Marquez's `/api/v1/lineage`; a URL with a path is used as given. */
  readonly url?: string;
  /** Sent as `Authorization: Bearer …`; never logged or reported. */
  readonly apiKey?: string;
  /** Events are appended here as NDJSON, one line each. */
  readonly file?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export const DEFAULT_LINEAGE_TIMEOUT_MS = 5_000;
export const LINEAGE_ENDPOINT = '/api/v1/lineage';
/** A response body is never read beyond this; only its status counts. */
const MAX_ERROR_TEXT = 200;

interface Transport {
  readonly destination: string;
  send(body: string): Promise<void>;
}

/** Undefined when neither a URL nor a file is given: no lineage is emitted. */
export function createLineageEmitter(options: LineageEmitterOptions): LineageEmitter | undefined {
  const transports: Transport[] = [];
  if (options.url !== undefined && options.url !== '') transports.push(httpTransport(options));
  if (options.file !== undefined && options.file !== '')
    transports.push(fileTransport(options.file));
  if (transports.length === 0) return undefined;
  return {
    destinations: transports.map((t) => t.destination),
    async emit(event) {
      const body = JSON.stringify(event);
      return Promise.all(
        transports.map(async (t): Promise<LineageEmission> => {
          try {
            await t.send(body);
            return { destination: t.destination, ok: true };
          } catch (error) {
            return { destination: t.destination, ok: false, error: describe(error, options) };
          }
        }),
      );
    },
  };
}

function httpTransport(options: LineageEmitterOptions): Transport {
  const target = lineageUrl(options.url!);
  const destination = `${target.protocol}//${target.host}${target.pathname}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LINEAGE_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  return {
    destination,
    async send(body) {
      // No redirects: the bearer token goes to the configured server and nowhere else.
      const response = await doFetch(target, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) {
        throw new Error(
          `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        );
      }
    },
  };
}

/** The URL without its user info and query (they may hold a secret), checked to be HTTP(S). */
export function lineageUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MeshworkError(
      'usage',
      'MESHWORK_OPENLINEAGE_URL is not a URL; give the lineage server as http(s)://host:port.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new MeshworkError(
      'usage',
      `MESHWORK_OPENLINEAGE_URL must be http or https, not ${url.protocol.replace(':', '')}.`,
    );
  if (url.username !== '' || url.password !== '')
    throw new MeshworkError(
      'usage',
      'MESHWORK_OPENLINEAGE_URL must not hold a user or password; give the key in MESHWORK_OPENLINEAGE_API_KEY.',
    );
  if (url.pathname === '/' || url.pathname === '') url.pathname = LINEAGE_ENDPOINT;
  return url;
}

function fileTransport(path: string): Transport {
  // One event per line, one append each, in order: parallel products' events never interleave.
  let queue: Promise<void> = Promise.resolve();
  return {
    destination: `file ${path}`,
    send(body) {
      const next = queue.then(() => appendFile(path, `${body}\n`, 'utf8'));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function describe(error: unknown, options: LineageEmitterOptions): string {
  let text: string;
  if (error instanceof Error && error.name === 'TimeoutError')
    text = `no answer within ${options.timeoutMs ?? DEFAULT_LINEAGE_TIMEOUT_MS} ms`;
  else if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const detail =
      typeof cause?.code === 'string'
        ? cause.code
        : typeof cause?.message === 'string'
          ? cause.message
          : undefined;
    text = detail ? `${error.message} (${detail})` : error.message;
  } else text = String(error);
  if (options.apiKey) text = text.split(options.apiKey).join('***');
  return text.slice(0, MAX_ERROR_TEXT);
}
