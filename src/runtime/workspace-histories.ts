import { createStoreScorecardHistory } from '../app/governance/scorecard-history.ts';
import type { ScorecardHistory } from '../app/governance/scorecard-history.ts';
import { storeRunHistory } from '../app/testing/run-history.ts';
import type { RunHistory } from '../app/testing/run-history.ts';
import { workspaceStore, type OpenStoreOptions } from './open-store.ts';

/**
 * Test runs kept in the workspace's store (embedded in `<mesh root>/.meshwork/store/`, or
 * PostgreSQL with `MESHWORK_DATABASE_URL`), opened per run. `reportedBy`: "cli" for
 * `meshwork test` (default), "build" for `meshwork build`.
 */
export function workspaceRunHistory(
  options: OpenStoreOptions & { readonly reportedBy?: string },
): RunHistory {
  return storeRunHistory({
    store: workspaceStore(options),
    ...(options.reportedBy === undefined ? {} : { reportedBy: options.reportedBy }),
  });
}

/** Scorecards kept in the workspace's store — the same store a server on it reads. */
export function workspaceScorecardHistory(options: OpenStoreOptions): ScorecardHistory {
  return createStoreScorecardHistory(workspaceStore(options));
}
