import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import { countSubjectSql } from '../../src/app/privacy/dsr/subject-sql.ts';
import { duckDbDialect } from '../../src/engines/duckdb/dialect.ts';
import type { SubjectLocation } from '../../src/app/privacy/dsr/locate-subject.ts';
import { ANNA, createDsrMesh, subjectContract } from './dsr-mesh.ts';

const SNAPSHOT = '20261205T090000000Z-abcdef';
import type { DsrMesh } from './dsr-mesh.ts';

function summary(location: SubjectLocation): string[] {
  return location.matches
    .map(
      (m) =>
        `${m.product ?? `source ${m.source}`}/${m.port ?? '-'}/${m.object}=${m.rows} via ${m.via.join('+')}`,
    )
    .sort();
}

describe('locateSubject on DuckDB (snapshots and CSV sources)', () => {
  let mesh: DsrMesh;
  before(async () => {
    mesh = await createDsrMesh();
  });
  after(() => mesh.remove());

  it('finds the subject by e-mail and follows the linked customer id and number', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: `  ${ANNA.toUpperCase()} ` },
      env: {},
    });
    assert.deepEqual(summary(location), [
      'customer-master/customers/customers=1 via customer-id+customer-number+email',
      'order-history/orders/orders=2 via customer-number',
      'source crm/-/customers=1 via customer-id+email',
      'source shop/-/orders=2 via customer-id',
    ]);
    assert.deepEqual([...(location.identifiers.get('customer-id') ?? [])], ['1']);
    assert.deepEqual([...(location.identifiers.get('customer-number') ?? [])], ['k-0001']);
    assert.ok(location.rounds >= 2);
  });

  it('says which port could not be searched (never built) and is not complete', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: ANNA },
      env: {},
    });
    assert.equal(location.complete, false);
    assert.deepEqual(
      location.notSearched.map((n) => [n.product, n.port, n.object, n.reason]),
      [['unbuilt', 'leads', 'leads', 'not built here (the port has no snapshot)']],
    );
  });

  it('finds nobody for an unknown subject, and asks nothing it has no identifier for', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: 'nobody@example.com' },
      env: {},
    });
    assert.deepEqual(location.matches, []);
    assert.equal(location.rounds, 1);
    assert.deepEqual(
      location.notAsked.map((n) => `${n.contract}/${n.object}:${n.kinds.join('+')}`).sort(),
      ['sales-orders-v1/orders:customer-number', 'shop-orders-v1/orders:customer-id'],
    );
  });

  it('treats a hostile value as data (quotes, SQL)', async () => {
    const location = await locateSubject({
      meshRoot: mesh.root,
      model: await mesh.model(),
      subject: { kind: 'email', value: "x' OR '1'='1" },
      env: {},
    });
    assert.deepEqual(location.matches, []);
    assert.deepEqual(
      location.notSearched.map((n) => n.object),
      ['leads'],
      'no query failed on the quote',
    );
  });

  it('says so when a bound on linked identifiers or rounds is reached', async () => {
    const model = await mesh.model();
    const byNumber = await locateSubject({
      meshRoot: mesh.root,
      model,
      subject: { kind: 'customer-number', value: 'K-0001' },
      env: {},
      maxHops: 0,
    });
    assert.equal(byNumber.rounds, 1);
    assert.match(byNumber.warnings.join('\n'), /followed for 0 rounds/);
    assert.equal(byNumber.complete, false);

    mesh.write(
      'data/crm/customers.csv',
      ['customer_id,email,name', `1,${ANNA},A`, `2,${ANNA},A2`, `3,${ANNA},A3`].join('\n'),
    );
    try {
      const bounded = await locateSubject({
        meshRoot: mesh.root,
        model,
        subject: { kind: 'email', value: ANNA },
        env: {},
        maxLinked: 2,
      });
      assert.equal(bounded.identifiers.get('customer-id')?.size, 2);
      assert.match(bounded.warnings.join('\n'), /more than 2 identifiers of kind "customer-id"/);
    } finally {
      mesh.write(
        'data/crm/customers.csv',
        ['customer_id,email,name', `1, ${ANNA} ,Anna Berger`, '2,bert@example.com,Bert Huber'].join(
          '\n',
        ),
      );
    }
  });

  it('refuses a snapshot link that leaves the port folder', async () => {
    const outside = join(mesh.root, 'elsewhere');
    mkdirSync(outside, { recursive: true });
    const portDir = join(mesh.root, '.meshwork/warehouse/sales/unbuilt/leads');
    mkdirSync(join(portDir, SNAPSHOT), { recursive: true });
    writeFileSync(join(outside, 'leads.parquet'), 'not parquet');
    symlinkSync(join(outside, 'leads.parquet'), join(portDir, SNAPSHOT, 'leads.parquet'));
    rmSync(join(portDir, 'current'), { force: true });
    symlinkSync(SNAPSHOT, join(portDir, 'current'));
    try {
      const location = await locateSubject({
        meshRoot: mesh.root,
        model: await mesh.model(),
        subject: { kind: 'email', value: ANNA },
        env: {},
      });
      assert.deepEqual(
        location.notSearched.map((n) => n.reason),
        ['the snapshot file lies outside the port folder (refused)'],
      );
    } finally {
      rmSync(portDir, { recursive: true, force: true });
    }
  });

  it('quotes identifiers: a column named with a quote is searched', async () => {
    const root = mesh.root;
    const sql = countSubjectSql(
      duckDbDialect,
      "read_parquet('x.parquet')",
      [{ column: 'e"mail', kind: 'email' }],
      new Map([['email', new Set(["o'brien@example.com"])]]),
    );
    assert.equal(
      sql,
      `SELECT count(*) AS "rows", count(*) FILTER (WHERE lower(trim(BOTH ' ' FROM CAST("e""mail" AS VARCHAR))) IN ('o''brien@example.com')) AS "k0" FROM read_parquet('x.parquet') WHERE (lower(trim(BOTH ' ' FROM CAST("e""mail" AS VARCHAR))) IN ('o''brien@example.com'))`,
    );
    mesh.write(
      'sources/odd/people.odcs.yaml',
      subjectContract(
        'odd-people-v1',
        'people',
        [{ name: 'e"mail', key: 'email' }],
        [{ server: 'files', type: 'local', format: 'csv', path: '../../data/odd/people.csv' }],
      ),
    );
    mesh.write('data/odd/people.csv', `"e""mail"\n"O'Brien@Example.com"\nx@example.com\n`);
    try {
      const location = await locateSubject({
        meshRoot: root,
        model: await mesh.model(),
        subject: { kind: 'email', value: "o'brien@example.com" },
        env: {},
      });
      assert.deepEqual(
        location.matches.map((m) => `${m.contract}:${m.rows}`),
        ['odd-people-v1:1'],
      );
    } finally {
      rmSync(join(root, 'sources/odd'), { recursive: true, force: true });
    }
  });

  it('counts exactly when the subject has more identifier combinations than one pass reads', async () => {
    const other = await createDsrMesh();
    try {
      await other.snapshot(
        'customer-master',
        'customers',
        'customers',
        `SELECT i AS customer_id, 'K-' || i AS customer_number, '${ANNA}' AS email, 'A' AS name FROM range(1001) t(i)`,
      );
      const location = await locateSubject({
        meshRoot: other.root,
        model: await other.model(),
        subject: { kind: 'email', value: ANNA },
        env: {},
        maxHops: 0,
      });
      const master = location.searched.find((m) => m.contract === 'sales-customers-v1');
      assert.equal(master?.rows, 1001);
      assert.deepEqual(master?.via, ['email']);
      assert.match(location.warnings.join('\n'), /more than 1000 combinations of identifiers/);
      assert.equal(
        location.identifiers.get('customer-id')?.size,
        100,
        'linked identifiers stay bounded',
      );
    } finally {
      other.remove();
    }
  });

  it('refuses a port name that would leave the warehouse', async () => {
    const other = await createDsrMesh();
    try {
      // A planted "snapshot" outside the warehouse, where ../ from the port would lead.
      const outside = join(other.root, '.meshwork', 'warehouse', 'sales', 'elsewhere');
      mkdirSync(join(outside, SNAPSHOT), { recursive: true });
      writeFileSync(join(outside, SNAPSHOT, 'leads.parquet'), 'x');
      symlinkSync(SNAPSHOT, join(outside, 'current'));
      other.write('domains/sales/unbuilt/product.odps.yaml', {
        apiVersion: 'v1.0.0',
        kind: 'DataProduct',
        id: 'unbuilt',
        domain: 'sales',
        status: 'active',
        team: { name: 'sales-team' },
        outputPorts: [{ name: '../elsewhere', version: '1.0.0', contractId: 'sales-leads-v1' }],
      });
      const location = await locateSubject({
        meshRoot: other.root,
        model: await other.model(),
        subject: { kind: 'email', value: ANNA },
        env: {},
      });
      assert.deepEqual(
        location.notSearched.map((n) => `${n.port}: ${n.reason}`),
        ['../elsewhere: the port or object name cannot name a warehouse folder (refused)'],
      );
    } finally {
      other.remove();
    }
  });
});
