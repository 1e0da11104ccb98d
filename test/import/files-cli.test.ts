import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { tempMesh } from './files-support.ts';

const BIN = join(import.meta.dirname, '../../bin/meshwork.js');
const run = promisify(execFile);

/** The meshwork command as a real process: exit code, stdout, stderr. */
async function meshwork(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

async function writeWorkbook(path: string, stock: (string | number)[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Lager Bestand');
  sheet.addRow(['SKU', 'Menge', 'Geprüft am']);
  stock.forEach((qty, i) => sheet.addRow([`A-${i}`, qty, new Date(`2024-03-0${i + 1}T00:00:00Z`)]));
  await workbook.xlsx.writeFile(path);
}

/**
 * `meshwork import` of files and a workbook as a user runs it: a fresh mesh from `meshwork
 * init`, the data in the mesh's folder, then `validate` and `test` on what it wrote.
 */
describe('meshwork import of files and workbooks (process level)', () => {
  let mesh = '';

  before(async () => {
    const root = await tempMesh('cli');
    mesh = join(root, 'mesh');
    const init = await meshwork(['init', mesh], root);
    assert.equal(init.code, 0, init.stderr);
    await mkdir(join(mesh, 'data'));
    const lines = ['order_id,customer,amount,placed'];
    for (let i = 1; i <= 100; i++)
      lines.push(`${i},c${i % 7},${i}.25,2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    await writeFile(join(mesh, 'data/orders.csv'), lines.join('\n') + '\n');
    await writeWorkbook(join(mesh, 'data/lager.xlsx'), [3, 4, 5]);
  });

  it('imports a CSV into sources/<system>/, and validate and test pass on it', async () => {
    const imported = await meshwork(['import', 'data/orders.csv', '--system', 'Webshop'], mesh);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.deepEqual(await readdir(join(mesh, 'sources/webshop')), ['orders.odcs.yaml']);
    const contract = await readFile(join(mesh, 'sources/webshop/orders.odcs.yaml'), 'utf8');
    assert.match(contract, /path: \.\.\/\.\.\/data\/orders\.csv/);
    const validate = await meshwork(['validate'], mesh);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    const test = await meshwork(['test', 'sources/webshop/orders.odcs.yaml'], mesh);
    assert.equal(test.code, 0, test.stdout + test.stderr);
  });

  it('imports a workbook, validate and test pass; drift after a change is shown and written only with --write', async () => {
    const first = await meshwork(['import', 'data/lager.xlsx'], mesh);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const file = join(mesh, 'sources/lager/lager-bestand.odcs.yaml');
    const written = await readFile(file, 'utf8');
    assert.match(written, /format: xlsx/);
    assert.match(written, /physicalName: Lager Bestand/);
    assert.equal((await meshwork(['validate'], mesh)).code, 0);
    const test = await meshwork(['test', 'sources/lager/lager-bestand.odcs.yaml'], mesh);
    assert.equal(test.code, 0, test.stdout + test.stderr);

    // A quantity typed as text: the column's type changes from integer to string.
    await writeWorkbook(join(mesh, 'data/lager.xlsx'), [3, 'vier', 5]);
    const failing = await meshwork(['test', 'sources/lager/lager-bestand.odcs.yaml'], mesh);
    assert.equal(failing.code, 1, failing.stdout);
    const drift = await meshwork(['import', 'data/lager.xlsx', '--format', 'json'], mesh);
    const report = JSON.parse(drift.stdout) as { files: { action: string }[] };
    assert.deepEqual(
      report.files.map((f) => f.action),
      ['drift'],
    );
    assert.equal(await readFile(file, 'utf8'), written, 'written without --write');
    const rewritten = await meshwork(['import', 'data/lager.xlsx', '--write'], mesh);
    assert.ok(rewritten.code === 0 || rewritten.code === 1, rewritten.stderr);
    assert.notEqual(await readFile(file, 'utf8'), written);
    const again = await meshwork(['test', 'sources/lager/lager-bestand.odcs.yaml'], mesh);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it('hostile file names: quotes and SQL in a name are read as data; hidden, wildcard and letterless names are said, not written', async () => {
    await mkdir(join(mesh, 'hostile'));
    await writeFile(join(mesh, `hostile/x'; DROP TABLE y; --.csv`), 'a\n1\n');
    await writeFile(join(mesh, 'hostile/...csv'), 'a\n1\n');
    await writeFile(join(mesh, 'hostile/*.csv'), 'a\n1\n');
    await writeFile(join(mesh, 'hostile/--.csv'), 'a\n1\n');
    const imported = await meshwork(['import', 'hostile', '--format', 'json'], mesh);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    const report = JSON.parse(imported.stdout) as {
      files: { table: string; file: string }[];
      gaps: { table: string; reason: string }[];
    };
    assert.deepEqual(
      report.files.map((f) => [f.table, f.file]),
      [[`x'; DROP TABLE y; --`, 'sources/hostile/x-drop-table-y.odcs.yaml']],
    );
    assert.deepEqual(
      report.gaps.map((g) => [g.table, g.reason]),
      [
        [
          '*',
          '*.csv: a name with * ? [ ] { } would be read as a file pattern; rename the file to import it',
        ],
        ['..', 'a hidden file (its name starts with a dot): not imported'],
        [
          '--',
          'its name makes no file name of its own (no letter or digit, too long, or the same as another table’s)',
        ],
      ],
    );
    assert.deepEqual(await readdir(join(mesh, 'sources/hostile')), ['x-drop-table-y.odcs.yaml']);
    const test = await meshwork(['test', 'sources/hostile/x-drop-table-y.odcs.yaml'], mesh);
    assert.equal(test.code, 0, test.stdout + test.stderr);
  });

  it('says what it could not read, on one line without a stack', async () => {
    await writeFile(join(mesh, 'data/broken.xlsx'), 'not a zip');
    const broken = await meshwork(['import', 'data/broken.xlsx'], mesh);
    assert.equal(broken.code, 2);
    assert.match(
      broken.stderr,
      /cannot import data\/broken\.xlsx: cannot read .* as an Excel workbook/,
    );
    assert.doesNotMatch(broken.stderr, /\n\s+at /);
  });
});
