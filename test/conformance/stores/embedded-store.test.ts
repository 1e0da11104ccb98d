import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
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

const embedded = (name: string, compactAfter?: number): StoreUnderTest => ({
  name,
  async fresh() {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-store-'));
    return {
      async open() {
        const store = createEmbeddedStore(
          compactAfter === undefined ? { directory } : { directory, compactAfter },
        );
        await store.migrate();
        return store;
      },
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  },
});

describeStoreConformance(embedded('embedded'));
describeAccessConformance(embedded('embedded'));

// The same suites with compaction after every few appends: the rewrite must lose nothing.
describeStoreConformance(embedded('embedded, compacting often', 3));
describeAccessConformance(embedded('embedded, compacting often', 3));
describeDsrConformance(embedded('embedded'));
describeDsrConformance(embedded('embedded, compacting often', 3));
describeAdoptionConformance(embedded('embedded'));
describeAdoptionConformance(embedded('embedded, compacting often', 3));
describeIncidentsConformance(embedded('embedded'));
describeIncidentsConformance(embedded('embedded, compacting often', 3));

describeNotificationsConformance(embedded('embedded'));
describeNotificationsConformance(embedded('embedded, compacting often', 3));
describeJobsConformance(embedded('embedded'));
describeJobsConformance(embedded('embedded, compacting often', 3));
describeLimitsConformance(embedded('embedded'));
describeLimitsConformance(embedded('embedded, compacting often', 3));
describeTrinoRulesConformance(embedded('embedded'));
describeTrinoRulesConformance(embedded('embedded, compacting often', 3));
