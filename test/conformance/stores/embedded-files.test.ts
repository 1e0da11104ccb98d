import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { withLock } from '../../../src/stores/embedded/lock-file.ts';
import { EMBEDDED_VERSION } from '../../../src/stores/embedded/migrations.ts';
import { crashToken, crashUser } from './support/crash-values.ts';

const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);

/** The store holds password hashes and token hashes: only its owner may read it. */
describe('embedded store files', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const parent = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-files-'));
    dirs.push(dir);
    return dir;
  };

  it('creates the store folder 0700 and every file 0600, lock files too', async () => {
    const directory = join(await parent(), 'store');
    const store = createEmbeddedStore({ directory, compactAfter: 2 });
    await store.migrate();
    await store.users.put(crashUser('anna', 1));
    for (let i = 0; i < 3; i++) await store.tokens.put(crashToken(`t${i}`));
    assert.equal(await mode(directory), '700');
    const files = await readdir(directory);
    assert.ok(files.includes('users.jsonl') && files.includes('tokens.jsonl'), files.join(' '));
    for (const file of files) assert.equal(await mode(join(directory, file)), '600', file);
    await withLock(join(directory, 'tokens.jsonl.lock'), async () => {
      assert.equal(await mode(join(directory, 'tokens.jsonl.lock')), '600');
    });
  });

  it('tightens a folder and files an older Meshwork left readable by everyone', async () => {
    const directory = join(await parent(), 'store');
    await mkdir(directory, { mode: 0o755 });
    await chmod(directory, 0o755);
    const users = `${JSON.stringify({ op: 'put', key: 'anna', value: crashUser('anna', 1) })}\n`;
    await writeFile(join(directory, 'users.jsonl'), users, { mode: 0o644 });
    await writeFile(
      join(directory, 'format.json'),
      JSON.stringify({ format: 'meshwork-embedded-store', version: 1 }),
      { mode: 0o644 },
    );
    const store = createEmbeddedStore({ directory });
    await store.migrate();
    assert.equal(await mode(directory), '700');
    assert.equal(await mode(join(directory, 'users.jsonl')), '600');
    assert.equal(await mode(join(directory, 'format.json')), '600');
    assert.equal((await store.users.get('anna'))?.name, '1');
  });

  it('ends the sessions of a version-1 store, whose CSRF tokens were kept in clear', async () => {
    const directory = join(await parent(), 'store');
    await mkdir(directory, { mode: 0o700 });
    const old = {
      idHash: 'a'.repeat(64),
      username: 'anna',
      csrfToken: 'csrf-token-in-clear',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2099-01-01T00:00:00.000Z',
    };
    await writeFile(
      join(directory, 'sessions.jsonl'),
      `${JSON.stringify({ op: 'put', key: old.idHash, value: old })}\n`,
      { mode: 0o600 },
    );
    await writeFile(
      join(directory, 'format.json'),
      JSON.stringify({ format: 'meshwork-embedded-store', version: 1 }),
      { mode: 0o600 },
    );
    const store = createEmbeddedStore({ directory });
    await store.migrate();
    assert.equal(await store.sessions.get(old.idHash), null);
    const text = await readFile(join(directory, 'sessions.jsonl'), 'utf8');
    assert.ok(!text.includes('csrf-token-in-clear'), text);
    const format = JSON.parse(await readFile(join(directory, 'format.json'), 'utf8')) as {
      version: number;
    };
    assert.equal(format.version, EMBEDDED_VERSION);
  });
});
