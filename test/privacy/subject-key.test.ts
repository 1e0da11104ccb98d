import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SubjectHashKey } from '../../src/app/privacy/subject-hash.ts';
import { withStore } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres } from '../support/postgres.ts';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import { ANNA, createDsrMesh } from './dsr-mesh.ts';
import { TEST_KEY, TEST_KEY_TEXT, createPrivacyMesh, subjectHash } from './retention-support.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/**
 * Issue 11, M3: the subject hash key is the same everywhere a store is shared, and a key
 * that is not the one the suppressions were made with is refused, never used to match no one.
 */
const TEAM_KEY = 'team-subject-key-0123456789abcdef0123456789';
const OTHER_KEY = 'other-subject-key-0123456789abcdef012345678';

describe('the subject hash key with a shared PostgreSQL store', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let mesh: DsrMesh;
  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url);
    mesh = await createDsrMesh();
    rmSync(join(mesh.root, 'domains/sales/unbuilt'), { recursive: true });
  });
  after(async () => {
    mesh.remove();
    await db.drop();
    await server.stop();
  });

  const erase = (value: string, env: NodeJS.ProcessEnv) =>
    cli(
      ['dsr', 'erase', '--subject', `email=${value}`, '--mode', 'delete', '--format', 'json'],
      mesh.root,
      {
        env,
      },
    );
  const find = (value: string, env: NodeJS.ProcessEnv) =>
    cli(['dsr', 'find', '--subject', `email=${value}`, '--format', 'json'], mesh.root, { env });

  it('refuses dsr erase and dsr find without MESHWORK_SUBJECT_KEY, before anything is changed', async () => {
    const env = { MESHWORK_DATABASE_URL: db.url };
    const keyFile = join(mesh.root, '.meshwork', 'pseudonym.key');
    const hadKeyFile = existsSync(keyFile);
    for (const run of [await erase(ANNA, env), await find(ANNA, env)]) {
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, /shared PostgreSQL database/);
      assert.match(run.stderr, /set MESHWORK_SUBJECT_KEY/);
      assert.equal(run.stdout, '', 'no answer without the key');
      assert.ok(!`${run.stdout}${run.stderr}`.toLowerCase().includes(ANNA.toLowerCase()));
    }
    assert.equal(existsSync(keyFile), hadKeyFile, 'no checkout-local key was made');
    await withStore({ meshRoot: mesh.root, env }, async (store) => {
      assert.deepEqual((await store.suppressions.list({})).items, [], 'no suppression stored');
      assert.deepEqual((await store.dsrTasks.list({})).items, [], 'no task stored');
      assert.deepEqual((await store.audit.list({})).items, [], 'nothing audited');
    });
  });

  it('stores the key fingerprint with each suppression and task, and refuses another key by fingerprint', async () => {
    const team = { MESHWORK_DATABASE_URL: db.url, MESHWORK_SUBJECT_KEY: TEAM_KEY };
    const erased = await erase(ANNA, team);
    assert.equal(erased.code, 0, erased.stdout + erased.stderr);
    const teamPrint = new SubjectHashKey(TEAM_KEY).fingerprint();
    const otherPrint = new SubjectHashKey(OTHER_KEY).fingerprint();
    assert.match(teamPrint, /^[0-9a-f]{16}$/);
    await withStore({ meshRoot: mesh.root, env: team }, async (store) => {
      const suppressions = (await store.suppressions.list({})).items;
      assert.ok(suppressions.length > 0);
      for (const s of suppressions) assert.equal(s.keyFingerprint, teamPrint);
      const tasks = (await store.dsrTasks.list({})).items;
      assert.ok(tasks.length > 0);
      for (const t of tasks) assert.equal(t.keyFingerprint, teamPrint);
      assert.deepEqual(await store.suppressions.keyFingerprints(), [teamPrint]);
    });

    // Another machine with another key: an erasure and a find are refused, naming both keys.
    const other = { MESHWORK_DATABASE_URL: db.url, MESHWORK_SUBJECT_KEY: OTHER_KEY };
    const before = await withStore({ meshRoot: mesh.root, env: team }, async (store) => ({
      suppressions: (await store.suppressions.list({})).items.length,
      audit: (await store.audit.list({ limit: 100 })).items.length,
    }));
    for (const run of [
      await erase('bert@example.com', other),
      await find('bert@example.com', other),
    ]) {
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.ok(run.stderr.includes(`fingerprint "${teamPrint}"`), run.stderr);
      assert.ok(run.stderr.includes(`"${otherPrint}"`), run.stderr);
      assert.match(run.stderr, /Set MESHWORK_SUBJECT_KEY to the key with fingerprint/);
      assert.ok(
        !run.stderr.includes(TEAM_KEY) && !run.stderr.includes(OTHER_KEY),
        'no key in clear',
      );
    }
    await withStore({ meshRoot: mesh.root, env: team }, async (store) => {
      assert.equal((await store.suppressions.list({})).items.length, before.suppressions);
      assert.equal((await store.audit.list({ limit: 100 })).items.length, before.audit);
    });
    // The team key still works: the second erasure is harmless, the find is answered.
    assert.equal((await find('bert@example.com', team)).code, 0);
  });
});

describe('a build with a shared PostgreSQL store', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url);
  });
  after(async () => {
    await db.drop();
    await server.stop();
  });

  it('fails the product that has suppressions to apply when MESHWORK_SUBJECT_KEY is not set', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    const shared = { MESHWORK_DATABASE_URL: db.url };
    await withStore({ meshRoot: mesh.root, env: shared }, (store) =>
      store.suppressions.add({
        id: 's-1',
        kind: 'email',
        subjectHash: subjectHash('anna@example.com'),
        mode: 'delete',
        keyFingerprint: TEST_KEY.fingerprint(),
        requestId: 'req-1',
        createdAt: new Date().toISOString(),
      }),
    );
    const args = ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'];
    const refused = await cli(args, mesh.root, { env: shared });
    assert.notEqual(refused.code, 0);
    const product = (JSON.parse(refused.stdout) as BuildReport).products[0];
    assert.equal(product?.status, 'error');
    assert.match(JSON.stringify(product), /shared PostgreSQL database/);
    const built = await cli(args, mesh.root, {
      env: { ...shared, MESHWORK_SUBJECT_KEY: TEST_KEY_TEXT },
    });
    assert.equal(built.code, 0, built.stdout + built.stderr);
    const ports = (JSON.parse(built.stdout) as BuildReport).products[0];
    assert.ok(ports?.status === 'published');
    assert.deepEqual(ports.ports.find((p) => p.port === 'customers')?.suppressed, {
      deleted: 1,
      pseudonymised: 0,
    });
  });
});
