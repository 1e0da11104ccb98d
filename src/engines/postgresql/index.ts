import type { Engine } from '../engine.ts';
import { postgresDialect } from './dialect.ts';
import { connectPostgres } from './driver.ts';
import { openPostgresGrants } from './grants.ts';
import { servePostgres } from './serve.ts';
import { exportPostgresTables } from './source-export.ts';

export { postgresDialect, quoteIdentifier } from './dialect.ts';

/** PostgreSQL as a source, a serving target (through the build) and a place of access grants. */
export const postgresEngine: Engine = {
  name: 'postgresql',
  dialect: postgresDialect,
  serverTypes: ['postgresql', 'postgres'],
  connect: connectPostgres,
  openGrants: openPostgresGrants,
  buildSourceTypes: ['postgresql', 'postgres'],
  exportSource: exportPostgresTables,
  serve: servePostgres,
};
