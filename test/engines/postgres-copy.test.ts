import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyTableToCsv, withPgClient } from '../../src/engines/postgresql/bulk.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';

const ROWS = 50_000;

describe('copying a PostgreSQL table to CSV', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let dir: string;
  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url);
    dir = mkdtempSync(join(tmpdir(), 'meshwork-pg-copy-'));
    await withClient(db.url, (client) =>
      client.query(
        `CREATE TABLE orders AS SELECT i AS order_id, md5(i::text) AS note FROM generate_series(1, ${ROWS}) i`,
      ),
    );
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
    await server.stop();
  });

  it('writes every row, with one drain listener per pause (no MaxListenersExceededWarning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const file = join(dir, 'orders.csv');
      await withPgClient(db.url, (client) =>
        copyTableToCsv(client, { schema: 'public', table: 'orders' }, file),
      );
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, ROWS + 1, 'a header and every row');
      assert.equal(lines[0], 'order_id,note');
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(
      warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
      [],
    );
  });
});
