import { createPostgresStore } from '../../../src/stores/postgresql/index.ts';
import type { TestPostgres } from '../../support/postgres.ts';
import { createTestDatabase, startTestPostgres } from '../../support/postgres.ts';
import { describeAccessConformance } from './access-conformance.ts';
import { describeDsrConformance } from './dsr-conformance.ts';
import { describeAdoptionConformance } from './adoption-conformance.ts';
import { describeIncidentsConformance } from './incidents-conformance.ts';

import { describeNotificationsConformance } from './notifications-conformance.ts';
import { describeJobsConformance } from './jobs-conformance.ts';
import { describeLimitsConformance } from './limits-conformance.ts';
import { describeTrinoRulesConformance } from './trino-rules-conformance.ts';
import type { StoreUnderTest } from './store-conformance.ts';
import { describeStoreConformance } from './store-conformance.ts';

let server: TestPostgres | undefined;

const postgresql: StoreUnderTest = {
  name: 'postgresql',
  async setUp() {
    server = await startTestPostgres();
  },
  async tearDown() {
    await server?.stop();
  },
  async fresh() {
    if (!server) throw new Error('PostgreSQL not started');
    const database = await createTestDatabase(server.url, 'meshwork_store');
    return {
      async open() {
        const store = createPostgresStore({ connectionString: database.url, maxConnections: 4 });
        await store.migrate();
        return store;
      },
      dispose: () => database.drop(),
    };
  },
};

describeStoreConformance(postgresql);
describeAccessConformance(postgresql);
describeDsrConformance(postgresql);
describeAdoptionConformance(postgresql);
describeIncidentsConformance(postgresql);

describeNotificationsConformance(postgresql);
describeJobsConformance(postgresql);
describeLimitsConformance(postgresql);
describeTrinoRulesConformance(postgresql);
