import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { workspaceRunHistory } from '../../src/runtime/index.ts';
import { createTestMesh } from '../build/support.ts';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';

/**
 * The client side of `--server URL` and `meshwork publish` against a real HTTP server
 * started here, which records what reaches it and answers like the Meshwork API
 * (201, or a problem+json error when told to).
 */
interface Received {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

const TOKEN = 'mw_test_token_0123456789';

const run = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  cli(args, cwd, { env: { MESHWORK_TOKEN: TOKEN, ...env } });

describe('reporting to a Meshwork server', () => {
  const received: Received[] = [];
  let answer: { status: number; body: unknown } = { status: 201, body: { ok: true } };
  let url = '';
  let dir = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: text === '' ? null : (JSON.parse(text) as unknown),
      });
      const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
      res.writeHead(answer.status, { 'content-type': type });
      res.end(JSON.stringify(answer.body));
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'meshwork-report-'));
    await writeFile(join(dir, 'people.csv'), 'id,age\n1,30\n2,40\n');
    await writeFile(
      join(dir, 'people.odcs.yaml'),
      stringify({
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: 'people',
        version: '1.0.0',
        status: 'active',
        servers: [{ server: 'files', type: 'local', path: './{model}.csv', format: 'csv' }],
        schema: [
          {
            name: 'people',
            properties: [
              { name: 'id', logicalType: 'integer', primaryKey: true },
              { name: 'age', logicalType: 'integer' },
            ],
          },
        ],
      }),
    );
  });
  beforeEach(() => {
    received.length = 0;
    answer = { status: 201, body: { ok: true } };
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('test --server URL posts each run with the bearer token and still records it locally', async () => {
    const before = (await workspaceRunHistory({ meshRoot: dir, env: {} }).list()).length;
    const result = await run(
      ['test', 'people.odcs.yaml', '--server', url, '--server', 'files'],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(received.length, 1);
    const [request] = received;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/api/runs');
    assert.equal(request?.authorization, `Bearer ${TOKEN}`);
    const body = request?.body as { contractId: string; server: string; run: { status: string } };
    assert.equal(body.contractId, 'people');
    assert.equal(body.server, 'files');
    assert.equal(body.run.status, 'passed');
    const local = await workspaceRunHistory({ meshRoot: dir, env: {} }).list();
    assert.equal(local.length, before + 1);
    assert.deepEqual(local.at(-1)?.run, body.run);
  });

  it('a refusing server turns the exit status into 2 with its problem detail, the token unsaid', async () => {
    answer = {
      status: 403,
      body: {
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: 'not a member of sales',
      },
    };
    const result = await run(['test', 'people.odcs.yaml', '--server', url], dir);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /answered POST \/api\/runs with 403: Forbidden — not a member of sales/,
    );
    assert.match(result.stdout, /PASSED/, 'the results are still printed');
    assert.ok(!`${result.stdout}${result.stderr}`.includes(TOKEN));
  });

  it('refuses --server without MESHWORK_TOKEN or with a bad address before testing anything', async () => {
    const noToken = await run(['test', 'people.odcs.yaml', '--server', url], dir, {
      MESHWORK_TOKEN: '',
    });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /set MESHWORK_TOKEN/);
    assert.equal(noToken.stdout, '');
    const ftp = await run(['scorecard', dir, '--server', 'ftp://example.com'], dir);
    assert.equal(ftp.code, 2);
    assert.match(ftp.stderr, /must be an http\(s\) address/);
    const unreachable = await run(
      ['test', 'people.odcs.yaml', '--server', 'http://127.0.0.1:9'],
      dir,
    );
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /cannot reach the Meshwork server at http:\/\/127\.0\.0\.1:9/);
    assert.equal(received.length, 0);
  });

  it('scorecard --server URL posts the scorecard it printed', async () => {
    const mesh = await mkdtemp(join(tmpdir(), 'meshwork-report-mesh-'));
    try {
      await cp(join(repoRoot, 'test/fixtures/planted-policies'), mesh, { recursive: true });
      const result = await run(['scorecard', '--format', 'json', '--server', `${url}/`], mesh);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(received.length, 1);
      assert.equal(received[0]?.path, '/api/scorecards');
      assert.deepEqual(received[0]?.body, { scorecard: JSON.parse(result.stdout) as unknown });
    } finally {
      await rm(mesh, { recursive: true, force: true });
    }
  });

  it('build --server URL posts every port’s run with its product and port', async () => {
    const mesh = createTestMesh();
    try {
      const result = await run(['build', '--mesh', mesh.root, '--server', url], mesh.root);
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      const local = await workspaceRunHistory({ meshRoot: mesh.root, env: {} }).list();
      assert.ok(local.length > 0);
      assert.equal(received.length, local.length);
      for (const request of received) assert.equal(request.path, '/api/runs');
      const bodies = received.map(
        (r) => r.body as { contractId: string; productId?: string; port?: string },
      );
      assert.deepEqual(
        bodies.map((b) => [b.contractId, b.productId, b.port]).sort(),
        local.map((r) => [r.contractId, r.productId ?? undefined, r.port ?? undefined]).sort(),
      );
      assert.ok(bodies.every((b) => b.productId !== undefined && b.port !== undefined));
      assert.ok(local.every((r) => r.reportedBy === 'build'));
    } finally {
      mesh.remove();
    }
  });

  it('publish --server URL puts every mesh document with its path and text', async () => {
    const mesh = createTestMesh();
    try {
      answer = { status: 200, body: { products: 3 } };
      const result = await run(['publish', '--server', url, mesh.root, '--format', 'json'], '/');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(received.length, 1);
      const [request] = received;
      assert.equal(request?.method, 'PUT');
      assert.equal(request?.path, '/api/catalog');
      assert.equal(request?.authorization, `Bearer ${TOKEN}`);
      const { documents } = request?.body as { documents: { path: string; text: string }[] };
      const paths = documents.map((d) => d.path);
      assert.ok(paths.includes('meshwork.yaml'));
      assert.ok(paths.includes('sources/shop/orders.odcs.yaml'));
      assert.ok(
        paths.some((p) => p.endsWith('.sql')),
        'the transform SQL goes along',
      );
      assert.ok(!paths.some((p) => p.startsWith('data/') || p.startsWith('.meshwork')));
      const { readFile } = await import('node:fs/promises');
      for (const doc of documents)
        assert.equal(doc.text, await readFile(join(mesh.root, doc.path), 'utf8'), doc.path);
      const printed = JSON.parse(result.stdout) as { documents: number; server: unknown };
      assert.equal(printed.documents, documents.length);
      assert.deepEqual(printed.server, { products: 3 });
    } finally {
      mesh.remove();
    }
  });

  it('publish needs --server and a mesh', async () => {
    const missing = await run(['publish', dir], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs --server URL/);
    const notMesh = await run(['publish', '--server', url, dir], dir);
    assert.equal(notMesh.code, 2);
    assert.match(notMesh.stderr, /not a mesh repository/);
    assert.equal(received.length, 0);
  });
});
