export { createPostgresStore } from './postgres-store.ts';
export type { PostgresStoreOptions } from './postgres-store.ts';
export { SchemaVersionError, migratePostgres } from './migrate.ts';
export { PG_MIGRATIONS } from './migrations.ts';
