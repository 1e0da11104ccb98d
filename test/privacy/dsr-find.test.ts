import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { locateSubject } from '../../src/app/privacy/dsr/locate-subject.ts';
import type { SubjectLocation } from '../../src/app/privacy/dsr/locate-subject.ts';
import { ANNA, createDsrMesh } from './dsr-mesh.ts';
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
});
