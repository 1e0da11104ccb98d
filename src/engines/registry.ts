import { duckDbEngine } from './duckdb/index.ts';
import type { Engine } from './engine.ts';
import { mysqlEngine } from './mysql/index.ts';
import { postgresEngine } from './postgresql/index.ts';

export const ENGINES: readonly Engine[] = [duckDbEngine, postgresEngine, mysqlEngine];

/** The engine that reads an ODCS server type, if any. */
export function engineForServerType(type: string): Engine | undefined {
  return ENGINES.find((engine) => engine.serverTypes.includes(type));
}

export { duckDbEngine };
