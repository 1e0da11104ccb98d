import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parse, stringify } from 'yaml';
import { isMeshworkError } from '../../src/app/errors.ts';
import { importXlsx } from '../../src/app/import/import-xlsx.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { exportLocalFiles } from '../../src/engines/duckdb/source-export.ts';
import { createXlsxScratch } from '../../src/engines/duckdb/xlsx-relation.ts';
import {
  MAX_WORKBOOK_CELLS,
  columnNames,
  columnType,
  readWorkbook,
} from '../../src/engines/duckdb/xlsx-workbook.ts';
import { duck, tempMesh, validateAndTest, writeContracts } from './files-support.ts';
import { unzipEntries, zipEntries } from './zip-bytes.ts';

/** A workbook as a small business keeps one: odd headers, formulas, rich text, dates, an empty sheet. */
async function writeShopWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const orders = workbook.addWorksheet('Orders 2024');
  orders.addRow([
    'Order No',
    'Customer Name',
    '',
    'order no',
    'Placed',
    'Delivered',
    'Paid?',
    'Amount',
    'Qty × 2',
  ]);
  orders.addRow([
    1,
    'Anna',
    'x',
    10,
    new Date('2024-01-05T00:00:00Z'),
    new Date('2024-01-06T14:30:00Z'),
    true,
    19.9,
    { formula: 'A2*2', result: 2 },
  ]);
  orders.addRow([
    2,
    { richText: [{ text: 'Bo ' }, { text: '"the boss"' }] },
    null,
    11,
    new Date('2024-01-07T00:00:00Z'),
    new Date('2024-01-08T00:00:00Z'),
    false,
    5,
    { formula: 'A3*2', result: 4 },
  ]);
  orders.addRow([]); // an empty row in the middle is not a record
  orders.addRow([
    3,
    'Carla',
    null,
    12,
    new Date('2024-01-09T00:00:00Z'),
    null,
    true,
    7,
    { formula: 'A5*2', result: 6 },
  ]);
  const customers = workbook.addWorksheet('Kunden');
  customers.addRow(['id', 'name', 'note', `it's "x"'); DROP TABLE t; --`]);
  customers.addRow([1, 'Anna', 42, 'a']);
  customers.addRow([2, 'Bo', 'mixed: text and a number make text', null]);
  workbook.addWorksheet('Leer');
  await workbook.xlsx.writeFile(path);
}

const columnsOf = (system: ImportedSystem, table: string) =>
  system.tables
    .find((t) => t.name === table)
    ?.columns.map((c) => [c.name, c.physicalType, c.logicalType]);

describe('meshwork import of an Excel workbook', () => {
  it('imports one table per sheet with header names and types from the cells; an empty sheet is a gap', async () => {
    const mesh = await tempMesh('xlsx');
    await writeShopWorkbook(join(mesh, 'Shop Data.xlsx'));
    const system = await importXlsx(
      { kind: 'xlsx', path: join(mesh, 'Shop Data.xlsx') },
      { cwd: mesh, env: {} },
    );
    assert.equal(system.system, 'shop-data');
    assert.deepEqual(system.server, {
      server: 'shop-data',
      type: 'local',
      format: 'xlsx',
      path: '../../Shop Data.xlsx',
    });
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['Orders 2024', 'Kunden'],
    );
    assert.deepEqual(columnsOf(system, 'Orders 2024'), [
      ['Order No', 'bigint', 'integer'],
      ['Customer Name', 'varchar', 'string'],
      ['column_3', 'varchar', 'string'],
      ['order no_2', 'bigint', 'integer'],
      ['Placed', 'date', 'date'],
      ['Delivered', 'timestamp', 'timestamp'],
      ['Paid?', 'boolean', 'boolean'],
      ['Amount', 'double', 'number'],
      ['Qty × 2', 'bigint', 'integer'],
    ]);
    assert.deepEqual(columnsOf(system, 'Kunden'), [
      ['id', 'bigint', 'integer'],
      ['name', 'varchar', 'string'],
      ['note', 'varchar', 'string'],
      [`it's "x"'); DROP TABLE t; --`, 'varchar', 'string'],
    ]);
    assert.deepEqual(system.gaps, [
      { table: 'Leer', reason: 'the sheet is empty (no header row)' },
    ]);
  });

  it('the written contracts validate and `meshwork test` passes on the workbook, checking the types', async () => {
    const mesh = await tempMesh('xlsx-test');
    const path = join(mesh, 'shop.xlsx');
    await writeShopWorkbook(path);
    const system = await importXlsx({ kind: 'xlsx', path }, { cwd: mesh, env: {} });
    const files = await writeContracts(mesh, system);
    for (const file of files.values()) {
      const { validate, test } = await validateAndTest(mesh, file);
      assert.equal(validate.code, 0, `${file}: ${validate.stdout}`);
      assert.equal(test.code, 0, `${file}: ${test.stdout.slice(0, 3000)}${test.stderr}`);
      const run = JSON.parse(test.stdout) as {
        checks: { id: string; status: string; message: string }[];
      };
      // The physical types are compared (the sheet is read as typed Parquet, not as text).
      const physical = run.checks.filter((c) => c.id.endsWith('.physicalType'));
      assert.ok(physical.length > 0);
      assert.ok(
        physical.every((c) => c.status === 'passed'),
        JSON.stringify(physical),
      );
    }

    // A SQL rule a user adds later runs in the rule sandbox on the converted sheet.
    const kunden = files.get('Kunden')!;
    const contract = parse(await readFile(kunden, 'utf8')) as { schema: Record<string, unknown>[] };
    contract.schema[0]!.quality = [
      { type: 'sql', query: 'SELECT count(*) FROM {object} WHERE id > 1', mustBe: 1 },
    ];
    await writeFile(kunden, stringify(contract));
    const withRule = await validateAndTest(mesh, kunden);
    assert.equal(withRule.test.code, 0, withRule.test.stdout.slice(0, 3000));
    const rule = (
      JSON.parse(withRule.test.stdout) as {
        checks: { kind: string; status: string; value: unknown }[];
      }
    ).checks.find((c) => c.kind === 'sql');
    assert.deepEqual([rule?.status, rule?.value], ['passed', 1]);

    // The same contract fails once the sheet no longer fits it: the test reads the sheet.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    workbook.getWorksheet('Kunden')!.getCell('A3').value = 'two';
    await workbook.xlsx.writeFile(path);
    const { test } = await validateAndTest(mesh, files.get('Kunden')!);
    assert.equal(test.code, 1, test.stdout.slice(0, 2000));
    assert.match(test.stdout, /physical type is varchar, the contract declares bigint/);
  });

  it('--tables picks sheets and says which it did not find', async () => {
    const mesh = await tempMesh('xlsx-tables');
    await writeShopWorkbook(join(mesh, 'shop.xlsx'));
    const system = await importXlsx(
      { kind: 'xlsx', path: join(mesh, 'shop.xlsx') },
      { cwd: mesh, env: {}, tables: ['Kunden', 'Nope'] },
    );
    assert.deepEqual(
      system.tables.map((t) => t.name),
      ['Kunden'],
    );
    assert.deepEqual(system.gaps, [
      { table: 'Nope', reason: 'no sheet of that name in the workbook' },
    ]);
  });

  it('refuses a broken workbook and a missing one with a clear message, no stack', async () => {
    const mesh = await tempMesh('xlsx-broken');
    await writeFile(join(mesh, 'broken.xlsx'), 'PK\u0003\u0004 this is no zip');
    await assert.rejects(
      importXlsx({ kind: 'xlsx', path: join(mesh, 'broken.xlsx') }, { cwd: mesh, env: {} }),
      (error: unknown) => {
        assert.ok(isMeshworkError(error));
        assert.equal(error.code, 'invalid-input');
        assert.match(
          error.message,
          /^cannot import broken\.xlsx: cannot read .*broken\.xlsx as an Excel workbook \(\.xlsx\): /,
        );
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
    await assert.rejects(
      importXlsx({ kind: 'xlsx', path: join(mesh, 'gone.xlsx') }, { cwd: mesh, env: {} }),
      /^MeshworkError: no workbook at gone\.xlsx\.$/,
    );
  });

  it('refuses a workbook over 50 MB before reading it', async () => {
    const mesh = await tempMesh('xlsx-big');
    const path = join(mesh, 'big.xlsx');
    const handle = await open(path, 'w');
    await handle.truncate(51 * 1024 * 1024);
    await handle.close();
    await assert.rejects(
      importXlsx({ kind: 'xlsx', path }, { cwd: mesh, env: {} }),
      /big\.xlsx is 51 MB; Meshwork reads workbooks up to 50 MB \(save the sheet as CSV or Parquet instead\)/,
    );
  });

  it('stops reading a workbook past 1 million cells (a small zip can hold many)', async () => {
    const mesh = await tempMesh('xlsx-cells');
    const path = join(mesh, 'cells.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path });
    const sheet = workbook.addWorksheet('many');
    const row = Array.from({ length: 1000 }, (_, i) => i);
    for (let r = 0; r <= MAX_WORKBOOK_CELLS / 1000; r++) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
    await assert.rejects(
      readWorkbook(path),
      /has more than 1,000,000 cells; Meshwork reads workbooks up to that size/,
    );
  });

  it('reads the sheets by name whatever order the writer stored the parts in', async () => {
    const mesh = await tempMesh('xlsx-order');
    await writeShopWorkbook(join(mesh, 'shop.xlsx'));
    const entries = unzipEntries(await readFile(join(mesh, 'shop.xlsx')));
    const rank = (name: string): number =>
      name.endsWith('sharedStrings.xml') ||
      name.endsWith('styles.xml') ||
      name.endsWith('workbook.xml.rels')
        ? 0
        : name.includes('worksheets/')
          ? 1
          : name.endsWith('xl/workbook.xml')
            ? 3
            : 2;
    // Shared strings, styles and relations first, the sheets next, workbook.xml (the names) last:
    // a streaming reader that reads a sheet as soon as it comes has no name for it yet.
    const reordered = [...entries].sort((a, b) => rank(a.name) - rank(b.name));
    assert.ok(reordered.at(-1)?.name.endsWith('xl/workbook.xml'));
    await writeFile(join(mesh, 'reordered.xlsx'), zipEntries(reordered));
    const sheets = await readWorkbook(join(mesh, 'reordered.xlsx'));
    assert.deepEqual(
      sheets.map((s) => s.name),
      ['Orders 2024', 'Kunden', 'Leer'],
    );
    const orders = sheets[0]!;
    assert.deepEqual(orders.rows[0]?.slice(0, 5), [
      1,
      'Anna',
      'x',
      10,
      new Date('2024-01-05T00:00:00Z'),
    ]);
    assert.equal(orders.columns[4]?.type, 'date');
  });

  it('refuses a workbook that unpacks to more than 256 MB, before unpacking it', async () => {
    const mesh = await tempMesh('xlsx-bomb');
    const path = join(mesh, 'bomb.xlsx');
    await writeFile(
      path,
      zipEntries([
        {
          name: 'xl/worksheets/sheet1.xml',
          data: Buffer.from('<x/>'),
          declared: 300 * 1024 * 1024,
        },
      ]),
    );
    await assert.rejects(
      readWorkbook(path),
      /bomb\.xlsx unpacks to 300 MB; Meshwork reads workbooks up to 256 MB unpacked/,
    );
    await writeFile(join(mesh, 'old.xlsx'), Buffer.from('D0CF11E0A1B11AE1', 'hex'));
    await assert.rejects(
      readWorkbook(join(mesh, 'old.xlsx')),
      /it is not a zip archive \(an \.xls or \.ods file\? save it as \.xlsx\)/,
    );
  });

  it('refuses a workbook whose zip directory understates what its parts unpack to (the sizes are counted while inflating)', async () => {
    const mesh = await tempMesh('xlsx-lying-zip');
    await writeShopWorkbook(join(mesh, 'shop.xlsx'));
    const entries = unzipEntries(await readFile(join(mesh, 'shop.xlsx')));
    // Ten shared strings of 3 MB each (30 MB of XML, some 30 KB deflated), declared as 1,000
    // bytes: a bound on the declared sizes passes it, and an unchecked reader inflates it all.
    const big = 'A'.repeat(3 * 1024 * 1024);
    const strings = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="10" uniqueCount="10">${Array.from({ length: 10 }, () => `<si><t>${big}</t></si>`).join('')}</sst>`,
    );
    const lying = (declaredLocally: boolean): Buffer =>
      zipEntries(
        entries.map((entry) =>
          entry.name === 'xl/sharedStrings.xml'
            ? { name: entry.name, data: strings, declared: 1000, declaredLocally }
            : entry,
        ),
      );
    assert.ok(entries.some((entry) => entry.name === 'xl/sharedStrings.xml'));
    // Only the directory patched (the reported attack): the local header gives it away.
    await writeFile(join(mesh, 'lying.xlsx'), lying(false));
    await assert.rejects(
      importXlsx({ kind: 'xlsx', path: join(mesh, 'lying.xlsx') }, { cwd: mesh, env: {} }),
      (error: unknown) => {
        assert.ok(isMeshworkError(error));
        assert.equal(error.code, 'invalid-input');
        assert.match(
          error.message,
          /cannot read .*lying\.xlsx as an Excel workbook \(\.xlsx\): the zip entry "xl\/sharedStrings\.xml": its local header and the zip directory declare different sizes/,
        );
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
    // Both headers lying alike: the inflating itself stops one byte past the 1,000 declared.
    await writeFile(join(mesh, 'both.xlsx'), lying(true));
    const before = process.memoryUsage().rss;
    await assert.rejects(
      readWorkbook(join(mesh, 'both.xlsx')),
      /both\.xlsx as an Excel workbook \(\.xlsx\): the zip entry "xl\/sharedStrings\.xml" unpacks to more than the 1,000 bytes the zip directory declares$/,
    );
    assert.ok(
      process.memoryUsage().rss - before < 64 * 1024 * 1024,
      'the lying entry is not inflated into memory',
    );
  });

  it('reads only the parts the zip directory lists, and refuses a cell text longer than Excel allows', async () => {
    const mesh = await tempMesh('xlsx-hidden-part');
    await writeShopWorkbook(join(mesh, 'shop.xlsx'));
    const entries = unzipEntries(await readFile(join(mesh, 'shop.xlsx')));
    // A local entry without a directory record is never inflated by Meshwork, so it must not be
    // read either: here a second sheet1.xml that a header-walking reader would take last.
    const sheet = entries.find((entry) => entry.name === 'xl/worksheets/sheet1.xml')!;
    const hidden = {
      name: sheet.name,
      data: Buffer.from(sheet.data.toString('utf8').replace('<v>1</v>', '<v>99</v>')),
      hidden: true,
    };
    await writeFile(join(mesh, 'hidden.xlsx'), zipEntries([...entries, hidden]));
    const sheets = await readWorkbook(join(mesh, 'hidden.xlsx'));
    assert.deepEqual(
      sheets.map((s) => [s.name, s.rows[0]?.[0]]),
      [
        ['Orders 2024', 1],
        ['Kunden', 1],
        ['Leer', undefined],
      ],
    );

    const long = 'x'.repeat(40_000);
    const strings = entries.map((entry) =>
      entry.name === 'xl/sharedStrings.xml'
        ? {
            name: entry.name,
            data: Buffer.from(entry.data.toString('utf8').replace('<t>Anna</t>', `<t>${long}</t>`)),
          }
        : entry,
    );
    await writeFile(join(mesh, 'long.xlsx'), zipEntries(strings));
    await assert.rejects(
      readWorkbook(join(mesh, 'long.xlsx')),
      /long\.xlsx has a cell of more than 32,767 characters, Excel's own limit; Meshwork does not read it$/,
    );
  });

  it('names and types columns by fixed rules', () => {
    assert.deepEqual(columnNames(['a', null, 'A', ' a ', 'b'], 6), [
      'a',
      'column_2',
      'A_2',
      'a_3',
      'b',
      'column_6',
    ]);
    assert.equal(columnType([1, 2, null]), 'bigint');
    assert.equal(columnType([1, 2.5]), 'double');
    assert.equal(columnType([1, 'x']), 'varchar');
    assert.equal(
      columnType([new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T10:00:00Z')]),
      'timestamp',
    );
    assert.equal(columnType([true, false]), 'boolean');
    assert.equal(columnType([null, null]), 'varchar');
  });

  it("hands a sheet to a build as a typed Parquet file in the build's scratch folder", async () => {
    const mesh = await tempMesh('xlsx-build');
    await writeShopWorkbook(join(mesh, 'shop.xlsx'));
    const scratch = await tempMesh('xlsx-build-scratch');
    const exported = await exportLocalFiles({
      server: { server: 'shop', type: 'local', format: 'xlsx', path: 'shop.xlsx' },
      credentials: {},
      baseDir: mesh,
      objects: [{ name: 'customers', physicalName: 'Kunden' }],
      scratchDir: scratch,
      filePrefix: 'in-',
    });
    const input = exported.objects.get('customers');
    assert.equal(input?.kind, 'parquet');
    assert.match(input.path, /\/in-sheet-0\.parquet$/);
    await duck(
      `CREATE TABLE t AS SELECT * FROM read_parquet('${input.path}'); SELECT CASE WHEN (SELECT count(*) FROM t) = 2 THEN 1 ELSE error('wrong row count') END`,
    );
  });

  it('converts a sheet once per connection and removes the scratch folder on close', async () => {
    const mesh = await tempMesh('xlsx-scratch');
    const path = join(mesh, 'shop.xlsx');
    await writeShopWorkbook(path);
    const statements: string[] = [];
    const scratch = createXlsxScratch(async (sql) => {
      statements.push(sql);
      await duck(sql);
    });
    const parquet = await scratch.parquetOf(path, 'Kunden');
    assert.equal(await scratch.parquetOf(path, 'Kunden'), parquet);
    assert.equal(statements.length, 1);
    assert.ok(existsSync(parquet));
    await assert.rejects(
      scratch.parquetOf(path, 'Leer'),
      /the sheet "Leer" of .* is empty \(no header row\)/,
    );
    await scratch.close();
    assert.equal(existsSync(parquet), false);
  });
});
