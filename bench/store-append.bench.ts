import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogOp } from '../src/stores/embedded/collection-log.ts';
import { CollectionLog } from '../src/stores/embedded/collection-log.ts';
import { crashToken } from '../test/conformance/stores/support/crash-values.ts';

const APPENDS = 2000;
const ROUNDS = 5;

/**
 * Appends to one collection of the embedded store, one acknowledged append after the other
 * (as a server revoking tokens does), without compaction. Baseline in the same run: the
 * bare minimum an append costs, open + one O_APPEND write + close of the same lines. Also
 * reported: CPU time (user + system) of this process per append, which a machine shared
 * with other work disturbs far less than wall time.
 */
export async function benchStoreAppend(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-bench-store-'));
  try {
    const baseline: number[] = [];
    const appends: number[] = [];
    const baselineCpu: number[] = [];
    const appendsCpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ops = Array.from({ length: APPENDS }, (_, i) => token(`t${round}-${i}`));
      let started = performance.now();
      let cpu = process.cpuUsage();
      const raw = join(dir, `raw-${round}.jsonl`);
      for (const op of ops) {
        const handle = await open(raw, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT);
        await handle.write(`${JSON.stringify(op)}\n`);
        await handle.close();
      }
      baseline.push(performance.now() - started);
      baselineCpu.push(cpuMs(cpu));

      const log = new CollectionLog(join(dir, `log-${round}.jsonl`), Number.POSITIVE_INFINITY);
      started = performance.now();
      cpu = process.cpuUsage();
      for (const op of ops) await log.append([op]);
      appends.push(performance.now() - started);
      appendsCpu.push(cpuMs(cpu));
      if ((await log.read()).size !== APPENDS) throw new Error('an append went missing');
    }
    const b = Math.min(...baseline);
    const a = Math.min(...appends);
    console.log(`${APPENDS} appends of one token each, one after the other; best of ${ROUNDS}`);
    console.log(`baseline (open + write + close): ${Math.round((APPENDS / b) * 1000)} appends/s`);
    console.log(`CollectionLog.append:            ${Math.round((APPENDS / a) * 1000)} appends/s`);
    console.log(`ratio append / baseline: ${(a / b).toFixed(2)}x`);
    const perAppend = (ms: number[]): string =>
      `${((Math.min(...ms) / APPENDS) * 1000).toFixed(1)} µs`;
    console.log(
      `CPU per append: baseline ${perAppend(baselineCpu)}, CollectionLog.append ${perAppend(appendsCpu)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

function token(id: string): LogOp {
  return { op: 'put', key: id, value: crashToken(id) };
}
