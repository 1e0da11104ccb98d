import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { problemJson } from './problem.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * A file of the built portal, read synchronously: the files are small and in the page
 * cache, and an asynchronous read waits in libuv's pool of four threads behind whatever
 * else runs there (DuckDB's queries, scrypt) — CI saw the portal's page stay blank for
 * 15 s while the server was busy. Hashed assets never change, so they are kept in memory
 * (bounded); other files are read on every request, so a new build shows at once.
 */
const assetCache = new Map<string, Buffer>();
let assetCacheBytes = 0;
const ASSET_CACHE_MAX_BYTES = 64 * 1024 * 1024;

function fileAt(path: string, immutable = false): Buffer | null {
  const cached = immutable ? assetCache.get(path) : undefined;
  if (cached) return cached;
  try {
    if (!statSync(path).isFile()) return null;
    const file = readFileSync(path);
    if (immutable && assetCacheBytes + file.length <= ASSET_CACHE_MAX_BYTES) {
      assetCache.set(path, file);
      assetCacheBytes += file.length;
    }
    return file;
  } catch {
    return null;
  }
}

/** Instead of a bare 404 where the portal is not built: what to do, and that the API works. */
const PORTAL_MISSING = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Meshwork</title></head>
<body><h1>The Meshwork portal is not built</h1>
<p>Build it with <code>npm run build:web</code> in the Meshwork folder (or restart
<code>meshwork serve</code> there, which builds it), then reload this page.
The API answers under <a href="/api/openapi.json">/api</a> meanwhile.</p></body></html>\n`;

/**
 * The built portal (web/dist): a file when the path names one, otherwise index.html so
 * the portal's own router answers deep links such as /products/sales-orders. Hashed
 * assets are cached for a year; index.html never, so a new build is picked up at once.
 * Without a built index.html, pages answer 503 with how to build it.
 */
export function servePortal(webRoot: string): MiddlewareHandler {
  const root = normalize(webRoot);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      // A malformed % escape names no file: the client's mistake.
      return problemJson(c, 400, 'Bad Request', 'The path has a malformed % escape.');
    }
    const target = normalize(join(root, path));
    if (target !== root && !target.startsWith(root + sep)) return next();
    const immutable = path.startsWith('/assets/');
    const file = path.endsWith('/') ? null : fileAt(target, immutable);
    if (file) {
      return c.body(new Uint8Array(file), 200, {
        'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    if (extname(path) !== '') return next();
    const index = fileAt(join(root, 'index.html'));
    if (!index) return c.html(PORTAL_MISSING, 503, { 'cache-control': 'no-store' });
    return c.body(new Uint8Array(index), 200, {
      'content-type': TYPES['.html']!,
      'cache-control': 'no-cache',
    });
  };
}
