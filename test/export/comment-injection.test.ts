import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import mysql from 'mysql2/promise';
import { stringify } from 'yaml';
import { exportFiles } from '../../src/app/export/export-files.ts';
import { cli } from '../support/cli.ts';
import type { ExportFormat } from '../../src/core/export/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestMysql } from '../support/mysql.ts';
import { createMysqlDatabase, startTestMysql } from '../support/mysql.ts';

/**
 * A foreign key the DDL cannot create is written as a comment holding its quoted names. A
 * quoted identifier keeps a line break, so a name like `x"⏎DROP TABLE victims; --` would end
 * the comment and run. Each dialect's script runs on its real engine after a `victims` table
 * was made: the script must run to its end and `victims` must still be there.
 */

const DROP = '\nDROP TABLE victims; --';
const EVIL = `x"${DROP}`;
const EVIL_BACKTICK = `y\`${DROP}`;
const EVIL_CR = `z'\rDROP TABLE victims; --`;

function contract(id: string, schema: unknown[]): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    name: id,
    version: '1.0.0',
    status: 'draft',
    schema,
  };
}

const key = (name: string) => ({
  name,
  logicalType: 'integer',
  required: true,
  primaryKey: true,
  primaryKeyPosition: 1,
});
const fk = (name: string, to: string) => ({
  name,
  logicalType: 'integer',
  relationships: [{ type: 'foreignKey', to }],
});

/** Every way a foreign key becomes a comment, each with hostile names in it. */
const ATTACK = contract('attack', [
  {
    name: 'parent',
    physicalName: `p"\u001b[2J${DROP}`,
    properties: [key('id'), { name: 'code', logicalType: 'integer' }],
  },
  {
    name: 'attack',
    properties: [
      key('id'),
      // Not a key in its table: commented out in every dialect.
      fk(EVIL, 'parent.code'),
      fk(EVIL_BACKTICK, 'parent.code'),
      fk(EVIL_CR, 'parent.code'),
      // Not resolved: the columns and the reference as written.
      fk(`u"${DROP}`, 'missing.odcs.yaml#/schema/a/properties/b'),
      // In a contract this export does not create.
      fk(`o"${DROP}`, 'outside.odcs.yaml#/schema/elsewhere/properties/id'),
    ],
  },
  // A cycle: DuckDB cannot add the second key later, so it is a comment there.
  { name: 'cycle_a', properties: [key('id'), fk(`a"${DROP}`, 'cycle_b.id')] },
  { name: 'cycle_b', properties: [key('id'), fk(`b"${DROP}`, 'cycle_a.id')] },
]);

const OUTSIDE = contract('outside', [
  { name: 'elsewhere', physicalName: `e"${DROP}`, properties: [key('id')] },
]);

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-export-inject-'));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'attack.odcs.yaml'), stringify(ATTACK));
  await writeFile(join(dir, 'outside.odcs.yaml'), stringify(OUTSIDE));
});
after(() => rm(dir, { recursive: true, force: true }));

async function script(format: ExportFormat): Promise<string> {
  const out = await exportFiles(['attack.odcs.yaml'], format, { cwd: dir });
  const codes = new Set(out.notes.map((n) => n.code));
  assert.ok(codes.has('reference-not-a-key'), format);
  assert.ok(codes.has('reference-outside-export'), format);
  if (format === 'sql-duckdb') assert.match(out.text, /a cycle/);
  return out.text;
}

const CREATED = ['attack', 'cycle_a', 'cycle_b', 'victims'];

describe('DDL comments cannot end early (DuckDB)', () => {
  it('keeps the victim table and runs the whole script', async () => {
    const text = await script('sql-duckdb');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE victims (id integer)');
      await connection.run(text);
      const rows = (
        await connection.runAndReadAll(
          `SELECT table_name AS t FROM duckdb_tables() WHERE NOT internal ORDER BY 1`,
        )
      ).getRowObjectsJS() as { t: string }[];
      const names = rows.map((r) => r.t);
      for (const t of CREATED) assert.ok(names.includes(t), `${t} exists: ${names.join(' | ')}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('DDL comments cannot end early (PostgreSQL)', () => {
  let server: TestPostgres;
  let database: TestDatabase;
  before(async () => {
    server = await startTestPostgres();
    database = await createTestDatabase(server.url, 'meshwork_export_inject');
  });
  after(async () => {
    await database?.drop();
    await server?.stop();
  });

  it('keeps the victim table and runs the whole script', async () => {
    const text = await script('sql-postgres');
    const names = await withClient(database.url, async (client) => {
      await client.query('CREATE TABLE victims (id integer)');
      await client.query(text);
      const rows = await client.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      return rows.rows.map((r) => r.t);
    });
    for (const t of CREATED) assert.ok(names.includes(t), `${t} exists: ${names.join(' | ')}`);
  });
});

describe('DDL comments cannot end early (MariaDB)', () => {
  let server: TestMysql;
  let url: string;
  before(async () => {
    server = await startTestMysql();
    url = (await createMysqlDatabase(server.url)).url;
  });
  after(async () => {
    await server?.stop();
  });

  it('keeps the victim table and runs the whole script', async () => {
    const text = await script('sql-mysql');
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      await connection.query('CREATE TABLE victims (id integer)');
      await connection.query(text);
      const [rows] = (await connection.query(
        `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
      )) as unknown as [{ t: string }[]];
      const names = rows.map((r) => r.t);
      for (const t of CREATED) assert.ok(names.includes(t), `${t} exists: ${names.join(' | ')}`);
    } finally {
      await connection.end();
    }
  });
});

describe('export notes on the terminal', () => {
  it('shows a line break or escape in a quoted name as ?', async () => {
    const run = await cli(['export', 'attack.odcs.yaml', '--format', 'sql-postgres'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!run.stderr.includes('\u001b'), 'no escape reaches the terminal');
    const lines = run.stderr.trimEnd().split('\n');
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.match(line, /^meshwork export: note: /);
  });
});
