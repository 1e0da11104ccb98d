import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { slugOf, tableNameOf } from '../../src/app/init/scaffold.ts';
import { cli } from '../support/cli.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';

/**
 * `meshwork init` → `build` → `test` for names as people write them: several words,
 * umlauts, a leading digit, dashes. The source is a real PostgreSQL table created with
 * the types the scaffolded contract declares, or a local CSV file; the first build and
 * the test afterwards pass every check.
 */

interface Names {
  readonly organisation: string;
  readonly domain: string;
  readonly team: string;
  readonly sourceSystem: string;
  readonly product: string;
}

const CASES: readonly Names[] = [
  {
    organisation: 'Müller & Söhne',
    domain: 'Vertrieb Österreich',
    team: 'Team Süd-Ost',
    sourceSystem: 'SAP ERP',
    product: 'Kunden Umsätze Österreich',
  },
  {
    organisation: '3D Druck GmbH',
    domain: '3-D Druck',
    team: '42 Leute',
    sourceSystem: 'crm-2',
    product: '2024 Verkäufe',
  },
];

const CREATE = [
  'CREATE TABLE customers (customer_id integer, full_name text, email text, created_at timestamp)',
  `INSERT INTO customers VALUES (1, 'Anna Öz', 'Anna@Example.com', now() - interval '1 hour'),
    (2, 'Jürgen Groß', 'juergen@example.com', now() - interval '2 hours')`,
];

async function init(dir: string, names: Names): Promise<string> {
  const target = join(dir, 'mesh');
  const run = await cli(
    [
      'init',
      target,
      '--organisation',
      names.organisation,
      '--legal-name',
      `${names.organisation} AG`,
      '--domain',
      names.domain,
      '--team',
      names.team,
      '--source-system',
      names.sourceSystem,
      '--product',
      names.product,
    ],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  return target;
}

async function buildAndTest(target: string, env: NodeJS.ProcessEnv): Promise<void> {
  const validate = await cli(['validate', target, '--format', 'json'], target, { env });
  assert.equal(validate.code, 0, validate.stdout + validate.stderr);
  const build = await cli(['build'], target, { env });
  assert.equal(build.code, 0, `build: ${build.stdout}${build.stderr}`);
  const test = await cli(['test', '.', '--format', 'json'], target, { env });
  const report = JSON.parse(test.stdout) as {
    status: string;
    runs: { run: { checks: { id: string; status: string; message: string }[] } }[];
  };
  const notPassed = report.runs
    .flatMap((r) => r.run.checks)
    .filter((c) => c.status !== 'passed')
    .map((c) => `${c.id}: ${c.message}`);
  assert.deepEqual(notPassed, []);
  assert.equal(test.code, 0, test.stderr);
}

let postgres: TestPostgres | undefined;

describe('meshwork init → build → test with any names', () => {
  let dir: string;
  const databases: TestDatabase[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-init-names-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
    await postgres?.stop();
  });

  it('makes ids and folders kebab-case and table names snake_case from what was typed', () => {
    assert.equal(slugOf('Kunden Umsätze Österreich'), 'kunden-umsaetze-oesterreich');
    assert.equal(slugOf(' Team Süd-Ost '), 'team-sued-ost');
    assert.equal(slugOf('Crème brûlée'), 'creme-brulee');
    assert.equal(slugOf('2024 Verkäufe'), '2024-verkaeufe');
    assert.equal(tableNameOf('2024 Verkäufe'), 't_2024_verkaeufe');
    assert.equal(tableNameOf('Kunden-Umsätze'), 'kunden_umsaetze');
  });

  for (const names of CASES) {
    it(`passes on PostgreSQL for "${names.product}" in "${names.domain}"`, async () => {
      const caseDir = await mkdtemp(join(dir, 'pg-'));
      const target = await init(caseDir, names);
      postgres ??= await startTestPostgres();
      const database = await createTestDatabase(postgres.url);
      databases.push(database);
      await withClient(database.url, async (client) => {
        for (const sql of CREATE) await client.query(sql);
      });
      const variable = `MESHWORK_${slugOf(names.sourceSystem).toUpperCase().replaceAll('-', '_')}_URL`;
      await buildAndTest(target, { [variable]: database.url });
      const domain = slugOf(names.domain);
      const product = slugOf(names.product);
      const contract = await readFile(
        join(target, 'domains', domain, product, `${product}.odcs.yaml`),
        'utf8',
      );
      assert.match(contract, new RegExp(`name: ${names.product} of ${names.domain}`));
    });
  }

  it('passes with a local CSV file as the source', async () => {
    const names = CASES[1]!;
    const caseDir = await mkdtemp(join(dir, 'csv-'));
    const target = await init(caseDir, names);
    const sourceFile = join(target, 'sources', slugOf(names.sourceSystem), 'customers.odcs.yaml');
    const source = parse(await readFile(sourceFile, 'utf8')) as Record<string, unknown>;
    source.servers = [{ server: 'export', type: 'local', format: 'csv', path: './customers.csv' }];
    await writeFile(sourceFile, stringify(source));
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    await writeFile(
      join(target, 'sources', slugOf(names.sourceSystem), 'customers.csv'),
      `customer_id,full_name,email,created_at\n1,Anna Öz,anna@example.com,${now}\n2,Jürgen Groß,,${now}\n`,
    );
    await buildAndTest(target, {});
  });
});
