export { AUTH_RECHECK_MS, createEmbeddedStore } from './embedded-store.ts';
export type { EmbeddedStoreOptions } from './embedded-store.ts';
export { EMBEDDED_VERSION, StoreVersionError, embeddedVersion } from './migrations.ts';
