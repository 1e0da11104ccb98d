import type { RunHistory, RunRecord } from '../testing/run-history.ts';
import { toStoredRun } from '../testing/run-history.ts';
import type { RunReport, ServerClient } from './server-client.ts';

/**
 * A run history that reports to a Meshwork server. Runs are collected while tests run and
 * sent by `flush()` afterwards, so an unreachable server never interrupts a build or a
 * test halfway; the caller decides what a failed report means (the CLI: exit 2).
 */
export interface RunReporter extends RunHistory {
  /** Sends every collected run; the runs that could not be sent stay for a retry. */
  flush(): Promise<{ sent: number }>;
}

export function createRunReporter(client: ServerClient): RunReporter {
  const pending: RunRecord[] = [];
  const all: RunRecord[] = [];
  return {
    append(record) {
      pending.push(record);
      all.push(record);
      return Promise.resolve();
    },
    list: () => Promise.resolve(all.map((record) => toStoredRun(record))),
    async flush() {
      let sent = 0;
      while (pending.length > 0) {
        await client.postRun(toReport(pending[0]!));
        pending.shift();
        sent++;
      }
      return { sent };
    },
  };
}

function toReport(record: RunRecord): RunReport {
  return {
    contractId: record.contractId,
    ...(record.productId ? { productId: record.productId } : {}),
    ...(record.port ? { port: record.port } : {}),
    ...(record.server !== null ? { server: record.server } : {}),
    run: record.run,
  };
}
