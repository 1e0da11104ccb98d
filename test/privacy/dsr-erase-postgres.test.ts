import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eraseSubject } from '../../src/app/privacy/erase/erase-subject.ts';
import type { EraseResult } from '../../src/app/privacy/erase/erase-subject.ts';
import type { ErasureMode } from '../../src/core/privacy/dsr-model.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import type { TestMesh } from '../build/support.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import { TEST_KEY, buildOrders, createPrivacyMesh, readModel } from './retention-support.ts';

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

/** The customer ids in the served table (bigint: text from the driver). */
async function servedCustomers(): Promise<number[]> {
  return withClient(db.url, async (client) => {
    const result = await client.query<{ customer_id: string }>(
      'SELECT customer_id FROM sales.customers ORDER BY customer_id',
    );
    return result.rows.map((r) => Number(r.customer_id));
  });
}

async function erase(
  mesh: TestMesh,
  env: NodeJS.ProcessEnv,
  mode: ErasureMode = 'delete',
): Promise<EraseResult> {
  const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
  await store.migrate();
  return eraseSubject({
    meshRoot: mesh.root,
    model: await readModel(mesh.root),
    env,
    store,
    key: TEST_KEY,
    actor: 'dpo',
    subject: { kind: 'email', value: 'ANNA@example.com ' },
    mode,
  });
}

describe('meshwork dsr erase with a PostgreSQL serving table', () => {
  it('removes the person from the served table in the same erasure as the snapshot', async (t) => {
    const mesh = createPrivacyMesh({ servingUrl: db.url });
    t.after(() => mesh.remove());
    const env = { MESHWORK_SERVING_URL: db.url };
    const built = await buildOrders(mesh, parser, env);
    assert.equal(built.products[0]!.status, 'published', JSON.stringify(built.products[0]));
    assert.equal((await servedCustomers()).length, 3);

    const result = await erase(mesh, env);
    const customers = result.ports.find((p) => p.port === 'customers')!;
    assert.equal(customers.status, 'rewritten');
    assert.deepEqual(
      customers.targets.map((x) => [x.kind, x.name, x.removed, x.status]),
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
    assert.deepEqual(await servedCustomers(), [11, 12]);
    // Her orders go too: the orders port is keyed by the customer id her e-mail linked.
    const orders = result.ports.find((p) => p.port === 'orders')!;
    assert.deepEqual([orders.status, orders.rows], ['rewritten', 2]);
    assert.deepEqual(result.remaining, [], 'neither the snapshot nor the table holds her');
    assert.deepEqual(result.notSearched, []);
    assert.equal(result.complete, true);

    const again = await erase(mesh, env);
    assert.deepEqual(again.ports, [], 'twice: nothing to rewrite');
    assert.equal(again.complete, true);
    assert.deepEqual(await servedCustomers(), [11, 12]);
  });

  it('says so when the serving table cannot be reached from here: not complete', async (t) => {
    const mesh = createPrivacyMesh({ servingUrl: db.url });
    t.after(() => mesh.remove());
    const built = await buildOrders(mesh, parser, { MESHWORK_SERVING_URL: db.url });
    assert.equal(built.products[0]!.status, 'published');
    // Erased on a machine without the serving server's credentials.
    const result = await erase(mesh, {});
    const customers = result.ports.find((p) => p.port === 'customers')!;
    assert.equal(customers.status, 'rewritten', 'the snapshot is erased');
    const serving = customers.targets.find((x) => x.kind === 'serving')!;
    assert.equal(serving.status, 'skipped');
    assert.match(serving.reason ?? '', /still holds the rows/);
    assert.deepEqual(
      result.notSearched.map((n) => [n.port, n.reason]),
      [['customers', 'not configured here (set MESHWORK_SERVING_URL)']],
    );
    assert.equal(result.complete, false);
    assert.ok(
      (await servedCustomers()).includes(10),
      'the table still holds her, as the result says',
    );
  });
});
