/**
 * A second process for the embedded store's concurrency tests: appends COUNT approvals
 * (by `<prefix>-<n>`, all at once) to access request ID through the atomic update, then exits.
 * Usage: node --import tsx approve-request.ts DIR ID PREFIX COUNT [COMPACT_AFTER]
 */
import { createEmbeddedStore } from '../../../../src/stores/embedded/index.ts';

const [directory, id, prefix, count, compactAfter] = process.argv.slice(2);
if (!directory || !id || !prefix || !count)
  throw new Error('usage: approve-request.ts DIR ID PREFIX COUNT [COMPACT_AFTER]');
const store = createEmbeddedStore({
  directory,
  ...(compactAfter ? { compactAfter: Number(compactAfter) } : {}),
});
await store.migrate();
await Promise.all(
  Array.from({ length: Number(count) }, async (_, i) => {
    const after = await store.accessRequests.update(id, (current) => ({
      ...current,
      approvals: [
        ...current.approvals,
        { role: 'owner', by: `${prefix}-${i}`, at: new Date().toISOString(), comment: null },
      ],
    }));
    if (after === null) throw new Error(`request ${id} not found`);
  }),
);
await store.close();
