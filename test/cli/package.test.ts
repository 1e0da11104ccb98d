import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const version = (
  JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * Meshwork installed outside the clone, as the README says: `npm pack` (which compiles src/
 * and builds the portal through the prepack script), then `npm install -g` of the tarball
 * into a private prefix. The pack runs in a copy of the clone, so the clone's own dist/ and
 * web/dist, which other tests use at the same time, are left alone.
 */
describe('the packed and installed meshwork command', { timeout: 600_000 }, () => {
  let dir: string;
  let meshwork: string;
  let tarball: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwork-package-'));
    const clone = join(dir, 'clone');
    for (const part of [
      'package.json',
      'package-lock.json',
      'README.md',
      'tsconfig.json',
      'tsconfig.build.json',
      'bin',
      'src',
      'web',
      'scripts/build.ts',
    ])
      cpSync(join(repo, part), join(clone, part), {
        recursive: true,
        filter: (src) => !/[/\\]web[/\\]dist$/.test(src),
      });
    symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'));
    await run('npm', ['pack', '--pack-destination', dir], { cwd: clone, maxBuffer: 16 << 20 });
    tarball = join(dir, `meshwork-${version}.tgz`);
    const prefix = join(dir, 'prefix');
    await run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
      { cwd: dir, maxBuffer: 16 << 20 },
    );
    meshwork = join(prefix, 'bin', 'meshwork');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the tarball holds compiled JavaScript and the built portal, not the TypeScript sources', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n');
    for (const f of [
      'package/bin/meshwork.js',
      'package/dist/cli/main.js',
      'package/dist/index.d.ts',
      'package/web/dist/index.html',
    ])
      assert.ok(files.includes(f), `${f} is packed`);
    assert.ok(
      files.some((f) => f.startsWith('package/dist/app/governance/builtin/')),
      'the built-in policies',
    );
    assert.ok(!files.some((f) => f.startsWith('package/src/')), 'no TypeScript sources');
  });

  test('meshwork --version runs without tsx', async () => {
    const { stdout } = await run(meshwork, ['--version']);
    assert.equal(stdout.trim(), version);
    const installed = join(dirname(meshwork), '..', 'lib', 'node_modules');
    assert.ok(existsSync(join(installed, 'meshwork', 'dist', 'cli', 'main.js')));
    assert.ok(
      !readdirSync(join(installed, 'meshwork', 'node_modules')).includes('tsx'),
      'tsx is not installed',
    );
  });

  test('meshwork validate checks a mesh', async () => {
    const { stdout } = await run(meshwork, ['validate', join(repo, 'examples', 'alpine-bikes')]);
    assert.match(stdout, /no problems found/);
  });

  test('meshwork serve answers / with the portal', async () => {
    const mesh = join(dir, 'mesh');
    cpSync(join(repo, 'examples', 'alpine-bikes'), mesh, {
      recursive: true,
      filter: (src) => !/[/\\](data|\.meshwork)$/.test(src),
    });
    const child = spawn(meshwork, ['serve', mesh, '--port', '0'], {
      env: { ...process.env, MESHWORK_ADMIN_PASSWORD: 'package-test-password', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${text}`)), 120_000);
        const read = (chunk: Buffer): void => {
          text += chunk.toString();
          if (text.includes('Stop with Ctrl-C')) {
            clearTimeout(timer);
            resolve(text);
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${text}`)));
      });
      const url = /Portal and API: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      assert.ok(url, output);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
