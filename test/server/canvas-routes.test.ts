import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { unzipSync, strFromU8 } from 'fflate';
import type { ProductDraft } from '../../src/app/canvas/canvas-model.ts';
import { createApiFixture } from './api-support.ts';
import { ANSWERS, demoCopy, git, recordingDrafter } from './canvas-support.ts';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dirname(dir), { recursive: true, force: true });
});

async function fixture(options: { git: boolean; commit: boolean }) {
  const mesh = await demoCopy({ git: options.git });
  dirs.push(mesh);
  const drafter = recordingDrafter();
  const f = await createApiFixture({
    meshRoot: mesh,
    canvas: { commitProposals: options.commit, draft: drafter.draft },
  });
  const maria = await f.signInAs('mweber');
  const user = await f.store.users.get('mweber');
  assert.ok(user);
  await f.store.users.put({ ...user, name: 'Maria Weber', email: 'maria@alpine-bikes.example' });
  const post = (path: string, body: unknown, headers: Record<string, string> = maria) =>
    f.app.request(path, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { ...f, mesh, maria, post, seen: drafter.seen };
}

describe('POST /api/canvas/draft', () => {
  test('drafts a proposal owned by the signed-in user, as JSON', async () => {
    const f = await fixture({ git: false, commit: false });
    const res = await f.post('/api/canvas/draft', { ...ANSWERS, status: 'active' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as ProductDraft;
    assert.equal(body.folder, 'domains/sales/sales-order-overview');
    assert.deepEqual(
      body.files.map((file) => file.path),
      [
        'domains/sales/sales-order-overview/product.odps.yaml',
        'domains/sales/sales-order-overview/transform.sql',
      ],
    );
    const canvas = f.seen.at(-1);
    // A status sent by the client is not taken: the portal only proposes.
    assert.equal(canvas?.status, 'proposed');
    assert.deepEqual(canvas?.owner, { username: 'mweber', name: 'Maria Weber' });
    assert.equal(canvas?.language, 'en');
    assert.equal(existsSync(join(f.mesh, body.folder)), false, 'a draft writes nothing');
  });

  test('format=zip answers a zip whose entries are the files at their mesh paths', async () => {
    const f = await fixture({ git: false, commit: false });
    const res = await f.post('/api/canvas/draft?format=zip', ANSWERS);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.equal(
      res.headers.get('content-disposition'),
      'attachment; filename="sales-order-overview.zip"',
    );
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    assert.deepEqual(Object.keys(entries).sort(), [
      'domains/sales/sales-order-overview/product.odps.yaml',
      'domains/sales/sales-order-overview/transform.sql',
    ]);
    const product = strFromU8(entries['domains/sales/sales-order-overview/product.odps.yaml']!);
    assert.match(product, /^status: proposed$/m);
  });

  test('a draft with errors is a 422 with its findings as zip, and no zip', async () => {
    const f = await fixture({ git: false, commit: false });
    const app = await createApiFixture({
      meshRoot: f.mesh,
      canvas: {
        draft: () =>
          Promise.resolve({
            folder: 'domains/sales/x',
            files: [],
            findings: [
              {
                severity: 'error',
                code: 'canvas-unknown-input',
                message: 'No contract nope-v1.',
                file: '',
                line: 0,
                column: 0,
                path: '$.inputs[0]',
                hint: '',
              },
            ],
          }),
      },
    });
    const res = await app.app.request('/api/canvas/draft?format=zip', {
      method: 'POST',
      headers: { ...app.admin, 'content-type': 'application/json' },
      body: JSON.stringify(ANSWERS),
    });
    assert.equal(res.status, 422);
    const problem = (await res.json()) as { findings: { code: string }[] };
    assert.deepEqual(
      problem.findings.map((x) => x.code),
      ['canvas-unknown-input'],
    );
  });

  test('hostile answers are refused before anything is drafted', async () => {
    const f = await fixture({ git: false, commit: false });
    const cases: [string, unknown][] = [
      ['path traversal in the id', { ...ANSWERS, id: '../../etc' }],
      ['a slash in the id', { ...ANSWERS, id: 'sales/x' }],
      ['capitals in the id', { ...ANSWERS, id: 'Sales' }],
      ['a line break in the name', { ...ANSWERS, name: 'Order\nstatus: active' }],
      ['a NUL in the purpose', { ...ANSWERS, purpose: 'a\u0000b' }],
      ['an escape sequence in the team', { ...ANSWERS, team: 'sales\u001b[2J' }],
      ['a long purpose', { ...ANSWERS, purpose: 'x'.repeat(4001) }],
      ['no input', { ...ANSWERS, inputs: [] }],
      ['too many inputs', { ...ANSWERS, inputs: Array.from({ length: 21 }, (_, i) => `c${i}`) }],
      ['a negative latency', { ...ANSWERS, sla: { latency: { value: -1, unit: 'd' } } }],
      ['an unknown language', { ...ANSWERS, language: 'fr' }],
    ];
    for (const [what, body] of cases) {
      const res = await f.post('/api/canvas/draft', body);
      assert.equal(res.status, 400, what);
    }
    assert.equal(f.seen.length, 0);
    const big = await f.post('/api/canvas/draft', { ...ANSWERS, consumers: 'y'.repeat(70_000) });
    assert.equal(big.status, 413);
  });

  test('a session without the CSRF token cannot draft or commit; no session is a 401', async () => {
    const f = await fixture({ git: true, commit: true });
    const cookieOnly = { cookie: f.maria.cookie! };
    for (const path of ['/api/canvas/draft', '/api/canvas/commit']) {
      assert.equal((await f.post(path, ANSWERS, cookieOnly)).status, 403, path);
      assert.equal((await f.post(path, ANSWERS, {})).status, 401, path);
    }
    assert.equal(f.seen.length, 0);
    assert.equal(existsSync(join(f.mesh, 'domains/sales/sales-order-overview')), false);
  });

  test('a server that serves a published mesh (no folder) says so: 409', async () => {
    const app = await createApiFixture({ meshRoot: null });
    const res = await app.app.request('/api/canvas/draft', {
      method: 'POST',
      headers: { ...app.admin, 'content-type': 'application/json' },
      body: JSON.stringify(ANSWERS),
    });
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { detail: string }).detail, /published mesh/);
  });
});

describe('POST /api/canvas/commit', () => {
  test('without --commit-proposals: 409 saying how to turn it on, nothing written', async () => {
    const f = await fixture({ git: true, commit: false });
    const res = await f.post('/api/canvas/commit', ANSWERS);
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { detail: string }).detail, /--commit-proposals/);
    assert.equal(existsSync(join(f.mesh, 'domains/sales/sales-order-overview')), false);
    assert.equal(git(f.mesh, 'rev-list', '--count', 'HEAD').trim(), '1');
    const options = (await (
      await f.app.request('/api/canvas/options', { headers: f.maria })
    ).json()) as { commit: { allowed: boolean; reason: string } };
    assert.equal(options.commit.allowed, false);
    assert.match(options.commit.reason, /--commit-proposals/);
  });

  test('a mesh folder that is no git work tree: 409, nothing written', async () => {
    const f = await fixture({ git: false, commit: true });
    const res = await f.post('/api/canvas/commit', ANSWERS);
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { detail: string }).detail, /not a git work tree/);
    assert.equal(existsSync(join(f.mesh, 'domains/sales/sales-order-overview')), false);
    const options = (await (
      await f.app.request('/api/canvas/options', { headers: f.maria })
    ).json()) as { commit: { allowed: boolean } };
    assert.equal(options.commit.allowed, false);
  });

  test('commits only the new files, authored by the user, committed by Meshwork; audited; indexed', async () => {
    const f = await fixture({ git: true, commit: true });
    const options = (await (
      await f.app.request('/api/canvas/options', { headers: f.maria })
    ).json()) as { commit: { allowed: boolean }; contracts: { id: string }[] };
    assert.equal(options.commit.allowed, true);
    assert.ok(options.contracts.some((c) => c.id === 'sales-orders-v1'));
    // Someone's unrelated change, staged in the repository, must stay out of the proposal.
    await writeFile(join(f.mesh, 'README.md'), 'staged by someone else\n');
    git(f.mesh, 'add', 'README.md');

    const res = await f.post('/api/canvas/commit', ANSWERS);
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as { commit: string; files: string[]; indexed: boolean };
    assert.equal(body.indexed, true);
    assert.equal(git(f.mesh, 'rev-parse', 'HEAD').trim(), body.commit);
    const [author, committer] = git(f.mesh, 'log', '-1', '--format=%an <%ae>%n%cn').split('\n');
    assert.equal(author, 'Maria Weber <maria@alpine-bikes.example>');
    assert.equal(committer, 'Meshwork');
    assert.deepEqual(git(f.mesh, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n'), [
      'domains/sales/sales-order-overview/product.odps.yaml',
      'domains/sales/sales-order-overview/transform.sql',
    ]);
    assert.equal(git(f.mesh, 'diff', '--cached', '--name-only').trim(), 'README.md');
    const written = await readFile(
      join(f.mesh, 'domains/sales/sales-order-overview/product.odps.yaml'),
      'utf8',
    );
    assert.match(written, /^status: proposed$/m);

    const audit = await f.store.audit.list({ action: 'canvas.propose', limit: 10 });
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0]?.actor, 'mweber');
    assert.equal(audit.items[0]?.target, 'sales-order-overview');
    assert.equal(audit.items[0]?.details.commit, body.commit);

    const domain = (await (
      await f.app.request('/api/domains/sales', { headers: f.maria })
    ).json()) as { products: { id: string; status: string }[] };
    assert.equal(domain.products.find((p) => p.id === 'sales-order-overview')?.status, 'proposed');

    // The same id again: the folder exists now.
    const again = await f.post('/api/canvas/commit', ANSWERS);
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { detail: string }).detail, /already exists/);
    assert.equal(git(f.mesh, 'rev-list', '--count', 'HEAD').trim(), '2');
  });

  test('a domain that climbs out of domains/ is refused even by a drafter that trusts it', async () => {
    const f = await fixture({ git: true, commit: true });
    for (const domain of ['../..', 'sales/../../..']) {
      // The admin may commit into any domain: the path check itself must refuse it.
      const res = await f.post('/api/canvas/commit', { ...ANSWERS, domain }, f.admin);
      assert.equal(res.status, 400, domain);
      assert.match(((await res.json()) as { detail: string }).detail, /not a safe relative path/);
      const member = await f.post('/api/canvas/commit', { ...ANSWERS, domain });
      assert.equal(member.status, 403, `${domain}: no one's domain`);
      const zip = await f.post('/api/canvas/draft?format=zip', { ...ANSWERS, domain });
      assert.equal(zip.status, 400, domain);
    }
    assert.equal(existsSync(join(dirname(f.mesh), ANSWERS.id)), false);
    assert.equal(existsSync(join(f.mesh, '..', '..', ANSWERS.id)), false);
    assert.equal(git(f.mesh, 'status', '--porcelain').trim(), '');
  });

  test('answers with errors commit nothing: 422 with the findings', async () => {
    const f = await fixture({ git: true, commit: true });
    const app = await createApiFixture({
      meshRoot: f.mesh,
      canvas: {
        commitProposals: true,
        draft: () =>
          Promise.resolve({
            folder: 'domains/sales/sales-order-overview',
            files: [],
            findings: [
              {
                severity: 'error',
                code: 'canvas-id-taken',
                message: 'taken',
                file: '',
                line: 0,
                column: 0,
                path: '$.id',
                hint: '',
              },
            ],
          }),
      },
    });
    const res = await app.app.request('/api/canvas/commit', {
      method: 'POST',
      headers: { ...app.admin, 'content-type': 'application/json' },
      body: JSON.stringify(ANSWERS),
    });
    assert.equal(res.status, 422);
    assert.equal(git(f.mesh, 'rev-list', '--count', 'HEAD').trim(), '1');
  });
});
