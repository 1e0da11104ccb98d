import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import { AUTH_RECHECK_MS, createEmbeddedStore } from '../../../src/stores/embedded/index.ts';

const writer = join(import.meta.dirname, 'support', 'write-runs.ts');
const approver = join(import.meta.dirname, 'support', 'approve-request.ts');

function writeRuns(dir: string, prefix: string, count: number, compactAfter?: number) {
  const args = ['--import', 'tsx', writer, dir, prefix, String(count)];
  if (compactAfter !== undefined) args.push(String(compactAfter));
  return runChild(args, prefix);
}

function approve(dir: string, id: string, prefix: string, count: number, compactAfter?: number) {
  const args = ['--import', 'tsx', approver, dir, id, prefix, String(count)];
  if (compactAfter !== undefined) args.push(String(compactAfter));
  return runChild(args, prefix);
}

function runChild(args: string[], prefix: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`child ${prefix} exited ${code}: ${stderr}`)),
    );
  });
}

async function allRunIds(store: MeshworkStore): Promise<string[]> {
  const ids: string[] = [];
  let page = await store.runs.list({ limit: 500 });
  for (;;) {
    ids.push(...page.items.map((r) => r.id));
    if (page.next === null) return ids;
    page = await store.runs.list({ limit: 500, cursor: page.next });
  }
}

describe('embedded store across processes', () => {
  const dirs: string[] = [];
  const folder = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-store-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('two processes writing runs at once, one compacting all the time, lose nothing', async () => {
    const dir = await folder();
    const count = 150;
    await Promise.all([writeRuns(dir, 'cli', count, 7), writeRuns(dir, 'build', count)]);
    const store = createEmbeddedStore({ directory: dir });
    const ids = await allRunIds(store);
    assert.equal(ids.length, 2 * count);
    assert.equal(new Set(ids).size, 2 * count, 'no run twice');
    for (let i = 0; i < count; i++) {
      assert.ok(ids.includes(`cli-${i}`), `cli-${i}`);
      assert.ok(ids.includes(`build-${i}`), `build-${i}`);
    }
  });

  it('a server reading while a CLI writes sees a growing, consistent history and the end state', async () => {
    const dir = await folder();
    const server = createEmbeddedStore({ directory: dir });
    await server.migrate();
    const count = 200;
    let done = false;
    const writing = writeRuns(dir, 'cli', count, 25).finally(() => (done = true));
    const seen: number[] = [];
    while (!done) {
      const ids = await allRunIds(server);
      assert.equal(new Set(ids).size, ids.length, 'a reader never sees a run twice');
      seen.push(ids.length);
      await new Promise((r) => setTimeout(r, 5));
    }
    await writing;
    seen.push((await allRunIds(server)).length);
    assert.equal(seen[seen.length - 1], count);
    for (let i = 1; i < seen.length; i++)
      assert.ok(seen[i]! >= seen[i - 1]!, `the history never shrinks (${seen.join(',')})`);
    // The newest first: the last run written heads the list.
    assert.equal((await server.runs.list({ limit: 1 })).items[0]?.id, `cli-${count - 1}`);
  });

  it('a token revoked by another process stops working within the auth recheck bound', async () => {
    const dir = await folder();
    // Two instances on one folder: each folds the logs on its own, as two processes do.
    const server = createEmbeddedStore({ directory: dir });
    const cli = createEmbeddedStore({ directory: dir });
    await server.migrate();
    await cli.tokens.put({
      id: 't1',
      username: 'anna',
      name: 'ci',
      tokenHash: 'hash-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
      lastUsedAt: null,
      revoked: false,
    });
    // Within the bound the server may answer from memory: a new token shows after it too.
    await new Promise((r) => setTimeout(r, AUTH_RECHECK_MS + 50));
    assert.equal((await server.tokens.findByHash('hash-1'))?.revoked, false);
    assert.equal(await cli.tokens.revoke('anna', 't1'), true);
    const revokedAt = performance.now();
    for (;;) {
      const seen = await server.tokens.findByHash('hash-1');
      if (seen?.revoked) break;
      assert.ok(
        performance.now() - revokedAt < AUTH_RECHECK_MS + 50,
        'revocation seen within the bound',
      );
      await new Promise((r) => setTimeout(r, 10));
    }
    // A touch by the server itself is seen by its next read at once, not after the bound.
    await server.tokens.touch('t1', '2026-03-01T10:00:00.000Z');
    assert.equal(
      (await server.tokens.findByHash('hash-1'))?.lastUsedAt,
      '2026-03-01T10:00:00.000Z',
    );
    assert.equal((await server.tokens.findByHash('hash-1'))?.revoked, true);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await folder();
    const store = createEmbeddedStore({ directory: dir, compactAfter: 2 });
    await store.migrate();
    // pid 2^22 + 1 is above Linux's pid_max: certainly not running.
    await writeFile(
      join(dir, 'runs.jsonl.lock'),
      JSON.stringify({ token: 'dead', pid: 4_194_305, host: (await import('node:os')).hostname() }),
    );
    const started = Date.now();
    // The same run four times: compaction leaves one line, four appends would leave four.
    for (let i = 0; i < 4; i++) await store.runs.record(await sample(0));
    assert.ok(Date.now() - started < 5000, 'no wait for the dead owner');
    const lines = (await readFile(join(dir, 'runs.jsonl'), 'utf8')).split('\n').filter(Boolean);
    assert.equal(lines.length, 1, 'compacted');
    await assert.rejects(readFile(join(dir, 'runs.jsonl.lock')), { code: 'ENOENT' });
    const reader = createEmbeddedStore({ directory: dir });
    assert.deepEqual(await allRunIds(reader), ['r-0']);
  });

  it('three processes deciding one access request at once: every change sees the one before', async () => {
    const dir = await folder();
    const store = createEmbeddedStore({ directory: dir });
    await store.migrate();
    const { request } = await import('./access-conformance.ts');
    await store.accessRequests.create(request('r1'));
    const count = 20;
    // One of them compacts the log all the time: its rename must not lose a change either.
    await Promise.all([
      approve(dir, 'r1', 'cli', count, 3),
      approve(dir, 'r1', 'server', count),
      approve(dir, 'r1', 'worker', count),
    ]);
    const after = await createEmbeddedStore({ directory: dir }).accessRequests.get('r1');
    const by = after?.approvals.map((a) => a.by) ?? [];
    assert.equal(by.length, 3 * count, 'no change started from an old value');
    assert.equal(new Set(by).size, 3 * count);
    await assert.rejects(readFile(join(dir, 'access-requests-change.lock')), { code: 'ENOENT' });
  });

  it('refuses a store written by a newer Meshwork', async () => {
    const dir = await folder();
    await writeFile(
      join(dir, 'format.json'),
      JSON.stringify({ format: 'meshwork-embedded-store', version: 99 }),
    );
    await assert.rejects(createEmbeddedStore({ directory: dir }).migrate(), /version 99/);
  });
});

async function sample(i: number) {
  const { run } = await import('./store-conformance.ts');
  return run(`r-${i}`, 'c');
}
