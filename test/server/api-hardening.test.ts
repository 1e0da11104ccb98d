import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServerLog, logLevelFrom } from '../../src/server/log.ts';
import { bodyLimitsFrom } from '../../src/server/body-limits.ts';
import type { ApiFixture } from './api-support.ts';
import { createApiFixture } from './api-support.ts';

/** A server log whose lines land in `lines`, parsed. */
function memoryLog(level: 'error' | 'warn' | 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = createServerLog({
    level,
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, lines };
}

const check = (over: Record<string, unknown> = {}) => ({
  id: 'orders.rowCount',
  schema: 'orders',
  property: null,
  kind: 'rowCount',
  status: 'failed',
  value: 3,
  threshold: { operator: 'mustBeGreaterThan', value: 10 },
  message: 'too few rows',
  samples: [],
  ...over,
});

const report = (checks: unknown[]) =>
  JSON.stringify({
    contractId: 'sales-orders-v1',
    run: { status: 'failed', startedAt: '2026-11-20T03:00:00.000Z', durationMs: 1, checks },
  });

let f: ApiFixture;
let logged: ReturnType<typeof memoryLog>;
let webRoot: string;
before(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'meshwork-web-'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>portal</title>');
  logged = memoryLog('debug');
  f = await createApiFixture({ webRoot, log: logged.log });
});
after(async () => {
  await rm(webRoot, { recursive: true, force: true });
});

const post = (path: string, body: string, fixture: ApiFixture = f) =>
  fixture.app.request(path, {
    method: 'POST',
    headers: { ...fixture.admin, 'content-type': 'application/json' },
    body,
  });

describe('request body limits', () => {
  test('a sign-in body over 16 KiB is 413 problem+json, before any password is checked', async () => {
    const res = await f.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(20_000) }),
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const problem = (await res.json()) as Record<string, unknown>;
    assert.equal(problem.title, 'Content Too Large');
    assert.match(String(problem.detail), /16 KiB POST \/api\/auth\/login accepts/);
  });

  test('a run report over the report limit is 413; a small one passes', async () => {
    const small = await createApiFixture({
      limits: { auth: 16_384, report: 50_000, catalog: 100_000, other: 1_000 },
    });
    const big = report([check({ message: 'm'.repeat(60_000) })]);
    assert.equal((await post('/api/runs', big, small)).status, 413);
    assert.equal((await post('/api/runs', report([check()]), small)).status, 201);
    const catalog = await small.app.request('/api/catalog', {
      method: 'PUT',
      headers: { ...small.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ path: 'meshwork.yaml', text: 'x'.repeat(200_000) }] }),
    });
    assert.equal(catalog.status, 413);
  });

  test('the large limits are set from the environment; a bad value is a usage error', () => {
    const limits = bodyLimitsFrom({
      MESHWORK_MAX_REPORT_BYTES: '1000',
      MESHWORK_MAX_CATALOG_BYTES: '2000',
    });
    assert.deepEqual([limits.report, limits.catalog, limits.auth], [1000, 2000, 16_384]);
    assert.throws(() => bodyLimitsFrom({ MESHWORK_MAX_REPORT_BYTES: '4MB' }), /positive number/);
  });
});

describe('what a run report may store', () => {
  test('too many checks or sample rows are refused with 400', async () => {
    const many = Array.from({ length: 5_001 }, (_, i) => check({ id: `c${i}` }));
    assert.equal((await post('/api/runs', report(many))).status, 400);
    const rows = Array.from({ length: 21 }, (_, i) => ({ n: i }));
    assert.equal((await post('/api/runs', report([check({ samples: rows })]))).status, 400);
  });

  test('a huge startedAt, shown in every search answer, is refused', async () => {
    const body = JSON.parse(report([check()])) as { run: { startedAt: string } };
    body.run.startedAt = '2026-11-20T03:00:00.000Z'.padEnd(100_000, '0');
    assert.equal((await post('/api/runs', JSON.stringify(body))).status, 400);
  });

  test("a run's evidence is bounded too: long locations and endless servers passed over are refused", async () => {
    const withEvidence = (evidence: unknown): string => {
      const body = JSON.parse(report([check()])) as { run: Record<string, unknown> };
      body.run.evidence = evidence;
      return JSON.stringify(body);
    };
    const server = { name: 'pg', type: 'postgresql', location: 'db:5432/sales' };
    const fair = await post('/api/runs', withEvidence({ server, passedOver: [] }));
    assert.equal(fair.status, 201);
    const long = { ...server, location: 'x'.repeat(100_000) };
    assert.equal(
      (await post('/api/runs', withEvidence({ server: long, passedOver: [] }))).status,
      400,
    );
    const many = Array.from({ length: 51 }, (_, i) => ({ ...server, name: `s${i}`, reason: 'r' }));
    assert.equal((await post('/api/runs', withEvidence({ server, passedOver: many }))).status, 400);
  });

  test('long messages and sample values are cut with a marker that says so', async () => {
    const res = await post(
      '/api/runs',
      report([check({ message: 'm'.repeat(10_000), samples: [{ note: 'n'.repeat(3_000) }] })]),
    );
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    const stored = await f.app.request(`/api/runs/${id}`, { headers: f.admin });
    const run = (
      (await stored.json()) as {
        run: { checks: { message: string; samples: { note: string }[] }[] };
      }
    ).run;
    const [first] = run.checks;
    assert.ok(first!.message.length < 2_100);
    assert.match(first!.message, /… \[cut by the server: 8,000 more characters\]$/);
    assert.match(first!.samples[0]!.note, /… \[cut by the server: 2,500 more characters\]$/);
  });
});

describe('client mistakes are 400, not 500', () => {
  test('a malformed % escape in a portal path', async () => {
    for (const path of ['/%', '/products/%E0%A4%A']) {
      const res = await f.app.request(path);
      assert.equal(res.status, 400, path);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
    }
    assert.equal((await f.app.request('/products/sales-orders')).status, 200);
  });

  test('a cursor this server did not give out, malformed JSON, a bad query parameter', async () => {
    for (const path of [
      '/api/products?cursor=%25%25',
      '/api/domains?cursor=bnVsbA',
      '/api/teams?cursor=zzz',
      '/api/products?limit=abc',
    ]) {
      const res = await f.app.request(path, { headers: f.admin });
      assert.equal(res.status, 400, path);
    }
    const json = await post('/api/runs', '{"contractId": ');
    assert.equal(json.status, 400);
    const problem = (await json.json()) as Record<string, unknown>;
    assert.equal(problem.title, 'Bad Request');
    assert.equal(problem.type, 'https://meshwork.dev/problems/bad-request');
  });
});

describe('the request log', () => {
  test('one JSON line per request with id, method, route pattern, status and duration', async () => {
    logged.lines.length = 0;
    const res = await f.app.request('/api/products/sales-orders?token=sekret-query-token', {
      headers: f.admin,
    });
    assert.equal(res.status, 200);
    const id = res.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    const requests = logged.lines.filter((l) => l.msg === 'request');
    assert.equal(requests.length, 1);
    const line = requests[0]!;
    assert.deepEqual(
      { ...line, time: typeof line.time, durationMs: typeof line.durationMs },
      {
        time: 'string',
        level: 'info',
        msg: 'request',
        requestId: id,
        method: 'GET',
        route: '/api/products/:id',
        status: 200,
        durationMs: 'number',
      },
    );
    assert.ok(!JSON.stringify(logged.lines).includes('sekret-query-token'));
    assert.ok(!JSON.stringify(logged.lines).includes(f.admin.cookie!.split('=')[1]!));
  });

  test('a 401 and a 404 are logged with their route; a sent request id is kept', async () => {
    logged.lines.length = 0;
    await f.app.request('/api/domains/sales', { headers: { 'x-request-id': 'trace-42' } });
    await f.app.request('/api/nothing/here', { headers: f.admin });
    await f.app.request('/api/health', { headers: { 'x-request-id': 'bad id {"level":"error"}' } });
    const lines = logged.lines.filter((l) => l.msg === 'request');
    assert.deepEqual(
      lines.map((l) => [l.route, l.status]),
      [
        ['/api/domains/:name', 401],
        ['/*', 404],
        ['/api/health', 200],
      ],
    );
    assert.equal(lines[0]!.requestId, 'trace-42');
    assert.notEqual(lines[2]!.requestId, 'bad id {"level":"error"}');
  });

  test('an unexpected error is a 500 naming its request id, logged with its stack', async () => {
    const fixture = await createApiFixture({ log: logged.log });
    fixture.store.runs.get = () => Promise.reject(new Error('the disk caught fire'));
    logged.lines.length = 0;
    const res = await fixture.app.request('/api/runs/some-id', { headers: fixture.admin });
    assert.equal(res.status, 500);
    const problem = (await res.json()) as Record<string, unknown>;
    assert.equal(problem.requestId, res.headers.get('x-request-id'));
    assert.doesNotMatch(String(problem.detail), /fire/);
    const error = logged.lines.find((l) => l.level === 'error' && l.msg === 'unexpected error');
    assert.ok(error, JSON.stringify(logged.lines));
    assert.equal(error.requestId, problem.requestId);
    assert.equal(error.route, '/api/runs/:id');
    assert.match(String(error.stack), /the disk caught fire\n\s+at /);
  });

  test('MESHWORK_LOG_LEVEL picks the level; warn leaves out the request lines', async () => {
    assert.equal(logLevelFrom({}), 'info');
    assert.equal(logLevelFrom({ MESHWORK_LOG_LEVEL: 'DEBUG' }), 'debug');
    assert.throws(
      () => logLevelFrom({ MESHWORK_LOG_LEVEL: 'verbose' }),
      /error, warn, info, debug/,
    );
    const quiet = memoryLog('warn');
    const fixture = await createApiFixture({ log: quiet.log });
    await fixture.app.request('/api/health');
    assert.deepEqual(quiet.lines, []);
  });
});

describe('a pushed mesh with hostile YAML', () => {
  test('a !!merge tag and 10,000 nested brackets are findings of their files, not a failed index', async () => {
    const fixture = await createApiFixture({ meshRoot: null });
    const { readMeshTexts } = await import('../../src/app/catalog/load-mesh.ts');
    const { DEMO_MESH } = await import('./api-support.ts');
    const documents = (await readMeshTexts(DEMO_MESH)).map((d) =>
      d.path.endsWith('sales-orders/orders.odcs.yaml')
        ? { ...d, text: `${d.text}extra: !!merge 1\n` }
        : d.path.endsWith('finance/domain.yaml')
          ? { ...d, text: `${d.text}deep: ${'['.repeat(10_000)}\n` }
          : d,
    );
    const res = await fixture.app.request('/api/catalog', {
      method: 'PUT',
      headers: { ...fixture.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents }),
    });
    assert.equal(res.status, 200, await res.text());
    const products = (await (
      await fixture.app.request('/api/products?limit=50', { headers: fixture.admin })
    ).json()) as { total: number };
    assert.ok(products.total > 5, 'the rest of the mesh is served');
    const finance = (await (
      await fixture.app.request('/api/domains/finance', { headers: fixture.admin })
    ).json()) as { findings: { code: string }[] };
    assert.ok(
      finance.findings.some((f) => f.code === 'yaml-too-deep'),
      JSON.stringify(finance.findings),
    );
    const governance = (await (
      await fixture.app.request('/api/governance', { headers: fixture.admin })
    ).json()) as { findings: { code: string; file: string }[] };
    assert.ok(
      governance.findings.some(
        (f) => f.code === 'yaml-merge-tag' && f.file.endsWith('sales-orders/orders.odcs.yaml'),
      ),
    );
  });
});
