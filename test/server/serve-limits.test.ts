import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readMeshTexts } from '../../src/app/catalog/load-mesh.ts';
import { repoRoot } from '../support/standards.ts';
import { DEMO_MESH } from './api-support.ts';

const PASSWORD = 'serve-limits-password';
const MIB = 1024 * 1024;

/** `meshwork serve` as a real process on a free port; its stderr (the log) is kept. */
interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly log: string[];
}

async function serve(mesh: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/meshwork.js'), 'serve', mesh, '--port', '0'],
    {
      env: { ...process.env, MESHWORK_ADMIN_PASSWORD: PASSWORD, MESHWORK_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (t: string) => log.push(...t.split('\n')));
  let out = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (t: string) => {
      out += t;
      const found = /Portal and API: (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${log.join('\n')}`)));
  });
  return { child, url, log };
}

/** Resident memory of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/**
 * Streams `bytes` of a JSON-looking body (chunked unless `contentLength`), generated as it
 * goes, and settles with the status, or with the error when the server cut the connection.
 */
function upload(
  url: string,
  path: string,
  bytes: number,
  headers: Record<string, string>,
  contentLength = false,
): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(contentLength ? { 'content-length': String(bytes) } : {}),
        ...headers,
      },
    });
    let done = false;
    const finish = (result: number | string): void => {
      if (done) return;
      done = true;
      resolve(result);
      req.destroy();
    };
    req.on('response', (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    const chunk = Buffer.alloc(256 * 1024, 'x');
    void (async () => {
      req.write('{"contractId":"sales-orders-v1","run":{"message":"');
      for (let sent = 0; sent < bytes && !done; sent += chunk.length) {
        if (!req.write(chunk)) await Promise.race([once(req, 'drain'), once(req, 'close')]);
      }
      if (!done) req.end();
    })().catch(() => undefined);
  });
}

async function signIn(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': csrfToken,
  };
}

let dir: string;
let server: Served;
let admin: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-limits-'));
  for (const { path, text } of await readMeshTexts(DEMO_MESH)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  server = await serve(dir);
  admin = await signIn(server.url);
});
after(async () => {
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork serve under oversized requests', () => {
  test('16 parallel 50 MB run reports and sign-ins are refused with 413 and memory stays bounded', async (t) => {
    const pid = server.child.pid!;
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 25);
    try {
      const results = await Promise.all([
        ...Array.from({ length: 8 }, () => upload(server.url, '/api/runs', 50 * MIB, admin)),
        ...Array.from({ length: 4 }, () => upload(server.url, '/api/auth/login', 50 * MIB, {})),
        ...Array.from({ length: 4 }, () => upload(server.url, '/api/runs', 50 * MIB, admin, true)),
      ]);
      // The answer is 413; a client still sending when the server closes may see a reset.
      for (const r of results)
        assert.ok(r === 413 || r === 'ECONNRESET' || r === 'EPIPE', String(r));
      assert.ok(
        results.filter((r) => r === 413).length >= 8,
        `most uploads are answered 413: ${results.join(', ')}`,
      );
    } finally {
      clearInterval(sampler);
    }
    t.diagnostic(`server RSS ${baseline.toFixed(0)} MB → peak ${peak.toFixed(0)} MB`);
    assert.ok(
      peak - baseline < 200,
      `RSS grew by ${(peak - baseline).toFixed(0)} MB (from ${baseline.toFixed(0)} MB)`,
    );
    // Still serving, and the 413s are in its log.
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
    const statuses = server.log
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; status?: number; route?: string });
    assert.ok(
      statuses.some((l) => l.msg === 'request' && l.status === 413 && l.route === '/api/runs'),
    );
  });

  test('a cursor the embedded store cannot read is 400, not 500', async () => {
    for (const path of [
      '/api/contracts/sales-orders-v1/runs?cursor=zzz',
      '/api/scorecards?cursor=!!',
    ]) {
      const res = await fetch(`${server.url}${path}`, { headers: admin });
      assert.equal(res.status, 400, path);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
    }
  });

  test('health answers quickly while a big pushed mesh is indexed', async (t) => {
    const texts = await readMeshTexts(DEMO_MESH);
    const extra = Array.from({ length: 64_000 }, (_, i) => `  k${i}: ${i}`).join('\n');
    const documents = texts.map((t) =>
      t.path.endsWith('orders.odcs.yaml') ? { ...t, text: `${t.text}x-extra:\n${extra}\n` } : t,
    );
    const started = performance.now();
    let indexing = true;
    const push = fetch(`${server.url}/api/catalog`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents }),
    }).finally(() => (indexing = false));
    const latencies: number[] = [];
    while (indexing) {
      const t0 = performance.now();
      assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await push;
    assert.equal(res.status, 200, await res.text());
    const took = performance.now() - started;
    const slowest = Math.max(...latencies);
    t.diagnostic(
      `indexing took ${took.toFixed(0)} ms; health answered ${latencies.length} times, slowest in ${slowest.toFixed(0)} ms`,
    );
    assert.ok(
      latencies.length >= 5,
      `health asked ${latencies.length} times in ${took.toFixed(0)} ms`,
    );
    // Indexing on the event loop held every request for the whole re-index (44 s in issue
    // 8); off the loop an answer waits at most for a scheduling slice of a loaded machine.
    assert.ok(
      slowest < Math.min(2_000, took / 5),
      `slowest health answer ${slowest.toFixed(0)} ms while indexing for ${took.toFixed(0)} ms`,
    );
  });
});
