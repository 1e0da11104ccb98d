/**
 * A second process for the embedded store's concurrency tests: writes COUNT runs with ids
 * `<prefix>-<n>` into the store folder, as `meshwork test` would, then exits.
 * Usage: node --import tsx write-runs.ts DIR PREFIX COUNT [COMPACT_AFTER]
 */
import { createEmbeddedStore } from '../../../../src/stores/embedded/index.ts';
import { run } from '../store-conformance.ts';

const [directory, prefix, count, compactAfter] = process.argv.slice(2);
if (!directory || !prefix || !count) throw new Error('usage: write-runs.ts DIR PREFIX COUNT');
const store = createEmbeddedStore({
  directory,
  ...(compactAfter ? { compactAfter: Number(compactAfter) } : {}),
});
await store.migrate();
for (let i = 0; i < Number(count); i++) await store.runs.record(run(`${prefix}-${i}`, prefix));
await store.close();
