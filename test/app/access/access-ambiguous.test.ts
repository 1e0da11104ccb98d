import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AccessRequestInput } from '../../../src/app/access/access-service.ts';
import { MeshworkError } from '../../../src/app/errors.ts';
import type { Harness } from './access-fixture.ts';
import { USERS, days, harness, meshFiles, meshOf } from './access-fixture.ts';

/**
 * Ids that name two things: a product id in two folders, two output ports of one name, a
 * contract id in two files. Access refuses them (409) instead of taking the first: the
 * review found a copy's owners counted as the owners of the product whose id they copied.
 */
const orders: AccessRequestInput = {
  productId: 'sales-orders',
  port: 'orders',
  consumerTeam: 'marketing-team',
  purpose: 'reporting',
  endsAt: days(90),
  justification: 'Campaign dashboards',
};

/** marketing's copy of sales-orders, owned by marketing-team (mona owns, max is a member). */
const copy = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1.0.0',
  kind: 'DataProduct',
  id: 'sales-orders',
  name: 'copy',
  domain: 'marketing',
  status: 'active',
  team: { name: 'marketing-team' },
  outputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'copy-v1' }],
  ...over,
});

async function conflict(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof MeshworkError, String(error));
    assert.equal(error.code, 'conflict');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('access to an ambiguous id', () => {
  const open: Harness[] = [];
  after(async () => {
    for (const h of open) await h.close();
  });
  const fresh = async (): Promise<Harness> => {
    const h = await harness();
    open.push(h);
    return h;
  };

  it("refuses data, requests and decisions for a product id two folders declare; the copy's team is no owner", async () => {
    const h = await fresh();
    assert.equal((await h.service.dataAccess(USERS.sam, 'sales-orders', 'orders')).allowed, true);
    const pending = await h.service.request(USERS.max, orders);
    h.mesh = await meshOf(meshFiles({ 'domains/marketing/copy/product.odps.yaml': copy() }));
    const both = /domains\/sales\/orders and domains\/marketing\/copy/;
    for (const user of [USERS.max, USERS.sam, USERS.ada])
      await conflict(h.service.dataAccess(user, 'sales-orders', 'orders'), both);
    await conflict(h.service.request(USERS.max, orders), both);
    for (const user of [USERS.mona, USERS.olga])
      await conflict(h.service.decide(user, pending.id, { decision: 'approve' }), both);
    assert.equal((await h.store.accessRequests.get(pending.id))?.state, 'pending');
    // The unique product next to it is untouched.
    assert.equal((await h.service.dataAccess(USERS.sam, 'sales-kpis', 'kpis')).allowed, true);
  });

  it('a product without an id is known by its folder: a folder named like an id is ambiguous too', async () => {
    const h = await fresh();
    const { id: _id, ...idless } = copy() as { id: string };
    h.mesh = await meshOf(
      meshFiles({ 'domains/marketing/sales-orders/product.odps.yaml': idless }),
    );
    await conflict(
      h.service.dataAccess(USERS.max, 'sales-orders', 'orders'),
      /domains\/marketing\/sales-orders/,
    );
  });

  it('refuses a port whose name the product declares twice', async () => {
    const h = await fresh();
    const files = meshFiles();
    const product = files['domains/sales/orders/product.odps.yaml'] as { outputPorts: unknown[] };
    product.outputPorts.push({ name: 'orders', version: '2.0.0', contractId: 'sales-kpis-v1' });
    h.mesh = await meshOf(files);
    await conflict(
      h.service.dataAccess(USERS.sam, 'sales-orders', 'orders'),
      /2 output ports named "orders"/,
    );
    await conflict(h.service.request(USERS.max, orders), /output ports named "orders"/);
  });

  it("refuses a port whose contract id two files declare, rather than use either's columns", async () => {
    const h = await fresh();
    const files = meshFiles();
    h.mesh = await meshOf({
      ...files,
      'domains/marketing/copy/orders.odcs.yaml': files['domains/sales/orders/orders.odcs.yaml'],
    });
    await conflict(
      h.service.dataAccess(USERS.sam, 'sales-orders', 'orders'),
      /contract id "sales-orders-v1".*domains\/(sales\/orders|marketing\/copy)\/orders\.odcs\.yaml and domains\//,
    );
  });

  it('names the product and contract a verdict is for', async () => {
    const h = await fresh();
    const verdict = await h.service.dataAccess(USERS.sam, 'sales-orders', 'orders');
    assert.ok(verdict.allowed);
    assert.equal(verdict.product, 'sales/orders');
    assert.equal(verdict.contractFile, 'domains/sales/orders/orders.odcs.yaml');
  });
});
