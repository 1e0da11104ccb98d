import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CollectionLog } from '../../../src/stores/embedded/collection-log.ts';

describe('the embedded store’s collection log', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-log-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('waits for a line still being written, even cut inside a UTF-8 character', async () => {
    const file = join(dir, 'partial.jsonl');
    const line = Buffer.from(`${JSON.stringify({ op: 'put', key: 'city', value: 'Zürich' })}\n`);
    const cut = line.indexOf(Buffer.from('ü')) + 1;
    await writeFile(file, line.subarray(0, cut));
    const log = new CollectionLog(file);
    assert.equal((await log.read()).has('city'), false);
    await appendFile(file, line.subarray(cut));
    assert.equal((await log.read()).get('city'), 'Zürich');
  });

  it('skips a line a crash cut short and keeps the ones around it', async () => {
    const file = join(dir, 'crashed.jsonl');
    const put = (key: string): string => JSON.stringify({ op: 'put', key, value: { key } });
    // The cut line has no newline of its own: the next append is glued to it.
    await writeFile(file, `${put('a')}\n{"op":"put","key":"b","val${put('c')}\n${put('d')}\n`);
    const state = await new CollectionLog(file).read();
    assert.deepEqual([...state.keys()], ['a', 'd']);
  });

  it('folds concurrent reads of one instance once, in order', async () => {
    const file = join(dir, 'concurrent.jsonl');
    const writer = new CollectionLog(file);
    const reader = new CollectionLog(file);
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      await writer.append([{ op: 'put', key: `k${i}`, value: i }]);
      if (i % 3 === 0) await writer.append([{ op: 'delete', key: `k${i}` }]);
      reads.push(reader.read().then((s) => s.size));
    }
    await Promise.all(reads);
    const state = await reader.read();
    assert.deepEqual(
      [...state.keys()],
      Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i % 3 !== 0)
        .map((i) => `k${i}`),
    );
  });

  it('keeps a record appended after a line a crash left without its newline', async () => {
    const file = join(dir, 'torn.jsonl');
    const token = { id: 't1', revoked: false };
    await writeFile(file, `${JSON.stringify({ op: 'put', key: 't1', value: token })}\n`);
    // What a writer killed in the middle of its write() leaves behind.
    await appendFile(file, '{"op":"put","key":"t2","value":{"id":"t');
    await new CollectionLog(file).append([{ op: 'patch', key: 't1', value: { revoked: true } }]);
    await new CollectionLog(file).append([{ op: 'put', key: 't3', value: { id: 't3' } }]);
    const state = await new CollectionLog(file).read();
    assert.deepEqual(state.get('t1'), { id: 't1', revoked: true });
    assert.deepEqual([...state.keys()], ['t1', 't3']);
  });

  it('acknowledges an append made during another process’s compaction only once it is in the new file', async () => {
    const file = join(dir, 'compacting.jsonl');
    const put = (key: string): string => `${JSON.stringify({ op: 'put', key, value: key })}\n`;
    await writeFile(file, put('a') + put('a'));
    // Another process compacts: it holds the lock and has read the file as it is now.
    const lock = `${file}.lock`;
    await writeFile(lock, JSON.stringify({ token: 'other', pid: process.pid, host: hostname() }));
    let acknowledged = false;
    const appending = new CollectionLog(file)
      .append([{ op: 'put', key: 'b', value: 'b' }])
      .then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(acknowledged, false, 'not acknowledged while a compaction may have missed it');
    // The compactor renames what it read, compacted, over the file and lets go of the lock.
    await writeFile(`${file}.compacted`, put('a'));
    await rename(`${file}.compacted`, file);
    await unlink(lock);
    await appending;
    assert.deepEqual([...(await new CollectionLog(file).read()).keys()], ['a', 'b']);
  });

  it('notices a new file even when it got the inode number of the one it folded', async (t) => {
    const file = join(dir, 'reused.jsonl');
    const put = (value: string): string => `${JSON.stringify({ op: 'put', key: 'k', value })}\n`;
    await writeFile(file, put('a'));
    const reader = new CollectionLog(file);
    assert.equal((await reader.read()).get('k'), 'a');
    const folded = (await stat(file)).ino;
    // Two compactions by others while the reader looks away; the second file may get the
    // first one's inode number back (ext4 hands it out again at once), same size and all.
    await writeFile(`${file}.next`, put('b'));
    await rename(`${file}.next`, file);
    for (let attempt = 0; attempt < 20 && (await stat(file)).ino !== folded; attempt++) {
      await writeFile(`${file}.next`, put('c'));
      await rename(`${file}.next`, file);
    }
    if ((await stat(file)).ino !== folded)
      return t.skip('this file system does not hand out an inode number again at once');
    assert.equal((await reader.read()).get('k'), 'c');
  });
});
