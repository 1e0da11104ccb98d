import type { Engine } from '../engine.ts';
import { postgresDialect } from './dialect.ts';
import { connectPostgres } from './driver.ts';
import { servePostgres } from './serve.ts';
import { exportPostgresTables } from './source-export.ts';

export { postgresDialect, quoteIdentifier } from './dialect.ts';

/** PostgreSQL as a source (and, through the build, a serving target). */
export const postgresEngine: Engine = {
  name: 'postgresql',
  dialect: postgresDialect,
  serverTypes: ['postgresql', 'postgres'],
  connect: connectPostgres,
  buildSourceTypes: ['postgresql', 'postgres'],
  exportSource: exportPostgresTables,
  serve: servePostgres,
};
