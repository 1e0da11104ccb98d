import { DuckDBInstance, StatementType } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StatementRefusedError } from '../build-engine.ts';
import type { FileAccess } from './sandbox.ts';
import { SANDBOX_INSTANCE_OPTIONS, lockDownSql } from './sandbox.ts';

/**
 * A DuckDB database for builds: in memory, allowed to read and write local files (the
 * SqlParser's instance is not) until `lockDown`. Each product being built gets its own
 * connection, so the temporary views named after its input ports cannot collide with
 * another product's. Extensions are never installed or loaded by name: what a build needs
 * (Parquet, CSV, JSON) is built in.
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
  /**
   * Locks the whole instance (every connection) down to `access` for the rest of its life
   * (sandbox.ts): what needs other files must be done before.
   */
  lockDown(access: FileAccess): Promise<void>;
  /**
   * Runs text nobody vetted statement by statement, each only if its kind is one of
   * `kinds` (DuckDB's statement types: `SELECT`, `CREATE`, …); a refused statement stops
   * the run before it executes.
   */
  runOnly(sql: string, kinds: ReadonlySet<string>): Promise<void>;
  /** Throws unless the text is exactly one SELECT statement; binds it, does not run it. */
  assertOneSelect(sql: string): Promise<void>;
  close(): void;
}

/** The kinds of statement DuckDB tells apart (its `StatementType` names). */
export type StatementKind = keyof typeof StatementType;

// Declared with the build engine's seam, so that callers tell it apart without importing DuckDB.
export { StatementRefusedError };

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
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
  const config: Record<string, string> = { ...SANDBOX_INSTANCE_OPTIONS };
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
        async lockDown(access: FileAccess): Promise<void> {
          for (const statement of lockDownSql(access)) await connection.run(statement);
        },
        async runOnly(sql: string, kinds: ReadonlySet<string>): Promise<void> {
          const extracted = await connection.extractStatements(sql);
          for (let index = 0; index < extracted.count; index++) {
            // Prepared one at a time: a statement may use what the one before created.
            const prepared = await extracted.prepare(index);
            const kind = StatementType[prepared.statementType] as StatementKind;
            if (!kinds.has(kind)) {
              prepared.destroySync();
              throw new StatementRefusedError(
                `statement ${index + 1} is ${article(kind)} ${kind} statement`,
              );
            }
            await prepared.run();
          }
        },
        async assertOneSelect(sql: string): Promise<void> {
          const extracted = await connection.extractStatements(sql);
          if (extracted.count !== 1) {
            throw new StatementRefusedError(`${extracted.count} statements instead of one`);
          }
          const prepared = await extracted.prepare(0);
          const kind = StatementType[prepared.statementType];
          prepared.destroySync();
          if (kind !== 'SELECT') {
            throw new StatementRefusedError(`${article(kind)} ${kind} statement`);
          }
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
