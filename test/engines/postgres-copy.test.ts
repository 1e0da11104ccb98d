import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  copyTableToCsv,
  copyTableToStream,
  withPgClient,
} from '../../src/engines/postgresql/bulk.ts';
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
      // Every row byte for byte: the chunks pg hands over are views into its parser buffer,
      // and a write queued behind the disk once carried later protocol bytes instead.
      const wrong = lines.slice(1).filter((line, i) => {
        const id = i + 1;
        return line !== `${id},${createHash('md5').update(String(id)).digest('hex')}`;
      });
      assert.deepEqual(wrong.slice(0, 3), [], `${wrong.length} rows differ from the table`);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(
      warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
      [],
    );
  });

  it('keeps every byte when the destination is slower than the socket', async () => {
    // A destination that keeps what it has not written yet by reference, as a file stream
    // behind a busy disk does, and writes one chunk per timer tick.
    const kept: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        setImmediate(() => {
          kept.push(chunk);
          done();
        });
      },
    });
    await withPgClient(db.url, (client) =>
      copyTableToStream(client, { schema: 'public', table: 'orders' }, slow),
    );
    await new Promise<void>((resolve) => slow.end(resolve));
    const lines = Buffer.concat(kept).toString('utf8').trimEnd().split('\n');
    assert.equal(lines.length, ROWS + 1);
    const wrong = lines.slice(1).filter((line, i) => {
      const id = i + 1;
      return line !== `${id},${createHash('md5').update(String(id)).digest('hex')}`;
    });
    assert.deepEqual(wrong.slice(0, 3), [], `${wrong.length} rows differ from the table`);
  });
});
