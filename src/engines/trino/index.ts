import type { Engine } from '../engine.ts';
import { trinoDialect } from './dialect.ts';
import { connectTrino } from './driver.ts';

export { quoteIdentifier, trinoDialect } from './dialect.ts';

/**
 * Trino as a source of contract tests, scans and imports (ODCS `trino` servers: host,
 * port, catalog, schema). It neither serves nor grants: access to Trino is its own rules
 * file (core/access/trino-rules.ts), and builds in Trino are their own path.
 */
export const trinoEngine: Engine = {
  name: 'trino',
  dialect: trinoDialect,
  serverTypes: ['trino'],
  connect: connectTrino,
};
