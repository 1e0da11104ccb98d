import { randomUUID } from 'node:crypto';
import type { TestRun } from '../../core/quality/index.ts';
import type { StoreAccess } from '../store/store-access.ts';
import type { StoredRun } from '../store/store.ts';

/** A test run as it is kept, with what was tested. */
export interface RunRecord {
  /** The contract file. */
  readonly contract: string;
  /** The contract's ODCS `id` (its file, relative to the mesh root, when it has none). */
  readonly contractId: string;
  /** The product and output port, when a build tested the port it just wrote. */
  readonly productId?: string | null;
  readonly port?: string | null;
  readonly server: string | null;
  readonly run: TestRun;
}

/** Where runs are kept: the workspace's store (embedded or PostgreSQL). */
export interface RunHistory {
  append(record: RunRecord): Promise<void>;
  /** Every recorded run, oldest first. */
  list(): Promise<readonly StoredRun[]>;
}

export interface StoreRunHistoryOptions {
  /** The store, from the caller: `runtime/` opens the workspace's store per run. */
  readonly store: StoreAccess;
  /** Who reports the runs: "cli" for `meshwork test`, "build" for `meshwork build`. */
  readonly reportedBy?: string;
}

/** Runs in the store the caller gives (the workspace's: `runtime/workspaceRunHistory`). */
export function storeRunHistory(options: StoreRunHistoryOptions): RunHistory {
  const { store } = options;
  return {
    append: (record) => store((s) => s.runs.record(toStoredRun(record, options.reportedBy))),
    list: () =>
      store(async (s) => {
        const runs: StoredRun[] = [];
        let page = await s.runs.list({ limit: 500 });
        for (;;) {
          runs.push(...page.items);
          if (page.next === null) return runs.reverse();
          page = await s.runs.list({ limit: 500, cursor: page.next });
        }
      }),
  };
}

export function toStoredRun(record: RunRecord, reportedBy = 'cli'): StoredRun {
  return {
    id: randomUUID(),
    contractId: record.contractId,
    productId: record.productId ?? null,
    port: record.port ?? null,
    server: record.server,
    run: record.run,
    reportedBy,
  };
}

/** Records into each history in turn, e.g. the workspace's store and a remote server. */
export function teeRunHistory(...histories: readonly RunHistory[]): RunHistory {
  const [first] = histories;
  return {
    async append(record) {
      for (const history of histories) await history.append(record);
    },
    list: () => (first ? first.list() : Promise.resolve([])),
  };
}
