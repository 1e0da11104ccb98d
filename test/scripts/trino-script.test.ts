import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TrinoSetupError } from '../../scripts/trino/install.ts';
import { DENIED_USER, initialRules, renderEnv, startTrino } from '../../scripts/trino/instance.ts';

describe('scripts/trino.ts', () => {
  it('refuses to start in a folder it did not make, and deletes nothing there', async () => {
    const home = await mkdtemp(join(tmpdir(), 'meshwork-trino-foreign-'));
    try {
      await writeFile(join(home, 'thesis.tex'), 'years of work');
      await assert.rejects(
        startTrino({
          home,
          server: '/nonexistent',
          javaHome: '/nonexistent',
          log: () => undefined,
        }),
        (error: unknown) =>
          error instanceof TrinoSetupError &&
          /not a Trino home made by scripts\/trino\.ts/.test(error.message),
      );
      assert.deepEqual(await readdir(home), ['thesis.tex']);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('writes env lines a shell reads back exactly, quotes included', () => {
    const value = `it's $HOME; \`x\` "y"`;
    const script = `${renderEnv({ MESHWORK_X: value })}printf %s "$MESHWORK_X"`;
    assert.equal(execFileSync('sh', ['-c', script], { encoding: 'utf8' }), value);
  });

  it('starts with rules that deny the one test user first and allow the rest', () => {
    const rules = initialRules() as Record<string, { user?: string }[]>;
    for (const section of ['catalogs', 'schemas', 'tables']) {
      assert.equal(rules[section]![0]!.user, DENIED_USER, section);
      assert.equal(rules[section]![1]!.user, undefined, section);
    }
  });
});
