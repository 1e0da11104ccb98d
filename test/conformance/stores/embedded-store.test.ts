import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../../src/stores/embedded/index.ts';
import { describeStoreConformance } from './store-conformance.ts';

describeStoreConformance({
  name: 'embedded',
  async fresh() {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-store-'));
    return {
      async open() {
        const store = createEmbeddedStore({ directory });
        await store.migrate();
        return store;
      },
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  },
});

// The same suite with compaction after every few appends: the rewrite must lose nothing.
describeStoreConformance({
  name: 'embedded, compacting often',
  async fresh() {
    const directory = await mkdtemp(join(tmpdir(), 'meshwork-store-'));
    return {
      async open() {
        const store = createEmbeddedStore({ directory, compactAfter: 3 });
        await store.migrate();
        return store;
      },
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  },
});
