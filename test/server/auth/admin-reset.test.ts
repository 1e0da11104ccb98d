import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { MeshworkStore } from '../../../src/app/store/store.ts';
import { openStore } from '../../../src/runtime/index.ts';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { cli } from '../../support/cli.ts';
import { createTestDatabase, startTestPostgres } from '../../support/postgres.ts';
import { addUser, createTestServer, signIn } from './support.ts';

/** An admin whose password nobody knows any more, and a plain user. */
async function lockOut(store: MeshworkStore): Promise<void> {
  await addUser(store, 'admin', 'forgotten-password', ['admin']);
  await addUser(store, 'ada', 'ada-password');
}

describe('meshwork admin reset', () => {
  const dirs: string[] = [];
  const folder = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'meshwork-reset-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('gives the admin a new generated password printed once, re-enables it, ends its sessions and audits it', async () => {
    const mesh = await folder();
    const store = createEmbeddedStore({ directory: join(mesh, '.meshwork', 'store') });
    await store.migrate();
    const { app } = createTestServer({ store });
    await lockOut(store);
    const stolen = await signIn(app, 'admin', 'forgotten-password');
    await store.users.put({ ...(await store.users.get('admin'))!, disabled: true });

    const run = await cli(['admin', 'reset', mesh], mesh);
    assert.equal(run.code, 0, run.stderr);
    const password = /new password is (\S+)/.exec(run.stdout)?.[1] ?? '';
    assert.ok(password.length >= 20, run.stdout);
    assert.match(run.stdout, /Reset the admin account admin; ended 1 session/);

    // The server (another store instance over the same folder) sees it.
    const after = createEmbeddedStore({ directory: join(mesh, '.meshwork', 'store') });
    const server = createTestServer({ store: after });
    const me = await server.app.request('/api/auth/me', { headers: { cookie: stolen.cookie } });
    assert.equal(me.status, 401, 'the old session ended');
    await signIn(server.app, 'admin', password);
    const admin = await after.users.get('admin');
    assert.equal(admin?.disabled, false);
    assert.deepEqual(admin?.roles, ['admin']);
    const events = (await after.audit.list({ action: 'user.reset-admin' })).items;
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.details, { created: false, via: 'cli', endedSessions: 1 });
    assert.ok(!JSON.stringify(events).includes(password));
  });

  it('creates the named account when it is gone, with MESHWORK_ADMIN_PASSWORD, and prints JSON', async () => {
    const mesh = await folder();
    const run = await cli(['admin', 'reset', '--username', 'ops', '--format', 'json'], mesh, {
      env: { MESHWORK_ADMIN_PASSWORD: 'chosen-ops-password' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { username: 'ops', created: true, endedSessions: 0 });
    assert.ok(!run.stdout.includes('chosen-ops-password'));
    const store = await openStore({ meshRoot: mesh, env: {} });
    const { app } = createTestServer({ store });
    await signIn(app, 'ops', 'chosen-ops-password');
    await store.close();
  });

  it('refuses a bad username or a short password with exit 2', async () => {
    const mesh = await folder();
    const bad = await cli(['admin', 'reset', mesh, '--username', 'Not Valid'], mesh);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a valid username/);
    const short = await cli(['admin', 'reset', mesh], mesh, {
      env: { MESHWORK_ADMIN_PASSWORD: 'short' },
    });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 8 characters/);
    assert.equal((await cli(['admin', 'frob'], mesh)).code, 2);
  });

  it('resets the admin in a PostgreSQL store (MESHWORK_DATABASE_URL)', async () => {
    const pg = await startTestPostgres();
    const database = await createTestDatabase(pg.url, 'meshwork_reset');
    try {
      const env = { MESHWORK_DATABASE_URL: database.url };
      const mesh = await folder();
      const store = await openStore({ meshRoot: mesh, env });
      try {
        await lockOut(store);
        await store.users.put({ ...(await store.users.get('admin'))!, roles: [] });
        const run = await cli(['admin', 'reset', mesh], mesh, { env });
        assert.equal(run.code, 0, run.stderr);
        const password = /new password is (\S+)/.exec(run.stdout)?.[1] ?? '';
        await signIn(createTestServer({ store }).app, 'admin', password);
        assert.deepEqual((await store.users.get('admin'))?.roles, ['admin']);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
      await pg.stop();
    }
  });
});
