import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
});
