import { createMemoryStore } from '../../support/memory-store.ts';
import { describeAccessConformance } from './access-conformance.ts';
import { describeDsrConformance } from './dsr-conformance.ts';
import { describeAdoptionConformance } from './adoption-conformance.ts';
import { describeIncidentsConformance } from './incidents-conformance.ts';

import { describeNotificationsConformance } from './notifications-conformance.ts';
import { describeJobsConformance } from './jobs-conformance.ts';
import { describeLimitsConformance } from './limits-conformance.ts';
import { describeTrinoRulesConformance } from './trino-rules-conformance.ts';
import type { StoreUnderTest } from './store-conformance.ts';

// The memory store stands in for the real ones in service and API tests: its access
// requests and grants must behave as theirs do (filters, order, paging, atomic update).
// One store per backing: "several instances" share it, as processes share a real store.
const memory: StoreUnderTest = {
  name: 'memory (test support)',
  fresh() {
    const store = createMemoryStore();
    return Promise.resolve({
      open: () => Promise.resolve(store),
      dispose: () => Promise.resolve(),
    });
  },
};
describeAccessConformance(memory);
describeDsrConformance(memory);
describeAdoptionConformance(memory);
describeIncidentsConformance(memory);

describeNotificationsConformance(memory);
describeJobsConformance(memory);
describeLimitsConformance(memory);
describeTrinoRulesConformance(memory);
