import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { importFiles } from '../../src/app/import/import-files.ts';
import { importXlsx } from '../../src/app/import/import-xlsx.ts';
import { addProfile, profileSystem } from '../../src/app/import/profile/index.ts';
import { sourceContract } from '../../src/app/import/source-contract.ts';
import { cli } from '../support/cli.ts';
import { columnOf } from './profile-support.ts';

/** Personal values planted in the files: none may reach a profile, a contract or the output. */
const PLANTED = ['kundin.geheim', 'DE44500105175407324931'];

describe('meshwork import --profile through the file and workbook importers', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-profile-files-'));
    await writeFile(join(dir, 'meshwork.yaml'), 'apiVersion: meshwork/v1\nname: profile-files\n');
    await mkdir(join(dir, 'data'));
    const lines = ['order_id;ordered;km;mail;account'];
    for (let i = 1; i <= 50; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = i <= 25 ? '01' : '03';
      lines.push(
        `${i};${day}.${month}.2024;${i === 1 ? 9 : i === 2 ? 100 : 10 + (i % 30)};kundin.geheim${i}@example.org;${i % 2 ? PLANTED[1] : 'DE89370400440532013000'}`,
      );
    }
    await writeFile(join(dir, 'data', 'orders.csv'), `${lines.join('\n')}\n`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Stations');
    sheet.addRow(['Station', 'Region', 'Docks']);
    for (let i = 1; i <= 30; i++)
      sheet.addRow([`ST-${String(100 + i)}`, i % 3 === 0 ? 'Nord' : 'Süd', i === 1 ? 4 : 10 + i]);
    await workbook.xlsx.writeFile(join(dir, 'data', 'stations.xlsx'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a CSV: dates in their own format are ranged as dates, numbers as numbers', async () => {
    const system = await importFiles(
      { kind: 'files', path: join(dir, 'data', 'orders.csv') },
      { cwd: dir, meshRoot: dir, env: {} },
    );
    const result = await profileSystem(system);
    assert.deepEqual(result.gaps, []);
    const profile = result.profiles[0];
    assert.equal(profile?.rows, 50);
    const ordered = columnOf(profile, 'ordered');
    // Whatever type the importer gave the column, the range is that of dates, not of text
    // (as text, 28.03.2024 would be the largest and 01.01.2024 the smallest).
    assert.ok(
      ordered.min === '2024-01-02' || ordered.min === '2024-01-02 00:00:00',
      String(ordered.min),
    );
    assert.ok(ordered.max?.startsWith('2024-03-28'), String(ordered.max));
    const km = columnOf(profile, 'km');
    assert.equal(km.min, '9');
    assert.equal(km.max, '100');
    assert.equal(columnOf(profile, 'mail').personalData?.category, 'email');
    assert.equal(columnOf(profile, 'account').personalData?.category, 'iban');
    assert.equal(columnOf(profile, 'account').values, undefined);

    const folder = join(dir, 'sources', system.system);
    await mkdir(folder, { recursive: true });
    const outputs = [JSON.stringify(result)];
    for (const t of system.tables) {
      const text = addProfile(
        sourceContract(t, system, { kind: 'files', source: 'data/orders.csv', at: new Date() }),
        result.profiles,
      );
      const file = join(folder, `${t.name}.odcs.yaml`);
      await writeFile(file, text);
      const validate = await cli(['validate', file], dir);
      assert.equal(validate.code, 0, `${validate.stdout}${validate.stderr}`);
      const run = await cli(['test', file], dir);
      assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
      outputs.push(text, validate.stdout, validate.stderr, run.stdout, run.stderr);
    }
    for (const value of PLANTED)
      assert.equal(outputs.join('\n').includes(value), false, `"${value}" was written or printed`);
  });

  test('an Excel sheet: values, pattern and range from the workbook', async () => {
    const system = await importXlsx(
      { kind: 'xlsx', path: join(dir, 'data', 'stations.xlsx') },
      { cwd: dir, meshRoot: dir, env: {} },
    );
    const result = await profileSystem(system);
    assert.deepEqual(result.gaps, []);
    const profile = result.profiles[0];
    assert.equal(profile?.rows, 30);
    assert.deepEqual(columnOf(profile, 'Region').values, ['Süd', 'Nord']);
    assert.equal(columnOf(profile, 'Station').pattern, '^ST-[0-9]{3}$');
    assert.equal(columnOf(profile, 'Docks').min, '4');
    assert.equal(columnOf(profile, 'Docks').max, '40');
  });
});
