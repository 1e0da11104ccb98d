import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rewritePort } from '../../src/app/privacy/port-rewrite.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import {
  TEST_KEY,
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
});
