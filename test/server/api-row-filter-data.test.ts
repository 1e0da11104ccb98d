import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest } from '../../src/core/access/model.ts';
import type { AccessFixture } from './access-support.ts';
import { PORT, PRODUCT, call, createAccessFixture, requestBody } from './access-support.ts';

/**
 * The embedded data API serves a grant's rows only (issue 14): the snapshot of the fixture
 * has orders 1 and 2 (status v1, v2); a grant filtered to one of them downloads that one,
 * in every format, and attack values download none. The owning team reads every row.
 */
let f: AccessFixture;
before(async () => {
  f = await createAccessFixture();
});
after(() => f.close());

const DATA = `/api/products/${PRODUCT}/ports/${PORT}/data`;

/** An active grant for the consumer's team with this row filter (null: none). */
async function grantWith(rowFilter: unknown): Promise<string> {
  const created = await call(f.app, 'POST', '/api/access-requests', f.as.consumer, requestBody());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = (created.body as AccessRequest).id;
  const owner = await call(
    f.app,
    'POST',
    `/api/access-requests/${id}/decision`,
    f.as.producerOwner,
    {
      decision: 'approve',
      ...(rowFilter === null ? {} : { rowFilter }),
    },
  );
  assert.equal(owner.status, 200, JSON.stringify(owner.body));
  const dpo = await call(f.app, 'POST', `/api/access-requests/${id}/decision`, f.as.dpo, {
    decision: 'approve',
  });
  assert.equal(dpo.status, 200, JSON.stringify(dpo.body));
  const grantId = (dpo.body as AccessRequest).grantId;
  assert.ok(grantId);
  return grantId;
}

/** The order ids the consumer downloads as JSON, and the rows header. */
async function download(): Promise<{ ids: string[]; rows: string | null }> {
  const res = await f.app.request(`${DATA}?format=json`, { headers: f.as.consumer });
  assert.equal(res.status, 200, await res.clone().text());
  const rows = (await res.json()) as { order_id: unknown }[];
  return { ids: rows.map((r) => String(r.order_id)), rows: res.headers.get('x-meshwork-rows') };
}

async function revoke(grantId: string): Promise<void> {
  const res = await call(f.app, 'DELETE', `/api/grants/${grantId}`, f.as.producerOwner);
  assert.equal(res.status, 204);
}

describe('the data route with a row filter', () => {
  test('without a filter both rows; with one only its row, in JSON, CSV and Parquet', async () => {
    const whole = await grantWith(null);
    assert.deepEqual((await download()).ids, ['1', '2']);
    await revoke(whole);

    const filtered = await grantWith({ column: 'orders.order_id', values: [2] });
    assert.deepEqual(await download(), { ids: ['2'], rows: '1' });
    const csv = await f.app.request(`${DATA}?format=csv`, { headers: f.as.consumer });
    const lines = (await csv.text()).trim().split('\n');
    assert.equal(lines.length, 2, lines.join('\n'));
    const parquet = await f.app.request(`${DATA}?format=parquet`, { headers: f.as.consumer });
    assert.equal(parquet.status, 200);
    assert.equal(parquet.headers.get('x-meshwork-rows'), '1');
    await revoke(filtered);
  });

  test('a text column filters too; attack values download no row', async () => {
    const status = await grantWith({ column: 'orders.status', values: ['v1'] });
    assert.deepEqual((await download()).ids, ['1']);
    await revoke(status);
    const attack = await grantWith({
      column: 'orders.status',
      values: ["') OR 1=1 --", "v1' OR '1'='1", "v2'; DROP TABLE x; --", '" OR ""="'],
    });
    assert.deepEqual(await download(), { ids: [], rows: '0' });
    await revoke(attack);
  });

  test('the audit entry of the read counts the rows served', async () => {
    const filtered = await grantWith({ column: 'orders.order_id', values: [1] });
    await download();
    const audit = await call(f.app, 'GET', '/api/audit?action=data.read&limit=1', f.as.dpo);
    const [latest] = (audit.body as { items: { details: Record<string, unknown> }[] }).items;
    assert.equal(latest?.details.rows, 1, JSON.stringify(latest));
    await revoke(filtered);
  });

  test('the owning team reads every row', async () => {
    const res = await f.app.request(`${DATA}?format=json`, { headers: f.as.producerOwner });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(((await res.json()) as unknown[]).length, 2);
  });
});
