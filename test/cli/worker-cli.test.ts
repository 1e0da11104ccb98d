import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/runtime/index.ts';
import { createTestMesh } from '../build/support.ts';
import { cli } from '../support/cli.ts';
import { newJob } from '../conformance/stores/jobs-conformance.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');

describe('meshwork worker', () => {
  it('explains itself', async () => {
    const run = await cli(['worker', '--help'], process.cwd());
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--concurrency N/);
    assert.match(run.stdout, /MESHWORK_JOB_LEASE_SECONDS/);
  });

  it('refuses bad options and settings before it opens the store', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const cases: [args: string[], env: NodeJS.ProcessEnv, message: RegExp][] = [
      [['--concurrency', '0'], {}, /--concurrency must be a whole number from 1 to 32/],
      [['--concurrency', '33'], {}, /from 1 to 32/],
      [['--concurrency', '1e1'], {}, /from 1 to 32/],
      [
        ['--kinds', 'build-product,nope'],
        {},
        /"nope" is not a kind this Meshwork runs \(build-product, test-contract/,
      ],
      [['--kinds', ' , '], {}, /--kinds needs at least one kind/],
      [
        [],
        { MESHWORK_JOB_LEASE_SECONDS: '0' },
        /MESHWORK_JOB_LEASE_SECONDS must be a number of seconds from 1 to 3600/,
      ],
      [[], { MESHWORK_JOB_LEASE_SECONDS: 'soon' }, /MESHWORK_JOB_LEASE_SECONDS/],
      [[], { MESHWORK_JOB_POLL_SECONDS: '1000' }, /MESHWORK_JOB_POLL_SECONDS/],
      [['--frobnicate'], {}, /meshwork worker --help/],
    ];
    for (const [args, env, message] of cases) {
      const run = await cli(['worker', mesh.root, ...args], mesh.root, { env });
      assert.equal(run.code, 2, `${args.join(' ')} ${JSON.stringify(env)}: ${run.stdout}`);
      assert.match(run.stderr, message);
    }
    const escape = await cli(['worker', mesh.root, '--kinds', 'x\u001b[2J'], mesh.root);
    assert.equal(escape.code, 2);
    assert.ok(!escape.stderr.includes('\u001b'), 'no terminal escape echoed');
    const missing = await cli(['worker', join(mesh.root, 'nope')], mesh.root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such folder/);
  });

  it('logs one clean line per job, even for hostile ids, and stops on SIGTERM', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const store = await openStore({ meshRoot: mesh.root, env: {} });
    try {
      const now = new Date().toISOString();
      await store.jobs.enqueue(
        newJob('evil\nFAKE job line\u001b[2J', {
          kind: 'test-contract',
          target: 'no-such-contract\r\u0007',
          runAfter: now,
          createdAt: now,
          maxAttempts: 1,
        }),
      );
      const child = spawn(process.execPath, [bin, 'worker', mesh.root], {
        env: { ...process.env, MESHWORK_JOB_POLL_SECONDS: '0.2' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + 60_000;
      while (!/failed for good/.test(out)) {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          assert.fail(`no job line within 60 s:\n${out}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out);
      const lines = out.split('\n').filter((l) => /^\S+Z job /.test(l));
      assert.equal(lines.length, 1, out);
      assert.match(
        lines[0] ?? '',
        /job evil FAKE job line \[2J test-contract no-such-contract {3}attempt 1 .*failed for good/,
      );
      assert.ok(
        [...out].every((c) => c === '\n' || c.charCodeAt(0) >= 0x20),
        'no control characters but newlines',
      );
      assert.match(out, /meshwork worker: stopped\./);
      const job = (await store.jobs.list({})).items[0];
      assert.equal(job?.state, 'failed');
    } finally {
      await store.close();
    }
  });
});
