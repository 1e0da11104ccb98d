import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import { crashToken } from './support/crash-values.ts';

/**
 * Every store keeps every write it acknowledged, whatever happens to the process that made
 * it: writer processes (support/ack-writer.ts) are SIGKILLed at random moments and started
 * again, while — for a store that compacts — another process forces compaction all the
 * time and is killed too. Then a fresh instance must hold every acknowledged write with
 * its latest value.
 */
export interface CrashBacking {
  /** What support/ack-writer.ts is given to open the store (JSON). */
  readonly target: object;
  open(): Promise<MeshworkStore>;
  /** Arguments of a process that compacts all the time, for a store that compacts. */
  readonly compactor?: readonly string[];
  /** Leaves what a crash in the middle of a write leaves: a line without its newline. */
  tear?(): Promise<void>;
  dispose(): Promise<void>;
}

export interface CrashSubject {
  readonly name: string;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
  fresh(): Promise<CrashBacking>;
}

const support = join(import.meta.dirname, 'support');
const WRITERS = 3;
const LIVES = 5;

export function describeCrashConformance(subject: CrashSubject): void {
  describe(`store crash conformance: ${subject.name}`, () => {
    const backings: CrashBacking[] = [];
    const stores: MeshworkStore[] = [];
    before(async () => subject.setUp?.());
    after(async () => {
      for (const store of stores) await store.close();
      for (const backing of backings) await backing.dispose();
      await subject.tearDown?.();
    });
    const fresh = async (): Promise<CrashBacking> => {
      const backing = await subject.fresh();
      backings.push(backing);
      return backing;
    };
    const reopen = async (backing: CrashBacking): Promise<MeshworkStore> => {
      const store = await backing.open();
      stores.push(store);
      return store;
    };

    it('keeps every acknowledged write of writers killed at random moments', async () => {
      const backing = await fresh();
      await reopen(backing);
      const acked = new Acknowledged();
      let writing = true;
      let compactions = 0;
      const compacting = (async () => {
        if (!backing.compactor) return;
        while (writing) {
          const compactor = start(join(support, 'compact-loop.ts'), backing.compactor, () => {
            compactions++;
          });
          // Stopped by stopAll() once the writers are done: not a failure.
          await killSoon(compactor, 20, 400).catch((error: unknown) => {
            if (writing) throw error;
          });
        }
      })();
      try {
        await Promise.all(
          Array.from({ length: WRITERS }, async (_, slot) => {
            for (let life = 0; life < LIVES; life++) {
              const args = [JSON.stringify(backing.target), `w${slot}.${life}`];
              await killSoon(start(join(support, 'ack-writer.ts'), args, acked.add), 30, 600);
            }
          }),
        );
      } finally {
        writing = false;
        await stopAll();
        await compacting;
      }
      assert.ok(acked.revoked.size >= 20, `writers got through (${acked.revoked.size} revoked)`);
      if (backing.compactor) assert.ok(compactions >= 5, `compaction ran (${compactions} times)`);
      assert.deepEqual(await acked.missing(await reopen(backing)), []);
    });

    it('keeps a write made after another process crashed in the middle of one', async (t) => {
      const backing = await fresh();
      if (!backing.tear) return t.skip('this store has no file a crash can tear');
      const store = await reopen(backing);
      await store.tokens.put(crashToken('before'));
      await backing.tear();
      // The next process revokes a token: the revocation must not be glued to the torn line.
      const acked = new Acknowledged();
      const writer = start(
        join(support, 'ack-writer.ts'),
        [JSON.stringify(backing.target), 'next'],
        acked.add,
      );
      try {
        await untilLine(writer, 'user next-u0 0');
      } finally {
        await stopAll();
      }
      assert.ok(acked.revoked.has('next-0'));
      const after = await reopen(backing);
      assert.deepEqual(await acked.missing(after), []);
      assert.equal((await after.tokens.findByHash('hash-before'))?.revoked, false);
      // A write after the revocation too: the torn line is behind, not in front of, the log.
      assert.equal(await after.tokens.revoke('anna', 'before'), true);
      assert.equal((await (await reopen(backing)).tokens.findByHash('hash-before'))?.revoked, true);
    });
  });
}

/** What the writers printed: each write the store acknowledged. */
class Acknowledged {
  readonly put = new Set<string>();
  readonly revoked = new Set<string>();
  /** The highest counter acknowledged per user: a user's latest value. */
  readonly users = new Map<string, number>();

  readonly add = (line: string): void => {
    const [kind, key, n] = line.split(' ');
    if (kind === 'put' && key) this.put.add(key);
    else if (kind === 'revoked' && key) this.revoked.add(key);
    else if (kind === 'user' && key && n)
      this.users.set(key, Math.max(Number(n), this.users.get(key) ?? -1));
  };

  /** Every acknowledged write the store does not hold (with its latest value), as text. */
  async missing(store: MeshworkStore): Promise<string[]> {
    const tokens = new Map((await store.tokens.listForUser('anna')).map((t) => [t.id, t]));
    const lost: string[] = [];
    for (const id of this.put) if (!tokens.has(id)) lost.push(`token ${id} lost`);
    for (const id of this.revoked)
      if (tokens.get(id)?.revoked !== true) lost.push(`revocation of ${id} lost`);
    for (const [username, n] of this.users) {
      const user = await store.users.get(username);
      // A newer put that was not acknowledged yet may have landed too; an older one may not win.
      if (!user || Number(user.name) < n)
        lost.push(`user ${username}: ${user?.name ?? 'none'} < ${n}`);
    }
    return lost;
  }
}

const running = new Set<ChildProcess>();

/** Kills whatever a failed test left running, before its folder or database goes. */
async function stopAll(): Promise<void> {
  for (const child of running) child.kill('SIGKILL');
  await Promise.all([...running].map(exited));
}

function start(
  script: string,
  args: readonly string[],
  onLine: (line: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  running.add(child);
  child.on('exit', (code) => {
    running.delete(child);
    // Killed is the plan; exiting on its own means the process failed.
    if (code !== null) child.emit('failed', new Error(`${script} exited ${code}: ${stderr}`));
  });
  return child;
}

/** Kills the process a random time (between the bounds, ms) after its first line. */
async function killSoon(child: ChildProcess, minMs: number, maxMs: number): Promise<void> {
  await untilLine(child);
  // A process that fails on its own before its time is up fails the test.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, minMs + Math.random() * (maxMs - minMs));
    child.once('failed', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  child.kill('SIGKILL');
  await exited(child);
}

function untilLine(child: ChildProcess, wanted?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (wanted === undefined ? seen.includes('\n') : seen.split('\n').includes(wanted)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('failed', reject);
    child.once('exit', () => reject(new Error(`exited before ${wanted ?? 'its first line'}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
