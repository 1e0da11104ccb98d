import type { Engine } from './engine.ts';

/**
 * Engines by the ODCS server types they read, loaded on first use: a run against local
 * files never loads the PostgreSQL or MySQL drivers (start-up time counts in every
 * `meshwork test`).
 */
const duckDb = (): Promise<Engine> => import('./duckdb/index.ts').then((m) => m.duckDbEngine);
const postgres = (): Promise<Engine> =>
  import('./postgresql/index.ts').then((m) => m.postgresEngine);
const mysql = (): Promise<Engine> => import('./mysql/index.ts').then((m) => m.mysqlEngine);

const LOADERS: Readonly<Record<string, () => Promise<Engine>>> = {
  local: duckDb,
  duckdb: duckDb,
  postgresql: postgres,
  postgres,
  mysql,
  mariadb: mysql,
};

export const READABLE_SERVER_TYPES: readonly string[] = Object.keys(LOADERS);

export function canRead(serverType: string): boolean {
  return Object.hasOwn(LOADERS, serverType);
}

/** The engine that reads an ODCS server type, if any. */
export async function loadEngine(serverType: string): Promise<Engine | undefined> {
  return Object.hasOwn(LOADERS, serverType) ? LOADERS[serverType]!() : undefined;
}
