import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MeshworkError } from '../../../src/app/errors.ts';
import { openStore, withStore } from '../../../src/app/store/open-store.ts';
import { PG_MIGRATIONS } from '../../../src/stores/postgresql/migrations.ts';
import type { TestDatabase, TestPostgres } from '../../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../../support/postgres.ts';
import { run } from './store-conformance.ts';

describe('openStore', () => {
  let meshRoot: string;
  let server: TestPostgres;
  let database: TestDatabase;
  before(async () => {
    meshRoot = await mkdtemp(join(tmpdir(), 'meshwork-open-store-'));
    server = await startTestPostgres();
    database = await createTestDatabase(server.url, 'meshwork_open');
  });
  after(async () => {
    await rm(meshRoot, { recursive: true, force: true });
    await database.drop();
    await server.stop();
  });

  it('opens the embedded store in <mesh root>/.meshwork/store/ by default', async () => {
    await withStore({ meshRoot, env: {} }, (store) => store.runs.record(run('e1', 'c')));
    assert.deepEqual((await readdir(join(meshRoot, '.meshwork', 'store'))).sort(), [
      'format.json',
      'runs.jsonl',
    ]);
  });

  it('opens PostgreSQL with MESHWORK_DATABASE_URL, migrated once however often it is opened', async () => {
    const env = { MESHWORK_DATABASE_URL: database.url };
    await Promise.all([1, 2, 3].map(() => withStore({ meshRoot, env }, () => Promise.resolve())));
    await withStore({ meshRoot, env }, (store) => store.runs.record(run('p1', 'c')));
    const rows = await withClient(database.url, async (client) => ({
      migrations: (await client.query('SELECT version, name FROM schema_migrations')).rows,
      runs: (await client.query('SELECT id FROM meshwork_runs')).rows,
    }));
    assert.deepEqual(
      rows.migrations,
      PG_MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
    assert.deepEqual(rows.runs, [{ id: 'p1' }]);
  });

  it('says what failed without the database password', async () => {
    const url = new URL(database.url);
    url.password = 'wrong-secret-password';
    const error = await openStore({ meshRoot, env: { MESHWORK_DATABASE_URL: url.toString() } })
      .then(() => null)
      .catch((e: unknown) => e);
    assert.ok(error instanceof MeshworkError, String(error));
    assert.match(error.message, /^cannot open the Meshwork store: /);
    assert.ok(!error.message.includes('wrong-secret-password'), error.message);
  });

  it('refuses a database with a newer schema than it knows', async () => {
    await withClient(database.url, (client) =>
      client.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')"),
    );
    await assert.rejects(
      openStore({ meshRoot, env: { MESHWORK_DATABASE_URL: database.url } }),
      new RegExp(
        `schema version 999; this Meshwork knows up to ${PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version}\\b`,
      ),
    );
  });
});
