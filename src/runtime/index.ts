// The composition root's public entry: faces (cli/, server/) take stores and wired services
// from here, never from src/stores/ (.dependency-cruiser.cjs: runtime-is-the-way-in).
export {
  EMBEDDED_STORE_DIR,
  openStore,
  withStore,
  workspaceStore,
  type OpenStoreOptions,
} from './open-store.ts';
export { workspaceRunHistory, workspaceScorecardHistory } from './workspace-histories.ts';
/** The stores' own error for a page cursor they did not issue (the API answers 400). */
export { InvalidCursorError } from '../stores/paging.ts';
export { activeGrantsOf } from './active-grants.ts';
export { workspaceSubjectKey } from './subject-key.ts';
export { jobExecutors, unwiredEventPublisher } from './job-executors.ts';
export { trinoRulesClient } from './trino-rules-client.ts';
export { workspacePublisher } from './workspace-publisher.ts';
export { lineageFromEnv, type LineageOptions } from './lineage.ts';
