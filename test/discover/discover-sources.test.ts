import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/standards.ts';

interface JsonReport {
  tables: number;
  foreignKeys: number;
  coAccess: { available: boolean; reason?: string };
  domains: { name: string; hub: string; tables: { table: string; reason: string }[] }[];
  isolated: { table: string; reason: string }[];
  notes: string[];
}

const domainOf = (report: JsonReport, table: string): string | undefined =>
  report.domains.find((d) => d.tables.some((t) => t.table === table))?.name;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshwork-discover-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('meshwork discover domains on a DuckDB file', () => {
  it('reads the file’s foreign keys and says it has no statement statistics', async () => {
    const file = join(dir, 'shop.duckdb');
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(`
      CREATE TABLE customers (id INTEGER PRIMARY KEY);
      CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id));
      CREATE TABLE invoices (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(id),
                             customer_id INTEGER REFERENCES customers(id));
      CREATE TABLE machines (id INTEGER PRIMARY KEY);
      CREATE TABLE repairs (id INTEGER PRIMARY KEY, machine_id INTEGER REFERENCES machines(id));
      CREATE TABLE notes (t VARCHAR);`);
    connection.closeSync();
    instance.closeSync();
    const run = await cli(['discover', 'domains', 'shop.duckdb', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.tables, 6);
    assert.equal(report.foreignKeys, 4);
    assert.equal(domainOf(report, 'orders'), domainOf(report, 'invoices'));
    assert.equal(domainOf(report, 'repairs'), domainOf(report, 'machines'));
    assert.notEqual(domainOf(report, 'orders'), domainOf(report, 'machines'));
    assert.deepEqual(
      report.isolated.map((t) => t.table),
      ['notes'],
    );
    assert.deepEqual(report.coAccess, {
      available: false,
      reason: 'this engine keeps no statement statistics',
    });
  });

  it('refuses a .duckdb file that is not there (exit 2, no stack)', async () => {
    const run = await cli(['discover', 'domains', 'missing.duckdb'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /missing\.duckdb/);
    assert.ok(!run.stderr.includes('    at '), run.stderr);
  });
});

describe('meshwork discover domains on a mesh folder', () => {
  it('reads the relationships of the demo’s source contracts', async () => {
    const mesh = join(dir, 'alpine-bikes');
    await cp(join(import.meta.dirname, '../../examples/alpine-bikes'), mesh, { recursive: true });
    const run = await cli(['discover', 'domains', '.', '--format', 'json'], mesh);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.tables, 8);
    assert.equal(report.foreignKeys, 4);
    assert.equal(domainOf(report, 'payments'), domainOf(report, 'invoices'));
    assert.equal(domainOf(report, 'orders'), domainOf(report, 'customers'));
    assert.notEqual(domainOf(report, 'payments'), domainOf(report, 'orders'));
    assert.deepEqual(report.isolated.map((t) => t.table).sort(), [
      'inventory',
      'production_orders',
    ]);
    assert.match(report.coAccess.reason ?? '', /a mesh folder has no statement statistics/);
  });

  it('refuses --schema for a mesh folder (a mesh has no database schema)', async () => {
    const run = await cli(
      ['discover', 'domains', join(dir, 'alpine-bikes'), '--schema', 'public'],
      dir,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--schema names a database schema/);
  });

  it('counts a relationship that resolves to nothing instead of guessing (exit 1)', async () => {
    const mesh = join(dir, 'broken');
    await mkdir(join(mesh, 'sources', 'shop'), { recursive: true });
    await writeFile(join(mesh, 'meshwork.yaml'), 'name: broken\n');
    await writeFile(
      join(mesh, 'sources', 'shop', 'orders.odcs.yaml'),
      `apiVersion: v3.1.0
kind: DataContract
id: shop-orders
version: 1.0.0
status: draft
schema:
  - name: orders
    properties:
      - name: customer_id
        relationships:
          - type: foreignKey
            to: customers.odcs.yaml#/schema/customers/properties/id
      - name: line_id
        relationships:
          - type: foreignKey
            to: lines.id
  - name: lines
    properties:
      - name: id
`,
    );
    const run = await cli(['discover', 'domains', mesh, '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.foreignKeys, 1);
    assert.deepEqual(report.notes, [
      "1 relationship(s) point to no source contract's object of this mesh and were left out",
    ]);
    assert.equal(domainOf(report, 'orders'), domainOf(report, 'lines'));
  });
});

describe('meshwork discover: usage', () => {
  const cases: readonly [string, readonly string[], RegExp][] = [
    ['no subject', ['discover'], /say what to discover/],
    ['another subject', ['discover', 'teams', '.'], /only `domains`/],
    ['no source', ['discover', 'domains'], /takes one SOURCE, got 0/],
    ['a folder that is no mesh', ['discover', 'domains', '.'], /folder without meshwork\.yaml/],
    ['a file of another kind', ['discover', 'domains', 'x.csv'], /SOURCE must be/],
    ['an unknown scheme', ['discover', 'domains', 'http://x/'], /cannot scan a http:\/\/ URL/],
    [
      'a bad resolution',
      ['discover', 'domains', '.', '--resolution', '1e9'],
      /--resolution must be/,
    ],
    [
      'a zero resolution',
      ['discover', 'domains', '.', '--resolution', '0'],
      /--resolution must be/,
    ],
    ['a bad format', ['discover', 'domains', '.', '--format', 'dot'], /--format must be one of/],
  ];
  for (const [name, args, message] of cases) {
    it(`refuses ${name} with exit 2`, async () => {
      const run = await cli(args, dir);
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stderr, message);
    });
  }

  it('prints its help', async () => {
    const run = await cli(['discover', '--help'], dir);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: meshwork discover domains SOURCE/);
  });
});

describe('meshwork discover domains as a real process', () => {
  it('prints the demo mesh as a Mermaid flowchart and exits 0', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(repoRoot, 'bin/meshwork.js'),
        'discover',
        'domains',
        'examples/alpine-bikes',
        '--format',
        'mermaid',
      ],
      { cwd: repoRoot, env: { PATH: process.env.PATH }, encoding: 'utf8' },
    );
    assert.match(stdout, /^flowchart LR\n {2}subgraph d0\["[a-z-]+"\]\n/);
    assert.match(stdout, /subgraph isolated\["isolated"\]/);
    assert.equal(stdout.match(/---\|1 FK\|/g)?.length, 4);
  });
});
