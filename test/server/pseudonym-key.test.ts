import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  consumerTeamIdentity,
  loadPseudonymKey,
  pseudonymKeyFile,
  teamPseudonymKey,
} from '../../src/app/port-data/pseudonym-key.ts';

const roots: string[] = [];
async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'meshwork-key-'));
  roots.push(root);
  return root;
}
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('the pseudonym key of the data API', () => {
  test('is generated once into .meshwork/pseudonym.key with mode 0600 and then reused', async () => {
    const root = await workspace();
    const first = await loadPseudonymKey(root, {});
    assert.match(first, /^[0-9a-f]{64}$/);
    const info = await stat(pseudonymKeyFile(root));
    assert.equal(info.mode & 0o777, 0o600);
    assert.equal(await loadPseudonymKey(root, {}), first);
    assert.equal((await readFile(pseudonymKeyFile(root), 'utf8')).trim(), first);
  });

  test('two processes starting at once end with the same key', async () => {
    const root = await workspace();
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadPseudonymKey(root, {})));
    assert.equal(new Set(keys).size, 1);
  });

  test('MESHWORK_PSEUDONYM_KEY wins and writes no file; a short one is refused', async () => {
    const root = await workspace();
    const key = 'x'.repeat(40);
    assert.equal(await loadPseudonymKey(root, { MESHWORK_PSEUDONYM_KEY: key }), key);
    await assert.rejects(stat(pseudonymKeyFile(root)));
    await assert.rejects(
      loadPseudonymKey(root, { MESHWORK_PSEUDONYM_KEY: 'short' }),
      /at least 32 characters/,
    );
  });

  test('a key file others may read is refused, without showing the key', async () => {
    const root = await workspace();
    const key = await loadPseudonymKey(root, {});
    await chmod(pseudonymKeyFile(root), 0o644);
    await assert.rejects(loadPseudonymKey(root, {}), (error: Error) => {
      assert.match(error.message, /chmod 600/);
      assert.ok(!error.message.includes(key));
      return true;
    });
  });

  test('each team gets its own key', () => {
    const master = 'm'.repeat(64);
    assert.notEqual(teamPseudonymKey(master, 'marketing'), teamPseudonymKey(master, 'finance'));
    assert.equal(teamPseudonymKey(master, 'marketing'), teamPseudonymKey(master, 'marketing'));
    assert.notEqual(
      teamPseudonymKey(master, 'marketing'),
      teamPseudonymKey('n'.repeat(64), 'marketing'),
    );
  });

  test("two domains' teams of one name get two keys", () => {
    const master = 'm'.repeat(64);
    assert.notEqual(
      teamPseudonymKey(master, consumerTeamIdentity('sales', 'analytics')),
      teamPseudonymKey(master, consumerTeamIdentity('finance', 'analytics')),
    );
  });
});
