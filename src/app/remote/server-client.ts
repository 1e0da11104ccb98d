import type { Scorecard } from '../../core/governance/index.ts';
import type { TestRun } from '../../core/quality/index.ts';
import { MeshworkError } from '../errors.ts';

/** The body of `POST /api/runs`. */
export interface RunReport {
  readonly contractId: string;
  readonly productId?: string;
  readonly port?: string;
  readonly server?: string;
  readonly run: TestRun;
}

export interface CatalogDocument {
  readonly path: string;
  readonly text: string;
}

/** What the CLI sends to a running Meshwork server (`--server URL`, `meshwork publish`). */
export interface ServerClient {
  readonly url: string;
  postRun(report: RunReport): Promise<void>;
  postScorecard(scorecard: Scorecard): Promise<void>;
  /** Replaces the served mesh; answers what the server says (e.g. counts), as JSON. */
  putCatalog(documents: readonly CatalogDocument[]): Promise<unknown>;
  /**
   * One API call (`path` relative to the server, e.g. `api/grants?state=active`) whose
   * answer is returned whatever its status, problem+json included, so the caller can tell
   * a refusal from findings; throws only when the server cannot be reached.
   */
  call(method: string, path: string, body?: unknown): Promise<ServerAnswer>;
}

export interface ServerAnswer {
  readonly status: number;
  /** The parsed JSON body; its text when it is not JSON; null when empty. */
  readonly body: unknown;
}

export interface ServerClientOptions {
  /** The server's base address, e.g. `https://mesh.example.com`. */
  readonly url: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/**
 * A client of the server's API with the API token from `MESHWORK_TOKEN` as a bearer
 * token. Refuses to start without a token or with an address that is not http(s), so a
 * run is not done for nothing; the token is never part of a message.
 */
export function createServerClient(options: ServerClientOptions): ServerClient {
  const base = parseBase(options.url);
  const token = options.env.MESHWORK_TOKEN;
  if (token === undefined || token.trim() === '')
    throw new MeshworkError(
      'usage',
      `--server needs an API token: set MESHWORK_TOKEN (create one in the portal, or POST /api/tokens).`,
    );
  const doFetch = options.fetch ?? fetch;
  const exchange = async (
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ response: Response; text: string; target: URL }> => {
    const target = new URL(path, base);
    let response: Response;
    try {
      response = await doFetch(target, {
        method,
        headers: {
          authorization: `Bearer ${token.trim()}`,
          accept: 'application/json, application/problem+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      return { response, text: await response.text(), target };
    } catch (error) {
      const reason = error instanceof Error ? (causeOf(error) ?? error.message) : String(error);
      throw new MeshworkError(
        'io',
        `cannot reach the Meshwork server at ${base.origin}: ${reason}`,
        {
          cause: error,
        },
      );
    }
  };
  const send = async (method: string, path: string, body: unknown): Promise<unknown> => {
    const { response, text, target } = await exchange(method, path, body);
    if (!response.ok)
      throw new MeshworkError(
        'io',
        `the Meshwork server answered ${method} ${target.pathname} with ${response.status}${problemDetail(text)}`,
      );
    return parsed(text);
  };
  return {
    url: base.toString(),
    postRun: async (report) => {
      await send('POST', 'api/runs', report);
    },
    postScorecard: async (scorecard) => {
      await send('POST', 'api/scorecards', { scorecard });
    },
    putCatalog: (documents) => send('PUT', 'api/catalog', { documents }),
    call: async (method, path, body) => {
      const { response, text } = await exchange(method, path, body);
      return { status: response.status, body: parsed(text) };
    },
  };
}

function parsed(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function parseBase(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MeshworkError('usage', `--server must be an http(s) address, not "${url}".`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new MeshworkError('usage', `--server must be an http(s) address, not "${url}".`);
  if (parsed.username || parsed.password)
    throw new MeshworkError('usage', '--server must not contain credentials; use MESHWORK_TOKEN.');
  // A base path ("https://host/meshwork") keeps its prefix for relative API paths.
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

/** ": <title> — <detail>" of an RFC 9457 problem, or nothing when the body is not one. */
function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { title?: unknown; detail?: unknown };
    const parts = [problem.title, problem.detail].filter(
      (p): p is string => typeof p === 'string' && p !== '',
    );
    return parts.length > 0 ? `: ${parts.join(' — ')}` : '';
  } catch {
    return '';
  }
}

function causeOf(error: Error): string | undefined {
  const cause = error.cause;
  return cause instanceof Error ? cause.message : undefined;
}
