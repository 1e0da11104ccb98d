import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { unzipSync } from 'fflate';
import { cli } from '../support/cli.ts';
import { createApiFixture } from './api-support.ts';
import { ANSWERS, demoCopy, git } from './canvas-support.ts';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dirname(dir), { recursive: true, force: true });
});

/**
 * The server's own drafter (draftProduct) behind the routes: the zip, unpacked in the
 * repository's root, and the committed proposal both pass `meshwork validate`.
 */
test('the zip of a real draft unpacks into a mesh that validates', async () => {
  const mesh = await demoCopy({ git: false });
  dirs.push(mesh);
  const f = await createApiFixture({ meshRoot: mesh });
  const res = await f.app.request('/api/canvas/draft?format=zip', {
    method: 'POST',
    headers: { ...f.admin, 'content-type': 'application/json' },
    body: JSON.stringify({ ...ANSWERS, language: 'de' }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const names = Object.keys(entries).sort();
  assert.ok(names.includes('domains/sales/sales-order-overview/product.odps.yaml'), names.join());
  assert.ok(names.includes('domains/sales/sales-order-overview/transform.sql'), names.join());
  for (const [name, bytes] of Object.entries(entries)) {
    await mkdir(dirname(join(mesh, name)), { recursive: true });
    await writeFile(join(mesh, name), bytes);
  }
  const validated = await cli(['validate', mesh], mesh);
  assert.equal(validated.code, 0, validated.stdout + validated.stderr);
});

test('a real draft committed as a proposal validates and shows as proposed', async () => {
  const mesh = await demoCopy({ git: true });
  dirs.push(mesh);
  const f = await createApiFixture({ meshRoot: mesh, canvas: { commitProposals: true } });
  const res = await f.app.request('/api/canvas/commit', {
    method: 'POST',
    headers: { ...f.admin, 'content-type': 'application/json' },
    body: JSON.stringify(ANSWERS),
  });
  assert.equal(res.status, 201, await res.clone().text());
  assert.equal(git(mesh, 'status', '--porcelain').trim(), '', 'everything written is committed');
  assert.match(git(mesh, 'log', '-1', '--format=%an|%cn'), /^admin\|Meshwork/);
  const validated = await cli(['validate', mesh], mesh);
  assert.equal(validated.code, 0, validated.stdout + validated.stderr);
  const product = (await (
    await f.app.request('/api/products/sales-order-overview', { headers: f.admin })
  ).json()) as { product: { status: string; domain: string } };
  assert.equal(product.product.status, 'proposed');
  assert.equal(product.product.domain, 'sales');
});
