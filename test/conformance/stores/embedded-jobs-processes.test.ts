import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { newJob } from './jobs-conformance.ts';

const claimer = join(import.meta.dirname, 'support', 'claim-jobs.ts');

/** Runs one claimer process; resolves to the ids it claimed. */
function claimIn(directory: string, worker: string, parallel: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', claimer, directory, worker, String(parallel)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout.split('\n').filter((l) => l !== ''));
      else reject(new Error(`claimer ${worker} exited ${code}: ${stderr}`));
    });
  });
}

describe('embedded store jobs across processes', () => {
  it('never gives one job to two claimers of several processes', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-jobs-'));
    try {
      const store = createEmbeddedStore({ directory });
      await store.migrate();
      const count = 150;
      for (let i = 0; i < count; i++) await store.jobs.enqueue(newJob(`j${i}`));
      const claimed = (
        await Promise.all(['p1', 'p2', 'p3', 'p4'].map((w) => claimIn(directory, w, 3)))
      ).flat();
      assert.equal(new Set(claimed).size, claimed.length, 'no job claimed twice');
      assert.equal(claimed.length, count, 'every job claimed');
      const page = await store.jobs.list({ limit: 500 });
      assert.equal(page.items.length, count);
      for (const job of page.items) {
        assert.equal(job.state, 'succeeded', job.id);
        assert.equal(job.attempts, 1, `${job.id} claimed once`);
      }
      await store.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
