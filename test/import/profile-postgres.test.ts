import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { profileSystem } from '../../src/app/import/profile/index.ts';
import type { SystemProfile } from '../../src/app/import/profile/index.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { parse } from 'yaml';
import { cli } from '../support/cli.ts';
import { createTestDatabase, startTestPostgres } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import {
  acceptSuggestions,
  column,
  columnOf,
  systemOf,
  table,
  writeProfiledContracts,
} from './profile-support.ts';

/** Personal values planted in the data: none may reach a profile, a contract or the output. */
const PLANTED_MAIL = 'secret-mail.example';
const PLANTED_NAMES = ['Wilhelmina', 'Bartholomäus', 'Gertrud', 'Friedhelm', 'Hildegard'];

const SETUP = `
CREATE TABLE customers (
  id integer PRIMARY KEY,
  customer_no text NOT NULL,
  email text,
  first_name text,
  birth_date date,
  status text NOT NULL,
  amount numeric(10,2),
  note text
);
INSERT INTO customers
SELECT g,
  'WS' || lpad((10000000 + g * 7)::text, 8, '0'),
  'planted' || g || '@${PLANTED_MAIL}',
  (ARRAY['Wilhelmina','Bartholomäus','Gertrud','Friedhelm','Hildegard','Ottokar','Mechthild','Siegfried'])[1 + g % 8],
  DATE '1950-01-01' + (g * 37) % 15000,
  CASE WHEN g <= 100 THEN 'active' WHEN g <= 160 THEN 'paused' ELSE 'closed' END,
  CASE WHEN g = 1 THEN 1.50 WHEN g = 2 THEN 300.00 ELSE 10 + g % 50 END,
  CASE WHEN g % 4 = 0 THEN NULL ELSE 'n' || (g % 3) END
FROM generate_series(1, 200) g;
CREATE TABLE empty_one (id integer PRIMARY KEY, label text);
CREATE TABLE places (id integer PRIMARY KEY, spot point, label text);
INSERT INTO places SELECT g, point(g, g), CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END FROM generate_series(1, 10) g;
-- Every row costs a sleep: an aggregate over it runs far beyond a short time limit.
CREATE VIEW slow AS SELECT g AS id FROM generate_series(1, 200000) g WHERE pg_sleep(0.0005) IS NOT NULL;
`;

const customers = table('customers', [
  column('id', 'integer', 'integer', { required: true, primaryKeyPosition: 1 }),
  column('customer_no', 'string', 'text', { required: true }),
  column('email', 'string', 'text'),
  column('first_name', 'string', 'text'),
  column('birth_date', 'date', 'date'),
  column('status', 'string', 'text', { required: true }),
  column('amount', 'number', 'numeric(10,2)'),
  column('note', 'string', 'text'),
]);
const emptyOne = table('empty_one', [
  column('id', 'integer', 'integer', { required: true, primaryKeyPosition: 1 }),
  column('label', 'string', 'text'),
]);

describe('meshwork import --profile on PostgreSQL', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let dir: string;
  let system: ImportedSystem;
  let result: SystemProfile;
  let oldestBirthDate: string;

  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_profile');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(SETUP);
      const found = await client.query<{ d: string }>(
        'SELECT min(birth_date)::text AS d FROM customers',
      );
      oldestBirthDate = String(found.rows[0]?.d);
    } finally {
      await client.end();
    }
    dir = await mkdtemp(join(tmpdir(), 'meshwork-profile-pg-'));
    const url = new URL(db.url);
    system = systemOf(
      'crm',
      {
        server: 'crm',
        type: 'postgresql',
        host: url.hostname,
        port: Number(url.port),
        database: db.name,
        schema: 'public',
      },
      { url: db.url },
      dir,
      [customers, emptyOne],
    );
    result = await profileSystem(system, { now: () => new Date('2026-12-05T10:00:00Z') });
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
    await server?.stop();
  });

  test('exact facts on the planted table: rows, null shares, distinct, range, lengths', () => {
    assert.deepEqual(result.gaps, []);
    const profile = result.profiles.find((p) => p.table === 'customers');
    assert.equal(profile?.rows, 200);
    assert.equal(profile?.profiledAt, '2026-12-05T10:00:00.000Z');
    const id = columnOf(profile, 'id');
    assert.deepEqual(
      {
        distinct: id.distinct,
        exact: id.distinctExact,
        nullShare: id.nullShare,
        min: id.min,
        max: id.max,
      },
      { distinct: 200, exact: true, nullShare: 0, min: '1', max: '200' },
    );
    const amount = columnOf(profile, 'amount');
    assert.equal(amount.min, '1.50');
    assert.equal(amount.max, '300.00');
    const note = columnOf(profile, 'note');
    assert.equal(note.nullShare, 0.25);
    assert.equal(note.distinct, 3);
    assert.deepEqual([...(note.values ?? [])].sort(), ['n0', 'n1', 'n2']);
    const customerNo = columnOf(profile, 'customer_no');
    assert.equal(customerNo.minLength, 10);
    assert.equal(customerNo.maxLength, 10);
  });

  test('a low-cardinality column lists its values, most frequent first', () => {
    const status = columnOf(
      result.profiles.find((p) => p.table === 'customers'),
      'status',
    );
    assert.deepEqual(status.values, ['active', 'paused', 'closed']);
    assert.equal(status.pattern, undefined, 'an enumeration needs no pattern');
  });

  test('a pattern drawn from the sample holds for every row, checked in the engine', () => {
    const customerNo = columnOf(
      result.profiles.find((p) => p.table === 'customers'),
      'customer_no',
    );
    assert.equal(customerNo.pattern, '^WS[0-9]{8}$');
    assert.equal(customerNo.values, undefined, '200 distinct codes are no enumeration');
  });

  test('personal columns are suggested as such and carry no values, range or pattern', () => {
    const profile = result.profiles.find((p) => p.table === 'customers');
    for (const [name, category] of [
      ['email', 'email'],
      ['first_name', 'person-name'],
      ['birth_date', 'date-of-birth'],
    ] as const) {
      const c = columnOf(profile, name);
      assert.equal(c.personalData?.category, category, name);
      assert.equal(c.values, undefined, name);
      assert.equal(c.min, undefined, name);
      assert.equal(c.max, undefined, name);
      assert.equal(c.pattern, undefined, name);
    }
    assert.equal(columnOf(profile, 'status').personalData, undefined);
  });

  test('an empty table profiles as 0 rows, no suggestions of values', () => {
    const profile = result.profiles.find((p) => p.table === 'empty_one');
    assert.equal(profile?.rows, 0);
    assert.equal(columnOf(profile, 'label').nullShare, 0);
    assert.equal(columnOf(profile, 'label').values, undefined);
  });

  test('the profiled contracts validate, pass meshwork test, and hold no planted personal value', async () => {
    const files = await writeProfiledContracts(
      dir,
      system,
      result.profiles,
      'postgresql://127.0.0.1/crm',
    );
    const env = { MESHWORK_CRM_URL: db.url };
    const outputs: string[] = [JSON.stringify(result)];
    for (const { file, text } of files) {
      outputs.push(text);
      const validate = await cli(['validate', file], dir, { env });
      assert.equal(validate.code, 0, `${validate.stdout}${validate.stderr}`);
      const run = await cli(['test', file, '--format', 'json'], dir, { env });
      assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
      outputs.push(validate.stdout, validate.stderr, run.stdout, run.stderr);
    }
    const all = outputs.join('\n');
    for (const value of [PLANTED_MAIL, ...PLANTED_NAMES, oldestBirthDate])
      assert.equal(all.includes(value), false, `"${value}" was written or printed`);
    // The suggestions are there, marked as such, and not promises.
    const customersText = files.find((f) => f.file.endsWith('customers.odcs.yaml'))?.text ?? '';
    const doc = parse(customersText) as {
      schema: {
        customProperties: { property: string; value: unknown }[];
        properties: {
          name: string;
          quality?: unknown;
          customProperties?: { property: string; value: unknown }[];
        }[];
      }[];
    };
    const object = doc.schema[0];
    assert.deepEqual(
      object?.customProperties.find((p) => p.property === 'meshworkProfile')?.value,
      { rows: 200, profiledAt: '2026-12-05T10:00:00.000Z' },
    );
    const status = object?.properties.find((p) => p.name === 'status');
    assert.equal(status?.quality, undefined, 'nothing is enforced');
    const suggested = status?.customProperties?.find(
      (p) => p.property === 'meshworkSuggestedQuality',
    )?.value as { metric: string; arguments?: { validValues?: string[] } }[];
    assert.deepEqual(suggested.find((q) => q.metric === 'invalidValues')?.arguments?.validValues, [
      'active',
      'paused',
      'closed',
    ]);
    const email = object?.properties.find((p) => p.name === 'email');
    assert.deepEqual(
      (
        email?.customProperties?.find((p) => p.property === 'meshworkSuggestedPersonalData')
          ?.value as { category: string }
      ).category,
      'email',
    );
  });

  test('a column whose type the engine cannot compare is counted only; the rest is measured', async () => {
    const places = table('places', [
      column('id', 'integer', 'integer', { required: true, primaryKeyPosition: 1 }),
      column('spot', 'string', 'point'),
      column('label', 'string', 'text'),
    ]);
    const outcome = await profileSystem({ ...system, tables: [places] });
    assert.equal(outcome.gaps.length, 1);
    assert.match(
      outcome.gaps[0]?.reason ?? '',
      /^column spot: distinct values and range not measured \(/,
    );
    const profile = outcome.profiles[0];
    assert.equal(profile?.rows, 10);
    assert.equal(columnOf(profile, 'spot').distinctExact, false);
    assert.equal(columnOf(profile, 'spot').nullShare, 0);
    assert.deepEqual(columnOf(profile, 'label').values, ['even', 'odd']);
    assert.equal(columnOf(profile, 'id').max, '10');
  });

  test('accepted suggestions are real checks: they pass on the data, and fail once a row breaks one', async () => {
    const [file] = await writeProfiledContracts(
      dir,
      { ...system, tables: [customers] },
      result.profiles,
      'postgresql://127.0.0.1/crm',
    );
    assert.ok(file);
    const accepted = acceptSuggestions(file.text);
    assert.ok(accepted.includes('validValues'), 'the enumeration became a quality rule');
    await writeFile(file.file, accepted);
    const env = { MESHWORK_CRM_URL: db.url };
    const validate = await cli(['validate', file.file], dir, { env });
    assert.equal(validate.code, 0, `${validate.stdout}${validate.stderr}`);
    const passing = await cli(['test', file.file, '--format', 'json'], dir, { env });
    assert.equal(passing.code, 0, `${passing.stdout}${passing.stderr}`);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        "INSERT INTO customers VALUES (201, 'XX1', 'x@example.org', 'Ann', NULL, 'bogus', 5, NULL)",
      );
      const failing = await cli(['test', file.file], dir, { env });
      assert.notEqual(failing.code, 0, failing.stdout);
      assert.match(failing.stdout, /status/);
      assert.match(failing.stdout, /customer_no/);
    } finally {
      await client.query('DELETE FROM customers WHERE id = 201');
      await client.end();
    }
  });

  test('a table whose queries run over the time limit is a gap; the engine cancels it', async () => {
    const slow = table('slow', [column('id', 'integer', 'integer')]);
    const slowSystem: ImportedSystem = { ...system, tables: [slow, emptyOne] };
    const started = Date.now();
    const outcome = await profileSystem(slowSystem, { tableTimeoutMs: 1000, sampleRows: 10 });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
    assert.deepEqual(outcome.gaps, [
      { table: 'slow', reason: 'not profiled: its queries ran over the time limit of 1 s' },
    ]);
    assert.deepEqual(
      outcome.profiles.map((p) => p.table),
      ['empty_one'],
      'the next table is profiled on the same connection',
    );
  });
});
