import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { searchSubject } from '../../src/app/privacy/dsr/find-subject.ts';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import { eraseSubject } from '../../src/app/privacy/erase/erase-subject.ts';
import { formatErase } from '../../src/cli/commands/dsr-erase.ts';
import { SubjectHashKey } from '../../src/app/privacy/subject-hash.ts';
import { createEmbeddedStore } from '../../src/stores/embedded/index.ts';
import { ANNA, createDsrMesh, subjectContract, warehouseServer } from './dsr-mesh.ts';
import type { DsrMesh } from './dsr-mesh.ts';

/**
 * Linked identifiers must not merge two people (review H2), and erase must not claim
 * success past what it could not search (review M5).
 */

const KEY = new SubjectHashKey('linking-test-key-0123456789abcdef0123456789abcd');

/** Mallory (customer 4) typed Bert's e-mail address at a guest checkout. */
async function withMallory(mesh: DsrMesh): Promise<void> {
  mesh.write(
    'data/crm/customers.csv',
    [
      'customer_id,email,name',
      `1,${ANNA},Anna Berger`,
      '2,bert@example.com,Bert Huber',
      '3,carla@example.com,Carla Maier',
      '4,bert@example.com,Mallory',
    ].join('\n'),
  );
  await mesh.snapshot(
    'customer-master',
    'customers',
    'customers',
    `SELECT * FROM (VALUES (1, 'K-0001', '${ANNA.toLowerCase()}', 'Anna Berger'), (2, 'K-0002', 'bert@example.com', 'Bert Huber'), (4, 'K-0004', 'bert@example.com', 'Mallory')) t(customer_id, customer_number, email, name)`,
  );
}

async function customerIds(mesh: DsrMesh): Promise<number[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const file = join(
      mesh.root,
      '.meshwork/warehouse/sales/customer-master/customers/current/customers.parquet',
    );
    const reader = await connection.runAndReadAll(
      `SELECT customer_id FROM read_parquet('${file}') ORDER BY 1`,
    );
    return reader.getRowObjectsJson().map((r) => Number(r.customer_id));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('dsr: linked identifiers that join two people', () => {
  let mesh: DsrMesh;
  beforeEach(async () => {
    mesh = await createDsrMesh();
  });
  after(() => mesh?.remove());

  it('find warns (counts and where the extra values came from, never the values)', async () => {
    await withMallory(mesh);
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'customer-id', value: '4' },
      env: {},
    });
    assert.equal(location.linking.ambiguous, true);
    const counts = Object.fromEntries(location.linking.counts.map((c) => [c.kind, c.identifiers]));
    assert.equal(counts['customer-id'], 2, 'Bert joined through the shared e-mail');
    assert.equal(counts.email, 1);
    assert.ok(
      location.warnings.some(
        (w) => w.includes('customer-id') && w.includes('more than one person'),
      ),
      location.warnings.join('\n'),
    );
    assert.equal(location.complete, false);
    assert.deepEqual(
      location.linking.extraFrom.map((o) => `${o.product ?? o.source}/${o.object}`).sort(),
      ['crm/customers', 'customer-master/customers'],
    );
    assert.ok(!JSON.stringify(location.linking).includes('bert@'), 'no value in the linking');
    assert.ok(!location.warnings.join('').includes('bert@'));
  });

  it('erase refuses: nothing erased, no suppression, unless --accept-linked', async () => {
    await withMallory(mesh);
    const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
    await store.migrate();
    const request = {
      meshRoot: mesh.root,
      model: await mesh.model(),
      env: {},
      store,
      key: KEY,
      actor: 'dpo',
      subject: { kind: 'customer-id', value: '4' },
      mode: 'delete' as const,
    };
    const refused = await eraseSubject(request);
    assert.equal(refused.complete, false);
    assert.match(refused.refused ?? '', /customer-id: 2/);
    assert.match(refused.refused ?? '', /product customer-master port customers object customers/);
    assert.match(refused.refused ?? '', /source crm contract crm-customers-v1 object customers/);
    assert.doesNotMatch(refused.refused ?? '', /shop-orders|bert@/);
    assert.match(refused.refused ?? '', /--accept-linked/);
    assert.deepEqual(refused.ports, []);
    assert.deepEqual(refused.tasks, []);
    assert.equal((await store.suppressions.list({})).items.length, 0, 'no suppression stored');
    assert.deepEqual(await customerIds(mesh), [1, 2, 4], 'Bert and Mallory still there');

    const accepted = await eraseSubject({ ...request, acceptLinked: true });
    assert.equal(accepted.refused, undefined);
    assert.deepEqual(await customerIds(mesh), [1], 'after review, both rows go as asked');
    await store.close();
  });

  it('a customer with several orders (one id, many order keys) is not refused', async () => {
    const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
    await store.migrate();
    const result = await eraseSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      env: {},
      store,
      key: KEY,
      actor: 'dpo',
      subject: { kind: 'email', value: ANNA },
      mode: 'delete',
    });
    assert.equal(result.refused, undefined);
    assert.equal(result.linking.ambiguous, false);
    assert.deepEqual(await customerIds(mesh), [2, 3]);
    await store.close();
  });
});

describe('dsr: what the search cannot cover', () => {
  let mesh: DsrMesh;
  beforeEach(async () => {
    mesh = await createDsrMesh();
    rmSync(join(mesh.root, 'domains/sales/unbuilt'), { recursive: true });
  });
  after(() => mesh?.remove());

  function newsletter(key: string | undefined): void {
    mesh.write('domains/sales/newsletter/product.odps.yaml', {
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: 'newsletter',
      name: 'newsletter',
      domain: 'sales',
      status: 'active',
      team: { name: 'sales-team' },
      outputPorts: [{ name: 'subscribers', version: '1.0.0', contractId: 'sales-subs-v1' }],
    });
    mesh.write(
      'domains/sales/newsletter/subs.odcs.yaml',
      subjectContract(
        'sales-subs-v1',
        'subscribers',
        [{ name: 'email', ...(key === undefined ? {} : { key }) }],
        [warehouseServer('sales', 'newsletter', 'subscribers')],
      ),
    );
  }

  it('erase with a malformed subject-key declaration is incomplete and says where', async () => {
    newsletter('E-Mail');
    await mesh.snapshot(
      'newsletter',
      'subscribers',
      'subscribers',
      `SELECT * FROM (VALUES ('${ANNA.toLowerCase()}')) t(email)`,
    );
    const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
    await store.migrate();
    const result = await eraseSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      env: {},
      store,
      key: KEY,
      actor: 'dpo',
      subject: { kind: 'email', value: ANNA },
      mode: 'delete',
    });
    await store.close();
    assert.equal(result.complete, false, 'a column that could not be read was not erased');
    assert.ok(result.declarationFindings.length > 0);
    assert.ok(result.declarationFindings.every((f) => f.file.endsWith('subs.odcs.yaml')));
  });

  it('a port with personal data and no subject key is listed as not covered', async () => {
    newsletter(undefined);
    const search = await searchSubject({
      meshRoot: mesh.root,
      subject: { kind: 'email', value: ANNA },
      env: {},
    });
    assert.deepEqual(
      search.notCovered.map((n) => `${n.product}/${n.port}/${n.object}:${n.personalColumns}`),
      ['newsletter/subscribers/subscribers:1'],
    );
    const store = createEmbeddedStore({ directory: join(mesh.root, '.meshwork/store') });
    await store.migrate();
    const result = await eraseSubject({
      meshRoot: mesh.root,
      model: search.model,
      env: {},
      store,
      key: KEY,
      actor: 'dpo',
      subject: { kind: 'email', value: ANNA },
      mode: 'delete',
    });
    await store.close();
    assert.deepEqual(
      result.notCovered.map((n) => `${n.product}/${n.port}`),
      ['newsletter/subscribers'],
    );
    // The text must not claim more than was searched: the uncovered port may still hold her.
    const text = formatErase(result, { color: false });
    assert.doesNotMatch(text, /gone from everything Meshwork writes/);
    assert.match(text, /1 port with personal data but no subject key was not searched/);
  });
});
