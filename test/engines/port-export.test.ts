import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { NotBuiltError, openPortData } from '../../src/app/port-data/port-data.ts';
import { exportPortData, exportSelectSql } from '../../src/engines/duckdb/port-export.ts';
import { MeshworkError } from '../../src/app/errors.ts';
import { ExportsBusyError, createExportGate } from '../../src/app/port-data/export-gate.ts';

let dir: string;
let source: string;

/** A snapshot with a personal column, a text column with formula-looking cells, a NULL. */
async function writeSnapshot(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (
    SELECT * FROM (VALUES
      (1, 'anna@example.com', '=HYPERLINK("http://evil")', -5, 'secret-1'),
      (2, NULL, '+49 89 1234', 7, 'secret-2'),
      (3, 'bob@example.com', 'plain', 9, 'secret-3')
    ) AS t(order_id, customer_email, note, amount, internal)
  ) TO '${path}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-export-'));
  source = join(dir, 'orders.parquet');
  await writeSnapshot(source);
});
after(() => rm(dir, { recursive: true, force: true }));

const COLUMNS = [
  { name: 'order_id', pseudonymise: false },
  { name: 'customer_email', pseudonymise: true },
  { name: 'note', pseudonymise: false },
  { name: 'amount', pseudonymise: false },
];

describe('exportPortData (DuckDB COPY of a snapshot)', () => {
  test('JSON: only the named columns, the personal one as sha256(key || value), NULL kept', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    const result = await exportPortData(
      { source, target: join(out, 'x.json'), columns: COLUMNS, format: 'json', key: 'k3y' },
      out,
    );
    assert.deepEqual(result, { rows: 3, missing: [] });
    const rows = JSON.parse(await readFile(join(out, 'x.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    assert.deepEqual(Object.keys(rows[0]!), ['order_id', 'customer_email', 'note', 'amount']);
    const expected = createHash('sha256').update('k3yanna@example.com').digest('hex');
    assert.equal(rows[0]!.customer_email, expected);
    assert.equal(rows[1]!.customer_email, null);
    // JSON is no spreadsheet: the text is served as it is.
    assert.equal(rows[0]!.note, '=HYPERLINK("http://evil")');
    assert.ok(!JSON.stringify(rows).includes('secret-'), 'the column not granted is absent');
    assert.ok(!JSON.stringify(rows).includes('anna@'), 'the personal value is absent');
  });

  test('another key gives other pseudonyms (per consumer team)', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    const read = async (key: string) => {
      const target = join(out, `${key}.json`);
      await exportPortData({ source, target, columns: COLUMNS, format: 'json', key }, out);
      return (JSON.parse(await readFile(target, 'utf8')) as { customer_email: string }[])[0]!
        .customer_email;
    };
    assert.notEqual(await read('team-a'), await read('team-b'));
  });

  test('CSV: a text cell starting with = + - @ gets a leading apostrophe; numbers stay numbers', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    await exportPortData(
      { source, target: join(out, 'x.csv'), columns: COLUMNS, format: 'csv', key: 'k' },
      out,
    );
    const lines = (await readFile(join(out, 'x.csv'), 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'order_id,customer_email,note,amount');
    assert.match(lines[1]!, /,"'=HYPERLINK\(""http:\/\/evil""\)",-5$/);
    assert.match(lines[2]!, /^2,,'\+49 89 1234,7$/);
    assert.match(lines[3]!, /,plain,9$/);
  });

  test('CSV: a header cell starting with = + - @ gets a leading apostrophe too', async () => {
    const named = join(dir, 'named.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (
      SELECT 1 AS "=HYPERLINK(""http://evil"",""x"")", 2 AS "+sum", 3 AS "-x", 4 AS "@at",
        5 AS "\tTab", 'v' AS plain
    ) TO '${named}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const columns = ['=HYPERLINK("http://evil","x")', '+sum', '-x', '@at', '\tTab', 'plain'].map(
      (name) => ({ name, pseudonymise: name === '+sum' }),
    );
    const out = await mkdtemp(join(dir, 'out-'));
    const csv = join(out, 'x.csv');
    await exportPortData({ source: named, target: csv, columns, format: 'csv', key: 'k' }, out);
    const [header] = (await readFile(csv, 'utf8')).split('\n');
    assert.equal(header, `"'=HYPERLINK(""http://evil"",""x"")",'+sum,'-x,'@at,'\tTab,plain`);
    // JSON keeps the names as the contract has them.
    const json = join(out, 'x.json');
    await exportPortData({ source: named, target: json, columns, format: 'json', key: 'k' }, out);
    const [row] = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(
      Object.keys(row!),
      columns.map((c) => c.name),
    );
  });

  test('Parquet keeps the types', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    const target = join(out, 'x.parquet');
    await exportPortData(
      { source, target, columns: COLUMNS.slice(0, 1), format: 'parquet', key: 'k' },
      out,
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const rows = (
      await connection.runAndReadAll(`DESCRIBE SELECT * FROM '${target}'`)
    ).getRowObjectsJson();
    connection.closeSync();
    instance.closeSync();
    assert.deepEqual(
      rows.map((r) => [r.column_name, r.column_type]),
      [['order_id', 'INTEGER']],
    );
  });

  test('names a column the snapshot lacks instead of leaving it out', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    const result = await exportPortData(
      {
        source,
        target: join(out, 'x.csv'),
        columns: [...COLUMNS, { name: 'gone', pseudonymise: false }],
        format: 'csv',
        key: 'k',
      },
      out,
    );
    assert.deepEqual(result, { rows: 0, missing: ['gone'] });
  });

  test('a column name is quoted, never spliced: a name with a quote selects nothing else', () => {
    const sql = exportSelectSql(
      '/x.parquet',
      [{ name: 'a" FROM secrets --', pseudonymise: false, type: 'INTEGER' }],
      'csv',
    );
    assert.match(sql, /s\."a"" FROM secrets --" AS "a"" FROM secrets --"/);
    assert.ok(!sql.includes('k3y'), 'the key is a bound parameter, not SQL text');
  });

  test('the instance cannot write outside its temp folder (locked down)', async () => {
    const out = await mkdtemp(join(dir, 'out-'));
    await assert.rejects(
      exportPortData(
        { source, target: join(dir, 'escaped.csv'), columns: COLUMNS, format: 'csv', key: 'k' },
        out,
      ),
      /Permission Error|not allowed|disabled/i,
    );
    await assert.rejects(stat(join(dir, 'escaped.csv')));
  });
});

describe('openPortData (the warehouse snapshot of a port)', () => {
  const request = (root: string, overrides: Partial<Parameters<typeof openPortData>[0]> = {}) => ({
    workspaceRoot: root,
    productFolder: 'sales/orders',
    port: 'orders',
    fileName: 'orders.parquet',
    columns: COLUMNS,
    format: 'csv' as const,
    key: 'k',
    ...overrides,
  });

  async function warehouse(): Promise<{ root: string; portDir: string }> {
    const root = await mkdtemp(join(dir, 'ws-'));
    const portDir = join(root, '.meshwork', 'warehouse', 'sales', 'orders', 'orders');
    const snapshot = '20261124T221500123Z-a1b2c3';
    await mkdir(join(portDir, snapshot), { recursive: true });
    await writeFile(join(portDir, snapshot, 'orders.parquet'), await readFile(source));
    await symlink(snapshot, join(portDir, 'current'), 'dir');
    return { root, portDir };
  }

  test('streams the export and removes its temp folder once read', async () => {
    const { root } = await warehouse();
    const data = await openPortData(request(root));
    assert.equal(data.rows, 3);
    assert.equal(data.snapshot, '20261124T221500123Z-a1b2c3');
    const chunks: Buffer[] = [];
    for await (const chunk of data.stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    assert.equal(Buffer.byteLength(text), data.bytes);
    assert.match(text, /^order_id,customer_email,note,amount\n/);
    const path = (data.stream as unknown as { path: string }).path;
    // Removed once the stream closes, asynchronously: wait for it rather than for a fixed
    // time (a loaded machine took longer than 50 ms).
    for (
      let i = 0;
      i < 200 &&
      (await stat(path).then(
        () => true,
        () => false,
      ));
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await assert.rejects(stat(path), 'the temp export is gone after streaming');
  });

  test('a port never built is NotBuiltError', async () => {
    const root = await mkdtemp(join(dir, 'empty-'));
    await assert.rejects(openPortData(request(root)), NotBuiltError);
  });

  test('path traversal in port, folder or file name is refused before any file is touched', async () => {
    const { root } = await warehouse();
    for (const overrides of [
      { port: '..' },
      { port: '../../../../etc' },
      { productFolder: 'sales/../..' },
      { fileName: '../../x.parquet' },
      { fileName: '.hidden.parquet' },
    ])
      await assert.rejects(
        openPortData(request(root, overrides)),
        MeshworkError,
        JSON.stringify(overrides),
      );
  });

  test('a snapshot file that is a link out of the port folder is refused', async () => {
    const { root, portDir } = await warehouse();
    const planted = '20261125T000000000Z-bbbbbb';
    await mkdir(join(portDir, planted));
    await symlink(source, join(portDir, planted, 'orders.parquet'));
    await rm(join(portDir, 'current'));
    await symlink(planted, join(portDir, 'current'), 'dir');
    await assert.rejects(openPortData(request(root)), /outside its folder/);
  });
});

describe('the export gate', () => {
  test('runs a few at once, queues a bounded number in order, turns the rest away', async () => {
    const gate = createExportGate({ concurrent: 1, queue: 1 });
    const order: string[] = [];
    let finish!: () => void;
    const first = gate.run(
      () =>
        new Promise<void>((resolve) => {
          order.push('first');
          finish = resolve;
        }),
    );
    const second = gate.run(() => {
      order.push('second');
      return Promise.resolve();
    });
    await assert.rejects(
      gate.run(() => Promise.resolve()),
      ExportsBusyError,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(order, ['first'], 'the waiter waits');
    finish();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first', 'second']);
    await gate.run(() => Promise.resolve()); // free again
  });
});
