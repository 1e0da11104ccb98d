import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { ProductDraft } from '../../src/app/canvas/canvas-model.ts';
import { commitDraft, identityText } from '../../src/app/canvas/commit-draft.ts';
import { zipDraft } from '../../src/app/canvas/zip-draft.ts';
import { startServer } from '../../src/server/start-server.ts';
import { demoCopy, git } from './canvas-support.ts';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dirname(dir), { recursive: true, force: true });
});

async function repo(): Promise<string> {
  const mesh = await demoCopy({ git: true });
  dirs.push(mesh);
  return mesh;
}

const draftOf = (folder: string, paths: readonly string[]): ProductDraft => ({
  folder,
  files: paths.map((path) => ({ path, content: `# ${path}\n` })),
  findings: [],
});

const AUTHOR = { name: 'Maria Weber', email: 'maria@alpine-bikes.example' };

describe('commitDraft and zipDraft refuse paths outside the product folder', () => {
  const hostile: [string, ProductDraft][] = [
    ['a file climbing out', draftOf('domains/sales/p', ['domains/sales/p/../../../evil.yaml'])],
    ['a file beside the folder', draftOf('domains/sales/p', ['domains/sales/other/x.yaml'])],
    ['an absolute file', draftOf('domains/sales/p', ['/tmp/evil.yaml'])],
    ['a folder outside domains/', draftOf('sources/p', ['sources/p/x.yaml'])],
    ['a folder climbing out', draftOf('domains/../../p', ['domains/../../p/x.yaml'])],
    ['a backslash', draftOf('domains/sales/p', ['domains/sales/p\\..\\x.yaml'])],
    ['a control character', draftOf('domains/sales/p', ['domains/sales/p/x\n.yaml'])],
    ['the same file twice', draftOf('domains/sales/p', ['domains/sales/p/a', 'domains/sales/p/a'])],
    ['no files', draftOf('domains/sales/p', [])],
  ];
  for (const [what, draft] of hostile)
    test(what, async () => {
      const mesh = await repo();
      assert.throws(
        () => zipDraft(draft),
        /not a safe relative path|outside|not under|twice|no files/,
      );
      await assert.rejects(
        commitDraft(mesh, draft, { author: AUTHOR, message: 'x' }),
        /not a safe relative path|outside|not under|twice|no files/,
      );
      assert.equal(git(mesh, 'rev-list', '--count', 'HEAD').trim(), '1');
      assert.equal(git(mesh, 'status', '--porcelain').trim(), '');
      assert.equal(existsSync(join(mesh, 'domains/sales/p')), false);
    });
});

test('the zip holds the files at their paths, and the same draft gives the same bytes', () => {
  const draft = draftOf('domains/sales/p', [
    'domains/sales/p/product.odps.yaml',
    'domains/sales/p/sql/t.sql',
  ]);
  const zip = zipDraft(draft);
  assert.deepEqual(zipDraft(draft), zip);
  const entries = unzipSync(zip);
  assert.deepEqual(Object.keys(entries).sort(), [
    'domains/sales/p/product.odps.yaml',
    'domains/sales/p/sql/t.sql',
  ]);
  assert.equal(strFromU8(entries['domains/sales/p/sql/t.sql']!), '# domains/sales/p/sql/t.sql\n');
});

test('a draft with error findings is not committed', async () => {
  const mesh = await repo();
  const draft: ProductDraft = {
    ...draftOf('domains/sales/p', ['domains/sales/p/a.yaml']),
    findings: [
      {
        severity: 'error',
        code: 'x',
        message: 'x',
        file: '',
        line: 0,
        column: 0,
        path: '$',
        hint: '',
      },
    ],
  };
  await assert.rejects(commitDraft(mesh, draft, { author: AUTHOR, message: 'x' }), /errors/);
  assert.equal(existsSync(join(mesh, 'domains/sales/p')), false);
});

test('an author name cannot forge another identity; pathspec magic in a name is taken literally', async () => {
  const mesh = await repo();
  assert.equal(identityText('Eve <eve@evil>\nCommitter: x'), 'Eve eve@evil Committer: x');
  assert.equal(identityText('\u0000\n'), 'Meshwork user');
  // A file whose name is a glob: only it is committed, not the files the pattern matches.
  const draft = draftOf('domains/sales/p', ['domains/sales/p/*.yaml', 'domains/sales/p/:(glob)x']);
  const committed = await commitDraft(mesh, draft, {
    author: { name: 'Eve <eve@evil>\nx', email: 'eve@evil>\n<other@x' },
    message: 'propose',
  });
  assert.deepEqual(
    git(mesh, 'show', '--name-only', '--format=', committed.commit).trim().split('\n').sort(),
    ['domains/sales/p/*.yaml', 'domains/sales/p/:(glob)x'],
  );
  assert.equal(
    git(mesh, 'log', '-1', '--format=%an|%ae|%cn|%ce').trim(),
    'Eve eve@evil x|eve@evilother@x|Meshwork|meshwork@localhost.invalid',
  );
});

test('two proposals at once for the same folder: one commit, one 409, no mixed files', async () => {
  const mesh = await repo();
  const a = draftOf('domains/sales/p', ['domains/sales/p/a.yaml']);
  const b = draftOf('domains/sales/p', ['domains/sales/p/b.yaml']);
  const results = await Promise.allSettled([
    commitDraft(mesh, a, { author: AUTHOR, message: 'a' }),
    commitDraft(mesh, b, { author: AUTHOR, message: 'b' }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const refused = results.find((r) => r.status === 'rejected');
  assert.match(String(refused?.reason), /already exists/);
  assert.equal((await readdir(join(mesh, 'domains/sales/p'))).length, 1);
  assert.equal(git(mesh, 'rev-list', '--count', 'HEAD').trim(), '2');
  assert.equal(git(mesh, 'status', '--porcelain').trim(), '');
});

test('a commit git refuses leaves nothing behind', async () => {
  const mesh = await repo();
  // A lock git finds in place makes `git add` fail, as a concurrent git process would.
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(mesh, '.git', 'index.lock'), '');
  await assert.rejects(
    commitDraft(mesh, draftOf('domains/sales/p', ['domains/sales/p/a.yaml']), {
      author: AUTHOR,
      message: 'x',
    }),
    /git add failed/,
  );
  assert.equal(existsSync(join(mesh, 'domains/sales/p')), false);
  await rm(join(mesh, '.git', 'index.lock'));
  assert.equal(git(mesh, 'status', '--porcelain').trim(), '');
});

test('a domain folder linked out of the repository is refused before anything is written', async () => {
  const mesh = await repo();
  const { mkdir, symlink } = await import('node:fs/promises');
  const outside = join(dirname(mesh), 'outside');
  await mkdir(outside);
  await symlink(outside, join(mesh, 'domains', 'evil'));
  for (const folder of ['domains/evil/p', 'domains/evil/deeper/p']) {
    await assert.rejects(
      commitDraft(mesh, draftOf(folder, [`${folder}/a.yaml`]), { author: AUTHOR, message: 'x' }),
      /would be written outside the mesh/,
    );
  }
  assert.deepEqual(await readdir(outside), [], 'nothing was created through the link');
  assert.equal(git(mesh, 'rev-list', '--count', 'HEAD').trim(), '1');
});

test('MESHWORK_COMMIT_PROPOSALS=1 turns proposals on for meshwork serve, without it they are off', async () => {
  const mesh = await repo();
  for (const [env, allowed] of [
    [{}, false],
    [{ MESHWORK_COMMIT_PROPOSALS: '1' }, true],
  ] as const) {
    const server = await startServer({
      meshRoot: mesh,
      env: { MESHWORK_ADMIN_PASSWORD: 'canvas-serve-password', ...env },
      port: 0,
    });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'canvas-serve-password' }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const options = (await (
        await fetch(`${server.url}/api/canvas/options`, { headers: { cookie } })
      ).json()) as { commit: { allowed: boolean } };
      assert.equal(options.commit.allowed, allowed, JSON.stringify(env));
    } finally {
      await server.close();
    }
  }
});
