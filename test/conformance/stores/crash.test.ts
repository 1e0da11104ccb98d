import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { createPostgresStore } from '../../../src/stores/postgresql/index.ts';
import type { TestPostgres } from '../../support/postgres.ts';
import { createTestDatabase, startTestPostgres } from '../../support/postgres.ts';
import { describeCrashConformance } from './crash-conformance.ts';

describeCrashConformance({
  name: 'embedded, compacting all the time',
  async fresh() {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-crash-'));
    return {
      // The writers compact too, after every few appends of their own.
      target: { store: 'embedded', directory, compactAfter: 5 },
      async open() {
        const store = createEmbeddedStore({ directory });
        await store.migrate();
        return store;
      },
      compactor: [directory],
      // A put cut off after its first bytes, as a SIGKILL in the middle of write() leaves it.
      tear: () =>
        appendFile(
          join(directory, 'tokens.jsonl'),
          '{"op":"put","key":"crashed","value":{"id":"crashed","username":"an',
        ),
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  },
});

let server: TestPostgres | undefined;

describeCrashConformance({
  name: 'postgresql',
  async setUp() {
    server = await startTestPostgres();
  },
  async tearDown() {
    await server?.stop();
  },
  async fresh() {
    if (!server) throw new Error('PostgreSQL not started');
    const database = await createTestDatabase(server.url, 'meshwork_crash');
    return {
      target: { store: 'postgresql', url: database.url },
      async open() {
        const store = createPostgresStore({ connectionString: database.url, maxConnections: 2 });
        await store.migrate();
        return store;
      },
      dispose: () => database.drop(),
    };
  },
});
