import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { searchQueries } from './support/search-queries.ts';

/** The few members of autocannon's options and result this benchmark uses. */
interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  /** Requests to send; overrides duration. */
  amount?: number;
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
/** Distinct search queries: each is asked once in the cold pass, so none is a cache hit. */
const QUERIES = 6_000;
/**
 * Queries (and products) the warm pass rotates over: fewer than the search index keeps
 * (500) and the server's response caches keep (1,000 searches, 2,000 products), so after
 * one priming round every answer is a cache hit.
 */
const WARM = 200;

interface Started {
  url: string;
  token: string;
  products: number;
  indexMs: number;
}

/**
 * The API under load (issue 5, "Performance"): a catalog of 10,000 products (30,000
 * ports) on the real server over 127.0.0.1, driven by autocannon with 50 connections, each
 * route against `/api/health` on the same server in the same run. The server caches search
 * answers and product details (and the search index its results), so each is measured
 * twice: cold, every request a different query or product (6,000 distinct queries from the
 * catalog's vocabulary: prefixes, two words, German words, a word and a number; every one
 * of the 10,000 products once), and warm, rotating over a few that are all cached.
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
    /** Each request takes the next path; a pass with `amount` sends each path once. */
    const sequence = (paths: (i: number) => string) => {
      let n = 0;
      return [{ setupRequest: (request: { path: string }) => ({ ...request, path: paths(n++) }) }];
    };
    const load = (options: Partial<LoadOptions>): Promise<LoadResult> =>
      autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers,
        ...options,
      });

    const queries = searchQueries(QUERIES);
    const searchPath = (i: number): string => {
      const q = encodeURIComponent(queries[i % queries.length]!);
      return i % 4 === 0 ? `/api/products?q=${q}&domain=domain-${i % 20}` : `/api/products?q=${q}`;
    };
    const detailPath = (i: number): string =>
      `/api/products/product-${(i * 7919) % server.products}`;

    const trivial = await load({ url: `${server.url}/api/health` });
    const searchCold = await load({ amount: queries.length, requests: sequence(searchPath) });
    await load({ amount: WARM, requests: sequence(searchPath) });
    const searchWarm = await load({ requests: sequence((i) => searchPath(i % WARM)) });
    const detailCold = await load({ amount: server.products, requests: sequence(detailPath) });
    await load({ amount: WARM, requests: sequence(detailPath) });
    const detailWarm = await load({ requests: sequence((i) => detailPath(i % WARM)) });

    const show = (label: string, r: LoadResult, goal?: number): string => {
      const ratio = r.requests.average / trivial.requests.average;
      const verdict =
        goal === undefined
          ? ''
          : `  p99 goal < ${goal} ms: ${r.latency.p99 < goal ? 'met' : 'MISSED'}; throughput goal ≥ 50 %: ${ratio >= 0.5 ? 'met' : 'MISSED'}`;
      return (
        `${label.padEnd(30)} p50 ${r.latency.p50.toFixed(1)} ms  p99 ${r.latency.p99.toFixed(1)} ms  ` +
        `${r.requests.average.toFixed(0)} req/s (${(ratio * 100).toFixed(0)} % of trivial, ` +
        `p99 ×${(r.latency.p99 / trivial.latency.p99).toFixed(2)} of trivial's)` +
        `  non-2xx ${r.non2xx}, errors ${r.errors}${verdict}`
      );
    };
    console.log(show('GET /api/health', trivial));
    console.log(show(`search, cold (${queries.length} distinct)`, searchCold, 50));
    console.log(show(`search, warm (${WARM} cached)`, searchWarm, 50));
    console.log(show(`detail, cold (${server.products} distinct)`, detailCold, 20));
    console.log(show(`detail, warm (${WARM} cached)`, detailWarm, 20));
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}
