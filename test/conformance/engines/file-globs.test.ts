import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { runContractTests } from '../../../src/app/testing/index.ts';
import type { TestRun } from '../../../src/core/quality/index.ts';

/**
 * Schema evolution across the files of a glob: three files whose columns differ in set
 * and order. Columns are matched by name, a column missing from a file is NULL there, a
 * column in no file fails `present` (CSV, Parquet), and in JSON, which has no schema, a
 * key in no record is NULL for an optional property and fails only a required one.
 *
 *   part-1: id, name         (1, Anna) (2, Ben)
 *   part-2: city, name, id   (Wien, Cleo, 3)
 *   part-3: id, city         (4, Linz)
 */
const PARTS: readonly (readonly [string, ...(string | number)[]][])[] = [
  [
    ['id', 1, 2],
    ['name', 'Anna', 'Ben'],
  ],
  [
    ['city', 'Wien'],
    ['name', 'Cleo'],
    ['id', 3],
  ],
  [
    ['id', 4],
    ['city', 'Linz'],
  ],
];

/** The rows of one part as records, keys in the part's column order. */
function records(part: (typeof PARTS)[number]): Record<string, string | number>[] {
  const count = part[0]!.length - 1;
  return Array.from({ length: count }, (_, row) =>
    Object.fromEntries(part.map(([name, ...values]) => [name, values[row]!])),
  );
}

async function writeParts(dir: string, format: 'csv' | 'parquet' | 'json'): Promise<void> {
  await mkdir(join(dir, 'data'));
  if (format === 'json') {
    for (const [i, part] of PARTS.entries()) {
      const lines = records(part).map((r) => JSON.stringify(r));
      await writeFile(join(dir, 'data', `part-${i + 1}.ndjson`), `${lines.join('\n')}\n`);
    }
    return;
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const [i, part] of PARTS.entries()) {
    const rows = records(part).map(
      (r) =>
        `SELECT ${Object.entries(r)
          .map(([k, v]) => `${typeof v === 'number' ? v : `'${v}'`} AS ${k}`)
          .join(', ')}`,
    );
    const file = join(dir, 'data', `part-${i + 1}.${format}`);
    await connection.run(`COPY (${rows.join(' UNION ALL ')}) TO '${file}' (FORMAT ${format})`);
  }
  connection.closeSync();
  instance.closeSync();
}

function contract(format: 'csv' | 'parquet' | 'json'): unknown {
  const extension = format === 'json' ? 'ndjson' : format;
  const nulls = (id: string): unknown => ({ id, metric: 'nullValues', mustBe: 0 });
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `globs-${format}`,
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', path: `./data/part-*.${extension}`, format }],
    schema: [
      {
        name: 'people',
        quality: [{ id: 'rows', metric: 'rowCount', mustBe: 4 }],
        properties: [
          { name: 'id', logicalType: 'integer', required: true, unique: true },
          { name: 'name', logicalType: 'string', quality: [nulls('name-nulls')] },
          {
            name: 'city',
            logicalType: 'string',
            quality: [
              nulls('city-nulls'),
              {
                id: 'city-valid',
                metric: 'invalidValues',
                arguments: { validValues: ['Wien', 'Graz'] },
                mustBe: 0,
              },
            ],
          },
          // In no file: optional, and required.
          { name: 'zip', logicalType: 'string' },
          { name: 'country', logicalType: 'string', required: true },
        ],
      },
    ],
  };
}

for (const format of ['parquet', 'csv', 'json'] as const) {
  describe(`a ${format} glob whose files have different columns`, () => {
    let dir: string;
    let run: TestRun;
    const check = (id: string): TestRun['checks'][number] => {
      const found = run.checks.find((c) => c.id === id);
      assert.ok(found, `${id} in ${run.checks.map((c) => c.id).join(', ')}`);
      return found;
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), `meshwork-globs-${format}-`));
      await writeParts(dir, format);
      await writeFile(join(dir, 'people.odcs.yaml'), stringify(contract(format)));
      run = await runContractTests({
        meshRoot: dir,
        contractFile: 'people.odcs.yaml',
        history: null,
      });
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads every row of every file, each column by its name', () => {
      assert.equal(check('rows').status, 'passed', check('rows').message);
      for (const id of ['people.id.present', 'people.id.type', 'people.id.unique']) {
        assert.equal(check(id).status, 'passed', `${id}: ${check(id).message}`);
      }
      // name is missing from part-3 only; city from part-1's two rows only.
      assert.equal(check('name-nulls').value, 1);
      assert.equal(check('city-nulls').value, 2);
      // Linz, in the last file, is read and is not a valid city.
      assert.equal(check('city-valid').value, 1);
      assert.deepEqual(
        check('city-valid').samples.map((s) => s.city),
        ['Linz'],
      );
    });

    it('a required column in no file fails present', () => {
      assert.equal(check('people.country.present').status, 'failed');
    });

    if (format === 'json') {
      it('an optional key in no JSON record is null, not a failed present', () => {
        const present = check('people.zip.present');
        assert.equal(present.status, 'passed', present.message);
        assert.match(
          present.message,
          /no record has the field "zip"; the optional property is read as null/,
        );
        assert.equal(check('people.country.required').value, 4);
      });
    } else {
      it('an optional column in no file fails present too (the files have a schema)', () => {
        assert.equal(check('people.zip.present').status, 'failed');
      });
    }
  });
}
