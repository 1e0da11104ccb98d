import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * A DuckDB database for builds: in memory, allowed to read and write local files (the
 * SqlParser's instance is not). Each product being built gets its own connection, so the
 * temporary views named after its input ports cannot collide with another product's.
 */
export interface DuckDbSession {
  connect(): Promise<DuckDbSessionConnection>;
  close(): void;
}

export interface DuckDbSessionConnection {
  /** Runs one or more statements. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its rows as JSON-compatible values (BIGINT/DECIMAL as strings). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export interface DuckDbSessionOptions {
  /** Worker threads of the instance; DuckDB's default is one per core. */
  readonly threads?: number;
  /** e.g. `2GB`; DuckDB's default is 80 % of the RAM. */
  readonly memoryLimit?: string;
  /** Where DuckDB spills what does not fit into memory; its default is `.tmp` in the working folder. */
  readonly tempDirectory?: string;
}

export async function createDuckDbSession(
  options: DuckDbSessionOptions = {},
): Promise<DuckDbSession> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory;
  const instance = await DuckDBInstance.create(':memory:', config);
  const open = new Set<DuckDBConnection>();
  return {
    async connect(): Promise<DuckDbSessionConnection> {
      const connection = await instance.connect();
      open.add(connection);
      return {
        async run(sql: string): Promise<void> {
          await connection.run(sql);
        },
        async rows(sql: string): Promise<Record<string, unknown>[]> {
          const reader = await connection.runAndReadAll(sql);
          return reader.getRowObjectsJson();
        },
        close(): void {
          if (open.delete(connection)) connection.closeSync();
        },
      };
    },
    close(): void {
      for (const connection of open) connection.closeSync();
      open.clear();
      instance.closeSync();
    },
  };
}

/** A value as a DuckDB string literal, for places that take no bound parameters (COPY, views). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
