/**
 * A compactor process for the crash tests: compacts the tokens and users logs of an
 * embedded store one after the other, as fast as it can, until it is killed. Prints
 * `compacted` after each so the test knows compaction really ran.
 * Usage: node --import tsx compact-loop.ts DIR
 */
import { join } from 'node:path';
import { CollectionLog } from '../../../../src/stores/embedded/collection-log.ts';

const [directory] = process.argv.slice(2);
if (!directory) throw new Error('usage: compact-loop.ts DIR');
const logs = ['tokens', 'users'].map((name) => new CollectionLog(join(directory, `${name}.jsonl`)));
for (;;) {
  for (const log of logs) {
    await log.compact();
    process.stdout.write('compacted\n');
  }
  await new Promise((resolve) => setTimeout(resolve, 2));
}
