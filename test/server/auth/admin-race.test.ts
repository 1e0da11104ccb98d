import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';

const child = join(import.meta.dirname, 'admin-race-child.ts');
const RACES = 20;

/** A racing process; `outcome(i)` resolves with what it printed for race i. */
function racer(dir: string, side: 'a' | 'z') {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, side, String(RACES)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen = new Map<number, string>();
  const waiting = new Map<number, (outcome: string) => void>();
  let buffer = '';
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [race, outcome] = line.split(' ');
      seen.set(Number(race), outcome ?? '');
      waiting.get(Number(race))?.(outcome ?? '');
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
  return {
    outcome: (race: number) =>
      new Promise<string>((resolve, reject) => {
        const known = seen.get(race);
        if (known !== undefined) return resolve(known);
        waiting.set(race, resolve);
        void exited.then((code) => reject(new Error(`racer ${side} exited ${code}: ${stderr}`)));
      }),
    exited,
    stop: () => proc.kill(),
  };
}

describe('the last admin across two processes (embedded store)', () => {
  it('leaves exactly one admin when two processes demote or delete each other at once, 20 races', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-admin-race-'));
    const stops: (() => void)[] = [];
    try {
      const store = createEmbeddedStore({ directory: dir });
      await store.migrate();
      const admin = (username: string) => ({
        username,
        name: username,
        email: null,
        roles: ['admin' as const],
        passwordHash: null,
        oidcSubject: null,
        disabled: false,
        createdAt: new Date().toISOString(),
      });
      const [a, z] = [racer(dir, 'a'), racer(dir, 'z')];
      stops.push(a.stop, z.stop);
      for (let race = 0; race < RACES; race++) {
        await store.users.put(admin(`a${race}`));
        await store.users.put(admin(`z${race}`));
        for (const old of [`a${race - 1}`, `z${race - 1}`]) await store.users.delete(old);
        await writeFile(join(dir, `race-${race}.go`), '');
        const outcomes = [await a.outcome(race), await z.outcome(race)].sort();
        assert.deepEqual(outcomes, ['done', 'last-admin'], `race ${race}`);
        const fresh = createEmbeddedStore({ directory: dir, authRecheckMs: 0 });
        const admins = (await fresh.users.list({ limit: 100 })).items.filter(
          (u) => u.roles.includes('admin') && !u.disabled,
        );
        assert.equal(admins.length, 1, `race ${race}: ${admins.map((u) => u.username).join()}`);
      }
      assert.deepEqual(await Promise.all([a.exited, z.exited]), [0, 0]);
    } finally {
      // A failed race leaves the racers waiting for the next one.
      for (const stop of stops) stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
