/**
 * A claimer process for the embedded store's job tests: claims jobs (PARALLEL claims at
 * once) until none is due, finishing each, and prints the claimed ids, one a line.
 * Usage: node --import tsx claim-jobs.ts DIR WORKER PARALLEL
 */
import { createEmbeddedStore } from '../../../../src/stores/embedded/index.ts';

const [directory, worker, parallel] = process.argv.slice(2);
if (!directory || !worker || !parallel) throw new Error('usage: claim-jobs.ts DIR WORKER PARALLEL');
const store = createEmbeddedStore({ directory });
await store.migrate();
const claimed: string[] = [];
await Promise.all(
  Array.from({ length: Number(parallel) }, async (_, slot) => {
    for (;;) {
      const job = await store.jobs.claim({
        worker: `${worker}-${slot}`,
        now: new Date().toISOString(),
        leaseMs: 600_000,
      });
      if (job === null) return;
      claimed.push(job.id);
      const token = job.lease?.token ?? 0;
      await store.jobs.finish(
        job.id,
        token,
        { state: 'succeeded', result: null },
        new Date().toISOString(),
      );
    }
  }),
);
process.stdout.write(claimed.map((id) => `${id}\n`).join(''));
await store.close();
