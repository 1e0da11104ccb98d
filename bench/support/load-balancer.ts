import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A backend as the balancer sees it. */
export interface Backend {
  readonly url: string;
  healthy: boolean;
  /** Failed health checks in a row. */
  failures: number;
}

/** Something the balancer did or saw, with the time it happened (ms since the epoch). */
export interface BalancerEvent {
  readonly at: number;
  readonly backend: string;
  readonly what: 'taken-out' | 'back-in';
  readonly reason: string;
}

export interface LoadBalancer {
  readonly url: string;
  readonly events: readonly BalancerEvent[];
  /** Requests passed to each backend so far. */
  readonly forwarded: ReadonlyMap<string, number>;
  /** Serves only these backends from now on (they start healthy). */
  use(backends: readonly string[]): void;
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 2_000;
/**
 * Failed checks in a row that take a backend out (HAProxy's `fall`): on a loaded machine
 * a live server can miss one. A refused connection needs no second opinion: nothing
 * listens there any more.
 */
const FALL = 3;
/** Bound on a proxied request, so a backend that hangs cannot hold a client forever. */
const UPSTREAM_TIMEOUT_MS = 120_000;

/**
 * A small round-robin HTTP load balancer on 127.0.0.1 for the scale-out benchmark: each
 * request goes to the next healthy backend; every `healthIntervalMs` each backend's
 * `/api/health` is asked; one that refuses the connection, or does not answer 200 within
 * two seconds three times in a row, is taken out until it answers again. No retries: a request sent to a backend that dies is answered
 * 502, which is what the benchmark's kill window is about.
 */
export async function startLoadBalancer(
  backends: readonly string[],
  options: { healthIntervalMs?: number } = {},
): Promise<LoadBalancer> {
  const interval = options.healthIntervalMs ?? 500;
  let pool: Backend[] = backends.map((url) => ({ url, healthy: true, failures: 0 }));
  let next = 0;
  const events: BalancerEvent[] = [];
  const forwarded = new Map<string, number>();
  // A new connection per request: a kept-alive one that the backend closes as idle just
  // when a request is sent on it fails with ECONNRESET — an error of the balancer, not of
  // the backend, that the benchmark would count against the servers.
  const agent = new Agent({ keepAlive: false, maxSockets: 512 });

  const pick = (): Backend | undefined => {
    const live = pool.filter((b) => b.healthy);
    if (live.length === 0) return undefined;
    next = (next + 1) % live.length;
    return live[next];
  };

  const proxy = (req: IncomingMessage, res: ServerResponse): void => {
    const backend = pick();
    if (!backend) {
      res.writeHead(503, { 'content-type': 'text/plain', 'x-balancer': 'no backend' });
      res.end('no healthy backend');
      return;
    }
    forwarded.set(backend.url, (forwarded.get(backend.url) ?? 0) + 1);
    const target = new URL(req.url ?? '/', backend.url);
    const upstream = request(
      target,
      { method: req.method, headers: req.headers, agent, timeout: UPSTREAM_TIMEOUT_MS },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          'x-backend': backend.url,
        });
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    const fail = (reason: string): void => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain', 'x-backend': backend.url });
      res.end(`bad gateway: ${reason}`);
    };
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', (error) => fail(error.message));
    req.pipe(upstream);
  };

  const server = createServer(proxy);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const check = async (backend: Backend): Promise<void> => {
    let reason = '';
    let refused = false;
    try {
      const answer = await fetch(new URL('/api/health', backend.url), {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      });
      await answer.arrayBuffer();
      if (answer.status !== 200) reason = `health answered ${answer.status}`;
    } catch (error) {
      const cause =
        error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
      refused = cause?.code === 'ECONNREFUSED';
      reason = cause?.message ?? (error instanceof Error ? error.message : 'failed');
    }
    backend.failures = reason === '' ? 0 : backend.failures + 1;
    if (reason !== '' && backend.healthy && (refused || backend.failures >= FALL)) {
      backend.healthy = false;
      events.push({ at: Date.now(), backend: backend.url, what: 'taken-out', reason });
    } else if (reason === '' && !backend.healthy) {
      backend.healthy = true;
      events.push({ at: Date.now(), backend: backend.url, what: 'back-in', reason: 'health ok' });
    }
  };
  // One check per backend at a time: a backend that hangs must not delay the others'.
  const checking = new Set<Backend>();
  const timer = setInterval(() => {
    for (const backend of pool) {
      if (checking.has(backend)) continue;
      checking.add(backend);
      void check(backend).finally(() => checking.delete(backend));
    }
  }, interval);

  return {
    url: `http://127.0.0.1:${port}`,
    events,
    forwarded,
    use(urls) {
      pool = urls.map((url) => ({ url, healthy: true, failures: 0 }));
    },
    async close() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
