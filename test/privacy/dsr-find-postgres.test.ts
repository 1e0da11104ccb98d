import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import { createTestDatabase, startTestPostgres, withClient } from '../support/postgres.ts';
import type { TestDatabase, TestPostgres } from '../support/postgres.ts';
import { ANNA, createDsrMesh, subjectContract, warehouseServer } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/**
 * The same search on real PostgreSQL: a source contract read from its database (chosen by
 * choose-server), a product port's serving table, a serving server not configured here and
 * one whose password is wrong — both said, the password never.
 */
describe('locateSubject on PostgreSQL (sources and serving tables)', () => {
  let server: TestPostgres;
  let db: TestDatabase;
  let mesh: DsrMesh;
  before(async () => {
    server = await startTestPostgres();
    db = await createTestDatabase(server.url, 'meshwork_dsr');
    await withClient(db.url, async (client) => {
      await client.query(`CREATE SCHEMA crm; CREATE SCHEMA serving;
        CREATE TABLE crm.accounts (account_id bigint, mail text, name text);
        INSERT INTO crm.accounts VALUES (1, ' ANNA.BERGER@example.COM', 'Anna'), (2, 'bert@example.com', 'Bert');
        CREATE TABLE serving.orders (order_id int, customer_number varchar(20), amount numeric);
        INSERT INTO serving.orders VALUES (10, 'K-0001', 1), (11, 'K-0001', 2), (12, 'K-0001', 3), (13, 'K-0002', 4);`);
    });
    mesh = await createDsrMesh();
    mesh.write(
      'sources/crm/accounts.odcs.yaml',
      subjectContract(
        'crm-accounts-v1',
        'accounts',
        [
          { name: 'account_id', type: 'integer', key: 'customer-id' },
          { name: 'email', physicalName: 'mail', key: 'email' },
          { name: 'name' },
        ],
        [{ server: 'crm', type: 'postgresql', schema: 'crm' }],
      ),
    );
    mesh.write(
      'domains/sales/order-history/orders.odcs.yaml',
      subjectContract(
        'sales-orders-v1',
        'orders',
        [
          { name: 'order_id', type: 'integer' },
          { name: 'customer_number', key: 'customer-number' },
          { name: 'amount', type: 'number' },
        ],
        [
          warehouseServer('sales', 'order-history', 'orders'),
          { server: 'serving', type: 'postgresql', schema: 'serving' },
          { server: 'reporting', type: 'postgresql', schema: 'serving' },
        ],
      ),
    );
  });
  after(async () => {
    mesh.remove();
    await db.drop();
    await server.stop();
  });

  it('counts in the source database and the serving table, following the linked number', async () => {
    const bad = new URL(db.url);
    bad.password = 'wrong-Secret-42';
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: ANNA },
      env: {
        MESHWORK_CRM_URL: db.url,
        MESHWORK_SERVING_URL: db.url,
        MESHWORK_REPORTING_URL: bad.toString(),
      },
    });
    const row = (contract: string, kind: string) =>
      location.searched.find((m) => m.contract === contract && m.read.kind === kind);
    const accounts = row('crm-accounts-v1', 'server');
    assert.equal(accounts?.rows, 1);
    assert.deepEqual(
      accounts?.via,
      ['customer-id', 'email'],
      'the mail column matched, trimmed and lower-cased',
    );
    assert.deepEqual(accounts?.read, {
      kind: 'server',
      server: 'crm',
      type: 'postgresql',
      table: 'accounts',
    });
    const served = row('sales-orders-v1', 'server');
    assert.equal(served?.rows, 3, 'the serving table has three orders of K-0001');
    assert.deepEqual(served?.read, {
      kind: 'server',
      server: 'serving',
      type: 'postgresql',
      table: 'serving.orders',
    });
    assert.equal(row('sales-orders-v1', 'snapshot')?.rows, 2);
    const reporting = location.notSearched.find((n) => n.where.startsWith('server "reporting"'));
    assert.ok(reporting, 'the failing server is listed');
    assert.match(reporting.reason, /^cannot connect/);
    assert.ok(!reporting.reason.includes('wrong-Secret-42'), 'the password is masked');
    assert.equal(location.complete, false);
  });

  it('says a serving server that is not configured here was not searched', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'customer-number', value: 'k-0001' },
      env: { MESHWORK_CRM_URL: db.url },
    });
    const reasons = location.notSearched.map((n) => `${n.where}: ${n.reason}`).sort();
    assert.deepEqual(
      reasons.filter((r) => r.includes('server "')),
      [
        'server "reporting" (postgresql), table serving.orders: not configured here (set MESHWORK_REPORTING_URL)',
        'server "serving" (postgresql), table serving.orders: not configured here (set MESHWORK_SERVING_URL)',
      ],
    );
    // From the number to Anna's e-mail (customers snapshot) and on to her CRM account.
    assert.equal(location.searched.find((m) => m.contract === 'crm-accounts-v1')?.rows, 1);
  });

  it('names a missing table as not searched, without the identifier', async () => {
    mesh.write(
      'sources/crm/gone.odcs.yaml',
      subjectContract(
        'crm-gone-v1',
        'gone',
        [{ name: 'email', key: 'email' }],
        [{ server: 'crm', type: 'postgresql', schema: 'crm' }],
      ),
    );
    try {
      const location = await locateSubject({
        meshRoot: mesh.root,
        model: await mesh.model(),
        subject: { kind: 'email', value: ANNA },
        env: { MESHWORK_CRM_URL: db.url },
      });
      const gone = location.notSearched.find((n) => n.contract === 'crm-gone-v1');
      assert.ok(gone);
      assert.match(gone.reason, /the query failed: .*gone/);
      assert.ok(!gone.reason.toLowerCase().includes('anna'));
    } finally {
      rmSync(join(mesh.root, 'sources/crm/gone.odcs.yaml'));
    }
  });
});
