import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import { profileSystem } from '../../src/app/import/profile/index.ts';
import type { SystemProfile } from '../../src/app/import/profile/index.ts';
import type { ImportedSystem } from '../../src/app/import/import-model.ts';
import { cli } from '../support/cli.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';
import type { TestMysql } from '../support/mysql.ts';
import { column, columnOf, systemOf, table, writeProfiledContracts } from './profile-support.ts';

const PLANTED_MAIL = 'hidden-inbox.example';
const PLANTED_IBAN = 'DE89370400440532013000';

const orders = table('orders', [
  column('id', 'integer', 'int(11)', { required: true, primaryKeyPosition: 1 }),
  column('Kunden-Nr', 'string', 'varchar(20)', { required: true }),
  column('contact', 'string', 'varchar(80)'),
  column('iban', 'string', 'varchar(34)'),
  column('state', 'string', 'varchar(10)', { required: true }),
  column('total', 'number', 'decimal(10,2)'),
  column('ordered_on', 'date', 'date'),
]);

describe('meshwork import --profile on MariaDB', () => {
  let server: TestMysql;
  let dbUrl: string;
  let dbName: string;
  let dir: string;
  let system: ImportedSystem;
  let result: SystemProfile;

  before(async () => {
    server = await startTestMysql();
    ({ url: dbUrl, name: dbName } = await createMysqlDatabase(server.url));
    const connection = await mysql.createConnection(dbUrl);
    try {
      await connection.query(
        'CREATE TABLE orders (id INT PRIMARY KEY, `Kunden-Nr` VARCHAR(20) NOT NULL, contact VARCHAR(80), iban VARCHAR(34), state VARCHAR(10) NOT NULL, total DECIMAL(10,2), ordered_on DATE)',
      );
      const rows = Array.from({ length: 120 }, (_, i) => {
        const n = i + 1;
        return [
          n,
          `K-${String(4000 + n)}`,
          `buyer${n}@${PLANTED_MAIL}`,
          n % 2 === 0 ? PLANTED_IBAN : 'GB82WEST12345698765432',
          // 'Open' and 'open' are two values, whatever the _ci collation says.
          n <= 70 ? 'open' : n <= 110 ? 'shipped' : 'Open',
          n === 5 ? null : n === 7 ? '9.99' : n === 8 ? '1234.00' : String(20 + (n % 30)),
          `2026-${String(1 + (n % 12)).padStart(2, '0')}-15`,
        ];
      });
      await connection.query('INSERT INTO orders VALUES ?', [rows]);
      await connection.query('CREATE TABLE seq (n INT)');
      await connection.query('INSERT INTO seq VALUES ?', [
        Array.from({ length: 20_000 }, (_, i) => [i]),
      ]);
      await connection.query('CREATE VIEW slow AS SELECT n FROM seq WHERE SLEEP(0.001) = 0');
    } finally {
      await connection.end();
    }
    dir = await mkdtemp(join(tmpdir(), 'meshwork-profile-my-'));
    const url = new URL(dbUrl);
    system = systemOf(
      'shop',
      {
        server: 'shop',
        type: 'mysql',
        host: url.hostname,
        port: Number(url.port),
        database: dbName,
      },
      { url: dbUrl },
      dir,
      [orders],
    );
    result = await profileSystem(system);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    const connection = await mysql.createConnection(server.url);
    await connection.query(`DROP DATABASE IF EXISTS \`${dbName}\``).finally(() => connection.end());
    await server?.stop();
  });

  test('exact facts: rows, null share, exact range of a decimal, dates', () => {
    assert.deepEqual(result.gaps, []);
    const profile = result.profiles[0];
    assert.equal(profile?.rows, 120);
    const total = columnOf(profile, 'total');
    assert.equal(total.nullShare, 1 / 120);
    assert.equal(total.min, '9.99');
    assert.equal(total.max, '1234.00');
    const ordered = columnOf(profile, 'ordered_on');
    assert.equal(ordered.min, '2026-01-15');
    assert.equal(ordered.max, '2026-12-15');
    assert.equal(ordered.distinct, 12);
  });

  test('values are told apart exactly, not by the case-folding collation', () => {
    const state = columnOf(result.profiles[0], 'state');
    assert.equal(state.distinct, 3);
    assert.deepEqual(state.values, ['open', 'shipped', 'Open']);
  });

  test('an odd column name is quoted and gets its pattern', () => {
    const number = columnOf(result.profiles[0], 'Kunden-Nr');
    assert.equal(number.pattern, '^K-[0-9]{4}$');
  });

  test('personal columns (e-mail, IBAN) carry no values, and no planted value is written or printed', async () => {
    const profile = result.profiles[0];
    assert.equal(columnOf(profile, 'contact').personalData?.category, 'email');
    const iban = columnOf(profile, 'iban');
    assert.equal(iban.personalData?.category, 'iban');
    assert.equal(iban.values, undefined, 'two distinct IBANs are no enumeration to list');
    assert.equal(iban.pattern, undefined);
    const files = await writeProfiledContracts(
      dir,
      system,
      result.profiles,
      'mysql://127.0.0.1/shop',
    );
    const env = { MESHWORK_SHOP_URL: dbUrl };
    const outputs = [JSON.stringify(result)];
    for (const { file, text } of files) {
      const validate = await cli(['validate', file], dir, { env });
      assert.equal(validate.code, 0, `${validate.stdout}${validate.stderr}`);
      const run = await cli(['test', file], dir, { env });
      assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
      outputs.push(text, validate.stdout, validate.stderr, run.stdout, run.stderr);
    }
    const all = outputs.join('\n');
    for (const value of [PLANTED_MAIL, PLANTED_IBAN, 'GB82WEST'])
      assert.equal(all.includes(value), false, `"${value}" was written or printed`);
  });

  test('the server cancels a table that runs over the time limit (max_statement_time)', async () => {
    const started = Date.now();
    const outcome = await profileSystem(
      { ...system, tables: [table('slow', [column('n', 'integer', 'int(11)')]), orders] },
      { tableTimeoutMs: 1000, sampleRows: 5 },
    );
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(outcome.gaps, [
      { table: 'slow', reason: 'not profiled: its queries ran over the time limit of 1 s' },
    ]);
    assert.equal(outcome.profiles[0]?.table, 'orders');
  });
});
