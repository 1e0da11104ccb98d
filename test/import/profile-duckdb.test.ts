import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { profileSystem } from '../../src/app/import/profile/index.ts';
import type { SystemProfile } from '../../src/app/import/profile/index.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { cli } from '../support/cli.ts';
import { column, columnOf, systemOf, table, writeProfiledContracts } from './profile-support.ts';

const PLANTED_PHONE = '+49 170 5550';

const bikes = table('bikes', [
  column('id', 'integer', 'integer', { required: true, primaryKeyPosition: 1 }),
  column('frame no', 'string', 'varchar', { required: true }),
  column('colour', 'string', 'varchar'),
  column('price', 'number', 'decimal(8,2)'),
  column('owner_phone', 'string', 'varchar'),
  column('bought', 'timestamp', 'timestamp'),
]);

describe('meshwork import --profile on DuckDB files', () => {
  let dir: string;
  let database: string;
  let csv: string;
  let fileSystem: ImportedSystem;
  let csvSystem: ImportedSystem;
  let fileResult: SystemProfile;
  let csvResult: SystemProfile;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-profile-duck-'));
    database = join(dir, 'garage.duckdb');
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    await connection.run(`
      CREATE TABLE bikes (id INTEGER PRIMARY KEY, "frame no" VARCHAR NOT NULL, colour VARCHAR,
        price DECIMAL(8,2), owner_phone VARCHAR, bought TIMESTAMP);
      INSERT INTO bikes SELECT i,
        'FR-' || lpad(CAST(100000 + i * 13 AS VARCHAR), 6, '0'),
        CASE WHEN i % 10 = 0 THEN NULL WHEN i % 3 = 0 THEN 'red' ELSE 'blue' END,
        CASE WHEN i = 1 THEN 99.90 WHEN i = 2 THEN 2499.00 ELSE 500 + i END,
        '${PLANTED_PHONE}' || lpad(CAST(i AS VARCHAR), 3, '0'),
        TIMESTAMP '2025-01-01 08:00:00' + INTERVAL (i) DAY
      FROM range(1, 81) t(i);
      CREATE TABLE "odd ""name""; DROP TABLE bikes; --" ("we""ird'col" VARCHAR);
      INSERT INTO "odd ""name""; DROP TABLE bikes; --" SELECT CASE WHEN i % 2 = 0 THEN 'x' ELSE 'y' END FROM range(10) t(i);
      -- An md5 per row over 200 million rows: far beyond a short time limit.
      CREATE VIEW slow AS SELECT i, md5(CAST(i AS VARCHAR)) AS h FROM range(200000000) t(i);
    `);
    connection.closeSync();
    instance.closeSync();
    csv = join(dir, 'rides.csv');
    const lines = ['ride_id,km,kind'];
    for (let i = 1; i <= 60; i++)
      lines.push(
        `${i},${i === 1 ? 9 : i === 2 ? 100 : 10 + (i % 40)},${i % 2 ? 'road' : 'gravel'}`,
      );
    await writeFile(csv, `${lines.join('\n')}\n`);
    fileSystem = systemOf('garage', { server: 'garage', type: 'duckdb', database }, {}, dir, [
      bikes,
    ]);
    csvSystem = systemOf(
      'rides',
      { server: 'rides', type: 'local', format: 'csv', path: csv },
      {},
      dir,
      [
        table('rides', [
          column('ride_id', 'integer', 'bigint', { required: true }),
          column('km', 'integer', 'bigint'),
          column('kind', 'string', 'varchar'),
        ]),
      ],
    );
    fileResult = await profileSystem(fileSystem);
    csvResult = await profileSystem(csvSystem);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('exact facts from a .duckdb file', () => {
    assert.deepEqual(fileResult.gaps, []);
    const profile = fileResult.profiles[0];
    assert.equal(profile?.rows, 80);
    const colour = columnOf(profile, 'colour');
    assert.equal(colour.nullShare, 0.1);
    assert.deepEqual(colour.values, ['blue', 'red']);
    const price = columnOf(profile, 'price');
    assert.equal(price.min, '99.90');
    assert.equal(price.max, '2499.00');
    const bought = columnOf(profile, 'bought');
    assert.equal(bought.min, '2025-01-02 08:00:00');
    assert.equal(bought.max, '2025-03-22 08:00:00');
    assert.equal(columnOf(profile, 'frame no').pattern, '^FR-[0-9]{6}$');
  });

  test('a CSV read as text is ranged by its logical type (100 > 9)', () => {
    assert.deepEqual(csvResult.gaps, []);
    const km = columnOf(csvResult.profiles[0], 'km');
    assert.equal(km.min, '9');
    assert.equal(km.max, '100');
    assert.deepEqual(columnOf(csvResult.profiles[0], 'kind').values, ['gravel', 'road']);
  });

  test('a phone column is personal: no values or pattern, and the planted numbers appear nowhere', async () => {
    const phone = columnOf(fileResult.profiles[0], 'owner_phone');
    assert.equal(phone.personalData?.category, 'phone');
    assert.equal(phone.pattern, undefined);
    assert.equal(phone.values, undefined);
    const outputs = [JSON.stringify(fileResult)];
    for (const [system, result] of [
      [fileSystem, fileResult],
      [csvSystem, csvResult],
    ] as const) {
      const files = await writeProfiledContracts(dir, system, result.profiles, 'file');
      for (const { file, text } of files) {
        const validate = await cli(['validate', file], dir);
        assert.equal(validate.code, 0, `${validate.stdout}${validate.stderr}`);
        const run = await cli(['test', file], dir);
        assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
        outputs.push(text, validate.stdout, validate.stderr, run.stdout, run.stderr);
      }
    }
    assert.equal(outputs.join('\n').includes(PLANTED_PHONE), false);
    assert.equal(outputs.join('\n').includes('5550'), false);
  });

  test('hostile table and column names are quoted, never run', async () => {
    const odd = table('odd "name"; DROP TABLE bikes; --', [
      column(`we"ird'col`, 'string', 'varchar'),
    ]);
    const outcome = await profileSystem({ ...fileSystem, tables: [odd, bikes] });
    assert.deepEqual(outcome.gaps, []);
    assert.deepEqual(columnOf(outcome.profiles[0], `we"ird'col`).values, ['x', 'y']);
    assert.equal(outcome.profiles[1]?.rows, 80, 'bikes is still there');
  });

  test('a table too large to count distinct values in time keeps the rest of its profile', async () => {
    // The real connection, with the distinct pass made as slow as the limit: the engine
    // would cancel it there (the interrupt itself is tested below).
    const base = fileSystem.data;
    assert.ok(base);
    const slowDistinct: ImportedSystem = {
      ...fileSystem,
      data: {
        async open() {
          const opened = await base.open();
          const real = opened.connection;
          return {
            relation: (name: string) => opened.relation(name),
            connection: {
              ...real,
              async queryWithin(sql: string, ms: number) {
                if (!sql.includes('count(DISTINCT')) return real.queryWithin?.(sql, ms) ?? [];
                await new Promise((resolve) => setTimeout(resolve, ms));
                throw new Error('INTERRUPT Error: Interrupted!');
              },
            },
          };
        },
      },
    };
    const outcome = await profileSystem(slowDistinct, { tableTimeoutMs: 2000 });
    assert.deepEqual(outcome.gaps, [
      {
        table: 'bikes',
        reason: 'distinct values not counted: the table ran over the time limit of 2 s',
      },
    ]);
    const profile = outcome.profiles[0];
    assert.equal(profile?.rows, 80);
    assert.equal(columnOf(profile, 'price').max, '2499.00');
    assert.equal(columnOf(profile, 'id').distinctExact, false);
    const colour = columnOf(profile, 'colour');
    assert.deepEqual(colour.values, ['blue', 'red']);
    assert.equal(colour.distinct, 2, 'counted exactly by the grouped query');
    assert.equal(colour.distinctExact, true);
    assert.equal(columnOf(profile, 'frame no').pattern, '^FR-[0-9]{6}$');
  });

  test('DuckDB interrupts a table that runs over the time limit, and goes on with the next', async () => {
    const started = Date.now();
    const outcome = await profileSystem(
      {
        ...fileSystem,
        tables: [
          table('slow', [column('i', 'integer', 'bigint'), column('h', 'string', 'varchar')]),
          bikes,
        ],
      },
      { tableTimeoutMs: 500, sampleRows: 10 },
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
    assert.deepEqual(outcome.gaps, [
      { table: 'slow', reason: 'not profiled: its queries ran over the time limit of 0.5 s' },
    ]);
    assert.equal(outcome.profiles[0]?.table, 'bikes');
  });
});

/**
 * The security review's case: a 9-row `patients` table whose salary range, diagnoses and
 * free-text addresses were copied into the contract (committed to git). None of the
 * columns is personal by the classifier's verdict, so only the k-anonymity rules
 * (docs/import.md, "Few rows, rare values, copied text") keep the values out.
 */
describe('meshwork import --profile: few rows, rare values and free text stay out', () => {
  let dir: string;
  let result: SystemProfile;
  let contracts: { file: string; text: string }[];
  const patientColumns = [
    column('id', 'integer', 'integer', { required: true }),
    column('salary', 'integer', 'integer'),
    column('diagnosis', 'string', 'varchar'),
    column('note', 'string', 'varchar'),
    column('ward', 'string', 'varchar'),
  ];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-profile-k-'));
    const database = join(dir, 'clinic.duckdb');
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    // patients: 9 rows, 3 of each diagnosis, salaries 51000…59000, an address per row.
    // patients_big: 40 rows; HIV in 2 rows only, wards of 20 rows each.
    await connection.run(`
      CREATE TABLE patients (id INTEGER, salary INTEGER, diagnosis VARCHAR, note VARCHAR, ward VARCHAR);
      INSERT INTO patients SELECT i, 50000 + i * 1000,
        CASE i % 3 WHEN 0 THEN 'Depression' WHEN 1 THEN 'Diabetes' ELSE 'HIV' END,
        'lives at Hauptstr. ' || CAST(i AS VARCHAR), CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END
      FROM range(1, 10) t(i);
      CREATE TABLE patients_big (id INTEGER, salary INTEGER, diagnosis VARCHAR, note VARCHAR, ward VARCHAR);
      INSERT INTO patients_big SELECT i, 40000 + i * 500,
        CASE WHEN i <= 2 THEN 'HIV' WHEN i % 2 = 0 THEN 'Depression' ELSE 'Diabetes' END,
        'lives at Hauptstr. ' || CAST(i AS VARCHAR), CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END
      FROM range(1, 41) t(i);
    `);
    connection.closeSync();
    instance.closeSync();
    const system = systemOf('clinic', { server: 'clinic', type: 'duckdb', database }, {}, dir, [
      table('patients', patientColumns),
      table('patients_big', patientColumns),
    ]);
    result = await profileSystem(system, {
      // The worst case: the classifier clears every column.
      classify: (input) => ({
        object: input.object,
        property: input.property,
        category: null,
        confidence: 0,
        reasons: [],
      }),
    });
    contracts = await writeProfiledContracts(dir, system, result.profiles, database);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a table of fewer than 10 rows gets no range and no values; the contract holds none', () => {
    const patients = result.profiles.find((p) => p.table === 'patients');
    assert.equal(patients?.rows, 9);
    for (const name of ['id', 'salary', 'diagnosis', 'ward']) {
      const c = columnOf(patients, name);
      assert.equal(c.min, undefined, name);
      assert.equal(c.max, undefined, name);
      assert.equal(c.values, undefined, name);
    }
    assert.equal(columnOf(patients, 'diagnosis').distinct, 3, 'counts stay');
    const text = contracts.find((c) => c.file.endsWith('/patients.odcs.yaml'))?.text ?? '';
    for (const leak of ['51000', '59000', 'Depression', 'Diabetes', 'HIV', 'Hauptstr'])
      assert.ok(!text.includes(leak), `${leak} is in the contract`);
  });

  test('free text that varies in a digit gets no pattern (no copied text)', () => {
    for (const name of ['patients', 'patients_big']) {
      const profile = result.profiles.find((p) => p.table === name);
      assert.equal(columnOf(profile, 'note').pattern, undefined, name);
    }
  });

  test('from 10 rows on: the range is given, and values only where each occurs in 5 rows', () => {
    const big = result.profiles.find((p) => p.table === 'patients_big');
    assert.equal(big?.rows, 40);
    assert.equal(columnOf(big, 'salary').min, '40500');
    assert.equal(columnOf(big, 'diagnosis').values, undefined, 'HIV is in 2 rows only');
    assert.equal(columnOf(big, 'diagnosis').distinct, 3);
    assert.deepEqual([...(columnOf(big, 'ward').values ?? [])].sort(), ['A', 'B']);
    const text = contracts.find((c) => c.file.endsWith('/patients_big.odcs.yaml'))?.text ?? '';
    for (const leak of ['Depression', 'Diabetes', 'HIV', 'Hauptstr'])
      assert.ok(!text.includes(leak), `${leak} is in the contract`);
  });
});
