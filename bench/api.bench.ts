import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { SEARCHES } from './support/synthetic-catalog.ts';

/** The few members of autocannon's options and result this benchmark uses. */
interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: { setupRequest: (request: { path: string }) => { path: string } }[];
}
interface LoadResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: LoadOptions,
) => Promise<LoadResult>;

const PRODUCTS = 10_000;
const CONNECTIONS = 50;
const SECONDS = 5;

interface Started {
  url: string;
  token: string;
  products: number;
  indexMs: number;
}

/**
 * The API under load (issue 5, "Performance"): a catalog of 10,000 products (30,000
 * ports) on the real server over 127.0.0.1, driven by autocannon with 50 connections for
 * a few seconds per route. Search (rotating queries, with facets) and product detail
 * (rotating products) against `/api/health` on the same server in the same run.
 * Goals: search p99 < 50 ms, detail p99 < 20 ms, throughput ≥ 50 % of the trivial route's.
 */
export async function benchApi(): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'support', 'api-server.ts'), String(PRODUCTS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const lines = createInterface({ input: child.stdout });
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(() => {
        throw new Error('the benchmark server stopped before it listened');
      }),
    ])) as [string];
    const server = JSON.parse(line) as Started;
    console.log(`load average before: ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
    console.log(
      `catalog of ${server.products} products (${server.products * 3} ports) indexed in ${server.indexMs.toFixed(0)} ms; ${CONNECTIONS} connections, ${SECONDS} s per route`,
    );
    const headers = { authorization: `Bearer ${server.token}` };
    let n = 0;
    const rotate = (paths: (i: number) => string) => [
      { setupRequest: (request: { path: string }) => ({ ...request, path: paths(n++) }) },
    ];
    const load = (options: Partial<LoadOptions>): Promise<LoadResult> =>
      autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers,
        ...options,
      });

    const trivial = await load({ url: `${server.url}/api/health` });
    const search = await load({
      requests: rotate((i) => {
        const q = encodeURIComponent(SEARCHES[i % SEARCHES.length]!);
        return i % 4 === 0 ? `/api/products?q=${q}&domain=domain-3` : `/api/products?q=${q}`;
      }),
    });
    const detail = await load({
      requests: rotate((i) => `/api/products/product-${(i * 7919) % server.products}`),
    });

    const show = (label: string, r: LoadResult, goal?: number): string => {
      const ratio = r.requests.average / trivial.requests.average;
      const verdict =
        goal === undefined
          ? ''
          : `  p99 goal < ${goal} ms: ${r.latency.p99 < goal ? 'met' : 'MISSED'}; throughput goal ≥ 50 %: ${ratio >= 0.5 ? 'met' : 'MISSED'}`;
      return (
        `${label.padEnd(16)} p50 ${r.latency.p50.toFixed(1)} ms  p99 ${r.latency.p99.toFixed(1)} ms  ` +
        `${r.requests.average.toFixed(0)} req/s (${(ratio * 100).toFixed(0)} % of trivial, ` +
        `p99 ×${(r.latency.p99 / trivial.latency.p99).toFixed(2)} of trivial's)` +
        `  non-2xx ${r.non2xx}, errors ${r.errors}${verdict}`
      );
    };
    console.log(show('GET /api/health', trivial));
    console.log(show('search', search, 50));
    console.log(show('product detail', detail, 20));
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}
