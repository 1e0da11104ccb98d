import { createMemoryStore } from '../../support/memory-store.ts';
import { describeAccessConformance } from './access-conformance.ts';

// The memory store stands in for the real ones in service and API tests: its access
// requests and grants must behave as theirs do (filters, order, paging, atomic update).
// One store per backing: "several instances" share it, as processes share a real store.
describeAccessConformance({
  name: 'memory (test support)',
  fresh() {
    const store = createMemoryStore();
    return Promise.resolve({
      open: () => Promise.resolve(store),
      dispose: () => Promise.resolve(),
    });
  },
});
