import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rewritePort } from '../../src/app/privacy/port-rewrite.ts';
import type { RetentionReport } from '../../src/app/privacy/retention.ts';
import { withStore } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import {
  TEST_KEY,
  TEST_KEY_TEXT,
  buildOrders,
  contractById,
  createPrivacyMesh,
  readModel,
  subjectHash,
} from './retention-support.ts';

let server: TestPostgres;
let db: TestDatabase;
let parser: DuckDbSqlParser;

before(async () => {
  [server, parser] = await Promise.all([startTestPostgres(), createDuckDbSqlParser()]);
  db = await createTestDatabase(server.url);
});

after(async () => {
  parser.close();
  await db.drop();
  await server.stop();
});

async function servedEmails(): Promise<string[]> {
  return withClient(db.url, async (client) => {
    const result = await client.query<{ email: string }>(
      'SELECT email FROM sales.customers ORDER BY customer_id',
    );
    return result.rows.map((r) => r.email);
  });
}

describe('rewritePort with a PostgreSQL serving table', () => {
  it('removes the subject from the serving table too, and says where it could not', async (t) => {
    const mesh = createPrivacyMesh({ servingUrl: db.url });
    t.after(() => mesh.remove());
    const env = { MESHWORK_SERVING_URL: db.url };
    const built = await buildOrders(mesh, parser, env);
    assert.equal(built.products[0]!.status, 'published', JSON.stringify(built.products[0]));
    assert.equal((await servedEmails()).length, 3);
    const model = await readModel(mesh.root);
    const request = {
      meshRoot: mesh.root,
      product: { domainFolder: 'sales', productFolder: 'orders' },
      port: 'customers',
      contract: contractById(model, 'sales-customers'),
      change: {
        action: 'delete' as const,
        match: [
          {
            kind: 'subject-hash' as const,
            column: 'email',
            hashes: [subjectHash('ben@example.com')],
          },
        ],
        key: TEST_KEY,
      },
    };
    const result = await rewritePort({ ...request, env });
    assert.equal(result.status, 'rewritten');
    assert.deepEqual(
      result.targets.map((x) => [x.kind, x.name, x.rows, x.removed, x.status]),
      [
        [
          'snapshot',
          '.meshwork/warehouse/sales/orders/customers/current/customers.parquet',
          3,
          1,
          'rewritten',
        ],
        ['serving', 'serving: sales.customers', 3, 1, 'rewritten'],
      ],
    );
    assert.deepEqual(await servedEmails(), ['Anna@Example.com', ' carla@example.com ']);

    // Without the serving credentials the table cannot be reached: said, not hidden.
    const blind = await rewritePort({
      ...request,
      env: {},
      change: {
        ...request.change,
        match: [
          {
            kind: 'subject-hash' as const,
            column: 'email',
            hashes: [subjectHash('anna@example.com')],
          },
        ],
      },
    });
    const serving = blind.targets.find((x) => x.kind === 'serving')!;
    assert.equal(serving.status, 'skipped');
    assert.match(serving.reason ?? '', /MESHWORK_SERVING_URL is not set.*still holds the rows/);
    assert.equal((await servedEmails()).length, 2);
  });

  it('meshwork retention --apply deletes old rows from the serving table too', async (t) => {
    const mesh = createPrivacyMesh({
      servingUrl: db.url,
      retention: { property: 'retention', value: 5, unit: 'y', element: 'customers.signed_up' },
    });
    t.after(() => mesh.remove());
    const env = { MESHWORK_SERVING_URL: db.url };
    assert.equal((await buildOrders(mesh, parser, env)).products[0]!.status, 'published');
    assert.equal((await servedEmails()).length, 3);
    const run = await cli(['retention', mesh.root, '--apply', '--format', 'json'], mesh.root, {
      env,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as RetentionReport;
    assert.deepEqual(
      report.ports[0]!.targets?.map((x) => [x.kind, x.name, x.removed, x.status]),
      [
        [
          'snapshot',
          '.meshwork/warehouse/sales/orders/customers/current/customers.parquet',
          1,
          'rewritten',
        ],
        ['serving', 'serving: sales.customers', 1, 'rewritten'],
      ],
    );
    assert.deepEqual(await servedEmails(), ['ben@example.com', ' carla@example.com ']);
  });

  it('a build after an erasure keeps the person out of the serving table', async (t) => {
    const mesh = createPrivacyMesh({ servingUrl: db.url });
    t.after(() => mesh.remove());
    const env = { MESHWORK_SERVING_URL: db.url, MESHWORK_SUBJECT_KEY: TEST_KEY_TEXT };
    await withStore({ meshRoot: mesh.root, env }, (store) =>
      store.suppressions.add({
        id: 's-1',
        kind: 'email',
        subjectHash: subjectHash('carla@example.com'),
        mode: 'delete',
        keyFingerprint: TEST_KEY.fingerprint(),
        requestId: 'req-1',
        createdAt: new Date().toISOString(),
      }),
    );
    const run = await cli(['build', '--mesh', mesh.root, 'sales/orders'], mesh.root, { env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(await servedEmails(), ['Anna@Example.com', 'ben@example.com']);
  });
});
