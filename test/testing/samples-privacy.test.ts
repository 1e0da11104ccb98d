import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { redactPersonalSamples } from '../../src/app/testing/redact-samples.ts';
import { createSampleBudget } from '../../src/app/testing/sample-budget.ts';
import { workspaceRunHistory } from '../../src/runtime/index.ts';
import type { CheckResult } from '../../src/core/quality/index.ts';
import type { ApiFixture } from '../server/api-support.ts';
import { createApiFixture, getJson } from '../server/api-support.ts';
import { cli } from '../support/cli.ts';

/**
 * Issue 9, "samples never leak personal data": a failed check on a `gdpr`-tagged column
 * shows only the row's key — in the CLI's text and JSON, the stored run and the API.
 */

const SECRET = 'secret.person';

async function duck(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

const email = (extra: object = {}) => ({
  name: 'email',
  logicalType: 'string',
  tags: ['gdpr'],
  logicalTypeOptions: { pattern: '^[a-z]+@example\\.com$' },
  ...extra,
});

function contract(id: string, properties: unknown[]): string {
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', format: 'parquet', path: './{model}.parquet' }],
    schema: [{ name: id, properties }],
  });
}

interface JsonRun {
  status: string;
  checks: CheckResult[];
}

const check = (run: { checks: readonly CheckResult[] }, id: string): CheckResult => {
  const found = run.checks.find((c) => c.id === id);
  assert.ok(found, `check ${id} in ${run.checks.map((c) => c.id).join(', ')}`);
  return found;
};

describe('samples of personal data show only a key', () => {
  let dir: string;
  let api: ApiFixture;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-samples-'));
    await writeFile(join(dir, 'meshwork.yaml'), 'name: samples\n');
    const rows = `SELECT * FROM (VALUES (1, 'anna@example.com'), (2, '${SECRET}-1@mail.test'),
      (3, '${SECRET}-2@mail.test'), (4, '${SECRET}-2@mail.test')) AS t(customer_id, email)`;
    await duck(`COPY (${rows}) TO '${join(dir, 'customers.parquet')}' (FORMAT parquet)`);
    await duck(
      `COPY (SELECT email FROM (${rows})) TO '${join(dir, 'contacts.parquet')}' (FORMAT parquet)`,
    );
    await duck(
      `COPY (SELECT customer_id AS id, email FROM (${rows})) TO '${join(dir, 'members.parquet')}' (FORMAT parquet)`,
    );
    await writeFile(
      join(dir, 'customers.odcs.yaml'),
      contract('customers', [
        { name: 'customer_id', logicalType: 'integer', primaryKey: true },
        email({ unique: true }),
      ]),
    );
    // No primary key, no unique column: no sample row at all, and the message says why.
    await writeFile(join(dir, 'contacts.odcs.yaml'), contract('contacts', [email()]));
    // No primary key but a unique column: it names the rows.
    await writeFile(
      join(dir, 'members.odcs.yaml'),
      contract('members', [{ name: 'id', logicalType: 'integer', unique: true }, email()]),
    );
    // Confidential business data, no one's personal data: hidden all the same.
    await duck(
      `COPY (SELECT * FROM (VALUES ('ok'), ('${SECRET}-revenue')) AS t(revenue_note)) TO '${join(dir, 'ledger.parquet')}' (FORMAT parquet)`,
    );
    await writeFile(
      join(dir, 'ledger.odcs.yaml'),
      contract('ledger', [
        {
          name: 'revenue_note',
          logicalType: 'string',
          classification: 'confidential',
          logicalTypeOptions: { pattern: '^ok$' },
        },
      ]),
    );
    api = await createApiFixture();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('shows the primary key of failing rows, never the personal value (CLI, store, API)', async () => {
    const json = await cli(['test', 'customers.odcs.yaml', '--format', 'json'], dir);
    assert.equal(json.code, 1, json.stdout + json.stderr);
    const run = JSON.parse(json.stdout) as JsonRun;
    assert.deepEqual(check(run, 'customers.email.pattern').samples, [
      { customer_id: 2 },
      { customer_id: 3 },
      { customer_id: 4 },
    ]);
    // A duplicated personal value: the rows that repeat it, by their key.
    assert.deepEqual(
      [...check(run, 'customers.email.unique').samples].sort(
        (a, b) => Number(a.customer_id) - Number(b.customer_id),
      ),
      [{ customer_id: 3 }, { customer_id: 4 }],
    );
    const text = await cli(['test', 'customers.odcs.yaml'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /\{"customer_id":2\}/);

    const stored = (await workspaceRunHistory({ meshRoot: dir, env: {} }).list()).at(-1)!;
    assert.deepEqual(
      check(stored.run, 'customers.email.pattern').samples,
      check(run, 'customers.email.pattern').samples,
    );
    await api.store.runs.record(stored);
    const one = await getJson<{ run: JsonRun }>(api.app, `/api/runs/${stored.id}`, api.admin);
    assert.equal(one.status, 200);
    assert.deepEqual(check(one.body.run, 'customers.email.pattern').samples, [
      { customer_id: 2 },
      { customer_id: 3 },
      { customer_id: 4 },
    ]);
    const list = await getJson(api.app, '/api/contracts/customers/runs', api.admin);
    for (const answer of [
      json.stdout,
      text.stdout,
      JSON.stringify(stored),
      JSON.stringify(one.body),
      JSON.stringify(list.body),
    ])
      assert.ok(!answer.includes(SECRET), `no personal value in: ${answer.slice(0, 300)}`);
  });

  it('without a key, shows no sample row and says why', async () => {
    const { code, stdout } = await cli(['test', 'contacts.odcs.yaml', '--format', 'json'], dir);
    assert.equal(code, 1, stdout);
    const pattern = check(JSON.parse(stdout) as JsonRun, 'contacts.email.pattern');
    assert.deepEqual(pattern.samples, []);
    assert.match(
      pattern.message,
      /no samples: email is personal data and contacts has no primary key or unique column/,
    );
    assert.ok(!stdout.includes(SECRET));
  });

  it('hides a confidential column that is not personal data and says it is confidential', async () => {
    const { code, stdout } = await cli(['test', 'ledger.odcs.yaml', '--format', 'json'], dir);
    assert.equal(code, 1, stdout);
    const pattern = check(JSON.parse(stdout) as JsonRun, 'ledger.revenue_note.pattern');
    assert.equal(pattern.status, 'failed');
    assert.deepEqual(pattern.samples, []);
    assert.match(
      pattern.message,
      /no samples: revenue_note is confidential and ledger has no primary key or unique column/,
    );
    assert.doesNotMatch(pattern.message, /personal data/);
    assert.ok(!stdout.includes(SECRET));
  });

  it('names rows by a unique column when there is no primary key', async () => {
    const { stdout } = await cli(['test', 'members.odcs.yaml', '--format', 'json'], dir);
    const pattern = check(JSON.parse(stdout) as JsonRun, 'members.email.pattern');
    assert.deepEqual(pattern.samples, [{ id: 2 }, { id: 3 }, { id: 4 }]);
  });

  it('--no-samples fetches none, on test and build alike', async () => {
    const { code, stdout } = await cli(
      ['test', 'customers.odcs.yaml', '--format', 'json', '--no-samples'],
      dir,
    );
    assert.equal(code, 1);
    const run = JSON.parse(stdout) as JsonRun;
    assert.equal(check(run, 'customers.email.pattern').status, 'failed');
    assert.ok(run.checks.every((c) => c.samples.length === 0));
    const help = await cli(['build', '--help'], dir);
    assert.match(help.stdout, /--no-samples/);
  });

  it('a reported run carrying a personal value is stored without it', async () => {
    const res = await api.app.request('/api/runs', {
      method: 'POST',
      headers: { ...api.admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        contractId: 'sales-customers-v1',
        run: {
          status: 'failed',
          startedAt: '2026-12-05T03:00:00.000Z',
          durationMs: 5,
          checks: [
            {
              id: 'customers.email.format',
              schema: 'customers',
              property: 'email',
              kind: 'format',
              status: 'failed',
              value: 1,
              threshold: { operator: 'mustBe', value: 0 },
              message: 'customers.email: bad',
              samples: [{ customer_id: 7, email: `${SECRET}@mail.test` }],
            },
          ],
          evidence: { server: { name: 'warehouse', type: 'local', location: 'x' }, passedOver: [] },
          trigger: 'test',
        },
      }),
    });
    assert.equal(res.status, 201);
    const stored = (await res.json()) as { id: string };
    const one = await getJson<{ run: JsonRun & { evidence: unknown; trigger: string } }>(
      api.app,
      `/api/runs/${stored.id}`,
      api.admin,
    );
    assert.deepEqual(one.body.run.checks[0]!.samples, [{ customer_id: 7 }]);
    // The evidence survives the API's validation.
    assert.deepEqual(one.body.run.evidence, {
      server: { name: 'warehouse', type: 'local', location: 'x' },
      passedOver: [],
    });
    assert.equal(one.body.run.trigger, 'test');
  });
});

describe('a reported run against its contract', () => {
  it('loses the sample values of confidential columns as of personal ones', () => {
    const contract = {
      schema: [
        {
          name: 'monthly_revenue',
          properties: [
            { name: 'month', primaryKey: true },
            { name: 'net_revenue_eur', physicalName: 'net_eur', classification: 'confidential' },
            { name: 'segment', classification: 'internal' },
          ],
        },
      ],
    };
    const sample = { month: '2026-11', net_eur: 123456.78, segment: 'b2b' };
    const run = {
      checks: [{ schema: 'monthly_revenue', samples: [sample] }],
    } as unknown as Parameters<typeof redactPersonalSamples>[0];
    const clean = redactPersonalSamples(run, contract);
    assert.deepEqual(clean.checks[0]!.samples, [{ month: '2026-11', segment: 'b2b' }]);
  });
});

describe('the sample budget of a run', () => {
  it('cuts long values and stops at its bytes', () => {
    const budget = createSampleBudget({ enabled: true, bytes: 300 });
    const first = budget.take([{ id: 1, note: 'x'.repeat(1000) }]);
    assert.equal(first.cut, false);
    assert.equal(String(first.rows[0]!.note).length, 201, 'a value is cut to 200 characters');
    const second = budget.take([{ id: 2, note: 'y'.repeat(1000) }]);
    assert.deepEqual(second, { rows: [], cut: true });
    assert.equal(budget.hasRoom(), false);
  });
});
