import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importSourceOf } from '../../src/app/import/import-source.ts';
import { MeshworkError } from '../../src/app/errors.ts';

/** `importSourceOf`: the kind of `meshwork import SOURCE`, from the argument and a bounded head of the file. */
describe('importSourceOf', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-import-source-'));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({
        metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' },
      }),
    );
    await writeFile(join(dir, 'rows.json'), '[{"a": 1}]');
    await writeFile(join(dir, 'datacontract.yaml'), 'dataContractSpecification: 1.1.0\nid: x\n');
    await writeFile(join(dir, 'other.yaml'), 'apiVersion: v3.1.0\n');
    // The marker beyond the bounded head is not read: a huge JSON file is data.
    await writeFile(join(dir, 'big.json'), `[${' '.repeat(70 * 1024)}{"dbt_schema_version": 1}]`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('tells the kinds apart', () => {
    const kind = (text: string): string => importSourceOf(text, dir).kind;
    assert.equal(kind('postgresql://u:p@h/db'), 'database');
    assert.equal(kind('postgres://h/db'), 'database');
    assert.equal(kind('MySQL://h/db'), 'database');
    assert.equal(kind('mariadb://h/db'), 'database');
    assert.equal(kind('book.XLSX'), 'xlsx');
    assert.equal(kind('schema.sql'), 'ddl');
    assert.equal(kind('manifest.json'), 'dbt-manifest');
    assert.equal(kind('rows.json'), 'files');
    assert.equal(kind('big.json'), 'files');
    assert.equal(kind('missing.json'), 'files');
    assert.equal(kind('datacontract.yaml'), 'dcs');
    assert.equal(kind('other.yaml'), 'files');
    assert.equal(kind('data/*.csv'), 'files');
    assert.equal(kind('orders.parquet'), 'files');
    assert.equal(kind(`file://${join(dir, 'manifest.json')}`), 'dbt-manifest');
  });

  it('keeps the database URL and its server type; resolves paths against cwd', () => {
    assert.deepEqual(importSourceOf('mariadb://h/db', dir), {
      kind: 'database',
      url: 'mariadb://h/db',
      serverType: 'mariadb',
    });
    assert.deepEqual(importSourceOf('schema.sql', dir), {
      kind: 'ddl',
      path: join(dir, 'schema.sql'),
    });
  });

  it('refuses other URL schemes, empty, NUL and overlong arguments as usage errors', () => {
    for (const text of ['https://example.org/x.csv', '', '  ', 'a\0b', 'x'.repeat(5000)]) {
      assert.throws(
        () => importSourceOf(text, dir),
        (error: unknown) => error instanceof MeshworkError && error.code === 'usage',
        JSON.stringify(text.slice(0, 20)),
      );
    }
  });
});
