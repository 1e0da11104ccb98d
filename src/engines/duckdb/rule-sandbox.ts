import { DuckDBInstance, StatementType } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { quoteIdentifier } from './dialect.ts';
import type { FileAccess } from './sandbox.ts';
import { SANDBOX_INSTANCE_OPTIONS, lockDownSql } from './sandbox.ts';

/** What a sandbox for SQL rules is made of, before it is locked. */
export interface RuleSandboxSetup {
  /** Statements that attach a `duckdb` server's database file read-only, if any. */
  readonly attach: string | undefined;
  /** Names a rule may use → the FROM item each reads (views over file scans). */
  readonly names: Readonly<Record<string, string>>;
  readonly access: FileAccess;
}

export interface RuleSandbox {
  /** Runs one SELECT in a read-only transaction, interrupted after `timeoutMs`. */
  run(sql: string, timeoutMs: number): Promise<DuckDBResultReader>;
  close(): void;
}

/**
 * An in-memory DuckDB for a contract's SQL rules, apart from the instance Meshwork's own
 * checks use: the database file attached and the names made views while access is open,
 * then locked to the files the connection reads (sandbox.ts) for the rest of its life.
 * It is shared by the rules of one object: each runs as exactly one SELECT (a prepared
 * statement holds one) in a read-only transaction rolled back afterwards, and a locked
 * instance has nothing a SELECT could change for the next rule to see.
 */
export async function openRuleSandbox(setup: RuleSandboxSetup): Promise<RuleSandbox> {
  const instance = await DuckDBInstance.create(':memory:', { ...SANDBOX_INSTANCE_OPTIONS });
  let connection: DuckDBConnection | undefined;
  try {
    connection = await instance.connect();
    if (setup.attach !== undefined) await connection.run(setup.attach);
    for (const [name, relation] of Object.entries(setup.names)) {
      // A table of a database file already answers to its own name.
      if (relation === quoteIdentifier(name)) continue;
      await connection.run(
        `CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(name)} AS SELECT * FROM ${relation}`,
      );
    }
    for (const statement of lockDownSql(setup.access)) await connection.run(statement);
  } catch (error) {
    connection?.closeSync();
    instance.closeSync();
    throw error;
  }
  const open = connection;
  let queue: Promise<unknown> = Promise.resolve();

  const runNow = async (sql: string, timeoutMs: number): Promise<DuckDBResultReader> => {
    let timedOut = false;
    let failed = false;
    let timer: NodeJS.Timeout | undefined;
    await open.run('BEGIN TRANSACTION READ ONLY');
    try {
      const prepared = await open.prepare(sql);
      try {
        if (prepared.statementType !== StatementType.SELECT) {
          throw new Error('a SQL quality rule must be one SELECT statement');
        }
        timer = setTimeout(() => {
          timedOut = true;
          open.interrupt();
        }, timeoutMs);
        return await prepared.runAndReadAll();
      } finally {
        prepared.destroySync();
      }
    } catch (error) {
      failed = true;
      if (!timedOut) throw error;
      throw new Error(`the SQL rule was stopped after ${timeoutMs / 1000} s`, { cause: error });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      // After a failed rule its own error is the news; after a fair one a failed ROLLBACK is.
      await open.run('ROLLBACK').catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  };

  return {
    run(sql, timeoutMs) {
      // One rule at a time: a transaction belongs to the connection.
      const next = queue.then(() => runNow(sql, timeoutMs));
      queue = next.catch(() => undefined);
      return next;
    },
    close() {
      open.closeSync();
      instance.closeSync();
    },
  };
}
