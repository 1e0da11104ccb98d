import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatementRefusedError } from '../../src/engines/build-engine.ts';
import { loadBuildEngine } from '../../src/engines/registry.ts';

describe('BuildConnection.describeQuery', () => {
  it('gives the columns and engine types of one SELECT without running it, and refuses anything else', async () => {
    const session = await (await loadBuildEngine()).openSession({ threads: 1 });
    try {
      const connection = await session.connect();
      await connection.runOnly(
        'CREATE TABLE t (id INTEGER, amount DECIMAL(12,2), "at" TIMESTAMPTZ)',
        new Set(['CREATE']),
      );
      assert.deepEqual(
        await connection.describeQuery('SELECT id, amount, "at", id::VARCHAR AS "Odd name" FROM t'),
        [
          { name: 'id', type: 'INTEGER' },
          { name: 'amount', type: 'DECIMAL(12,2)' },
          { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
          { name: 'Odd name', type: 'VARCHAR' },
        ],
      );
      // Run, this would fail on its first row: described, it is only bound.
      assert.deepEqual(
        await connection.describeQuery("SELECT error('boom')::INTEGER AS n FROM range(3)"),
        [{ name: 'n', type: 'INTEGER' }],
      );
      await assert.rejects(
        connection.describeQuery('SELECT 1; DROP TABLE t'),
        StatementRefusedError,
      );
      await assert.rejects(
        connection.describeQuery('CREATE TABLE u AS SELECT 1'),
        StatementRefusedError,
      );
      assert.deepEqual(await connection.describeQuery('SELECT count(*) AS n FROM t'), [
        { name: 'n', type: 'BIGINT' },
      ]);
      connection.close();
    } finally {
      session.close();
    }
  });
});
