import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFile, readdir, rename, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest, Grant } from '../../src/core/access/model.ts';
import type { AccessFixture } from './access-support.ts';
import {
  PORT,
  writeSnapshot,
  PRODUCT,
  SNAPSHOT,
  call,
  createAccessFixture,
  requestBody,
} from './access-support.ts';

/**
 * The access API in-process (app.request) over the real access service, the demo mesh with
 * a purpose catalogue and a built `sales-orders` `orders` port: the happy path from request
 * to download, and the attacks — another team's request, deciding one's own, deciding twice,
 * revoking another's grant, reading without a grant, traversal, oversize bodies.
 */
let f: AccessFixture;
before(async () => {
  f = await createAccessFixture();
});
after(() => f.close());

const DATA = `/api/products/${PRODUCT}/ports/${PORT}/data`;

async function newRequest(overrides: Record<string, unknown> = {}): Promise<AccessRequest> {
  const created = await call(
    f.app,
    'POST',
    '/api/access-requests',
    f.as.consumer,
    requestBody(overrides),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as AccessRequest;
}

/** A request approved by the producing owner and the DPO: an active grant. */
async function grantedRequest(): Promise<AccessRequest> {
  const request = await newRequest();
  for (const who of ['producerOwner', 'dpo'] as const) {
    const decided = await call(
      f.app,
      'POST',
      `/api/access-requests/${request.id}/decision`,
      f.as[who],
      { decision: 'approve', comment: `ok (${who})` },
    );
    if (decided.status === 409) break; // one approval sufficed
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
  }
  const after = await call(f.app, 'GET', '/api/access-requests?view=mine', f.as.consumer);
  const found = (after.body as { items: AccessRequest[] }).items.find((r) => r.id === request.id)!;
  assert.equal(found.state, 'active', JSON.stringify(found));
  return found;
}

describe('purposes', () => {
  test('the catalogue of meshwork.yaml, to everyone signed in', async () => {
    const { status, body } = await call(f.app, 'GET', '/api/purposes', f.as.stranger);
    assert.equal(status, 200);
    const items = (body as { items: { id: string; legalBasis: string | null }[] }).items;
    assert.deepEqual(
      items.slice(0, 2).map((p) => [p.id, p.legalBasis]),
      [
        ['revenue-reporting', 'f'],
        ['curiosity', null],
      ],
    );
    assert.ok(
      items.some((p) => p.id === 'newsletter'),
      "and the demo mesh's own",
    );
  });
});

describe('POST /api/access-requests', () => {
  test('a member of the consumer team gets 201 and a pending request needing owner and DPO', async () => {
    const request = await newRequest();
    assert.equal(request.state, 'pending');
    assert.equal(request.requester, 'ahofmann');
    assert.equal(request.consumerTeam, 'finance-team');
    assert.deepEqual([...request.requiredApprovals].sort(), ['dpo', 'owner']);
  });

  test('requesting for a team one does not belong to is 403', async () => {
    const res = await call(
      f.app,
      'POST',
      '/api/access-requests',
      f.as.producerMember,
      requestBody(),
    );
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.match(res.res.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('personal data for a purpose without a legal basis is 422 with the findings', async () => {
    const res = await call(
      f.app,
      'POST',
      '/api/access-requests',
      f.as.consumer,
      requestBody({ purpose: 'curiosity' }),
    );
    assert.equal(res.status, 422, JSON.stringify(res.body));
    const body = res.body as { findings: { severity: string; message: string }[] };
    assert.ok(
      body.findings.some((x) => x.severity === 'error'),
      JSON.stringify(body),
    );
  });

  test('an unknown product, port or purpose is refused, never stored', async () => {
    for (const overrides of [{ productId: 'nope' }, { port: 'nope' }, { purpose: 'nope' }]) {
      const res = await call(
        f.app,
        'POST',
        '/api/access-requests',
        f.as.consumer,
        requestBody(overrides),
      );
      assert.ok([404, 422].includes(res.status), `${JSON.stringify(overrides)}: ${res.status}`);
    }
  });

  test('unknown fields, unbounded strings and an oversize body are refused before the service', async () => {
    const extra = await call(f.app, 'POST', '/api/access-requests', f.as.consumer, {
      ...requestBody(),
      requester: 'tbauer',
    });
    assert.equal(extra.status, 400, 'requester is not the caller to choose');
    const long = await call(
      f.app,
      'POST',
      '/api/access-requests',
      f.as.consumer,
      requestBody({ justification: 'x'.repeat(4_001) }),
    );
    assert.equal(long.status, 400);
    const control = await call(
      f.app,
      'POST',
      '/api/access-requests',
      f.as.consumer,
      requestBody({ consumerTeam: 'finance-team\n' }),
    );
    assert.equal(control.status, 400, 'a control character in a name');
    const huge = await call(
      f.app,
      'POST',
      '/api/access-requests',
      f.as.consumer,
      requestBody({ justification: 'x'.repeat(70 * 1024) }),
    );
    assert.equal(huge.status, 413);
    const badDate = await call(
      f.app,
      'POST',
      '/api/access-requests',
      f.as.consumer,
      requestBody({ endsAt: 'soon' }),
    );
    assert.equal(badDate.status, 400);
    assert.match(
      JSON.stringify(badDate.body),
      /YYYY-MM-DD \(access ends at the end of that day, UTC\)/,
      'the 400 names the format endsAt takes',
    );
  });

  test('a session without its CSRF token cannot request', async () => {
    const res = await call(
      f.app,
      'POST',
      '/api/access-requests',
      { cookie: f.as.consumer.cookie! },
      requestBody(),
    );
    assert.equal(res.status, 403);
  });
});

describe('GET /api/access-requests', () => {
  test("mine shows the caller's requests only; to-decide shows the owners theirs", async () => {
    const request = await newRequest();
    const mine = await call(f.app, 'GET', '/api/access-requests?view=mine', f.as.consumer);
    assert.equal(mine.status, 200);
    const items = (mine.body as { items: AccessRequest[] }).items;
    assert.ok(items.some((r) => r.id === request.id));
    assert.ok(items.every((r) => r.requester === 'ahofmann'));
    const strangers = await call(f.app, 'GET', '/api/access-requests?view=mine', f.as.stranger);
    assert.deepEqual((strangers.body as { items: unknown[] }).items, []);
    const inbox = await call(
      f.app,
      'GET',
      '/api/access-requests?view=to-decide&state=pending',
      f.as.producerOwner,
    );
    assert.ok((inbox.body as { items: AccessRequest[] }).items.some((r) => r.id === request.id));
    const notTheirs = await call(
      f.app,
      'GET',
      '/api/access-requests?view=to-decide',
      f.as.stranger,
    );
    assert.ok(
      !(notTheirs.body as { items: AccessRequest[] }).items.some((r) => r.id === request.id),
    );
  });

  test('view=all is for admin and governance; a bad view or state is 400', async () => {
    assert.equal(
      (await call(f.app, 'GET', '/api/access-requests?view=all', f.as.consumer)).status,
      403,
    );
    assert.equal((await call(f.app, 'GET', '/api/access-requests?view=all', f.as.dpo)).status, 200);
    assert.equal(
      (await call(f.app, 'GET', '/api/access-requests?view=everything', f.as.dpo)).status,
      400,
    );
    assert.equal(
      (await call(f.app, 'GET', '/api/access-requests?state=granted', f.as.dpo)).status,
      400,
    );
  });
});

describe('POST /api/access-requests/{id}/decision', () => {
  test('the requester cannot decide their own request (not an owner)', async () => {
    const request = await newRequest();
    const res = await call(
      f.app,
      'POST',
      `/api/access-requests/${request.id}/decision`,
      f.as.consumer,
      {
        decision: 'approve',
      },
    );
    assert.equal(res.status, 403, JSON.stringify(res.body));
  });

  test('a member of the producing domain who is no owner cannot decide', async () => {
    const request = await newRequest();
    const res = await call(
      f.app,
      'POST',
      `/api/access-requests/${request.id}/decision`,
      f.as.producerMember,
      { decision: 'approve' },
    );
    assert.equal(res.status, 403, JSON.stringify(res.body));
  });

  test('deciding twice is 409; a rejected request stays rejected', async () => {
    const request = await newRequest();
    const first = await call(
      f.app,
      'POST',
      `/api/access-requests/${request.id}/decision`,
      f.as.producerOwner,
      {
        decision: 'reject',
        comment: 'not now',
      },
    );
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal((first.body as AccessRequest).state, 'rejected');
    const second = await call(
      f.app,
      'POST',
      `/api/access-requests/${request.id}/decision`,
      f.as.producerOwner,
      {
        decision: 'approve',
      },
    );
    assert.equal(second.status, 409, JSON.stringify(second.body));
  });

  test('an unknown id is 404; a traversal-looking id is 400 before any lookup', async () => {
    const unknown = await call(
      f.app,
      'POST',
      '/api/access-requests/no-such-id/decision',
      f.as.admin,
      {
        decision: 'approve',
      },
    );
    assert.equal(unknown.status, 404);
    const traversal = await call(
      f.app,
      'POST',
      '/api/access-requests/..%2F..%2Fetc/decision',
      f.as.admin,
      {
        decision: 'approve',
      },
    );
    assert.ok([400, 404].includes(traversal.status), String(traversal.status));
    const bad = await call(f.app, 'POST', '/api/access-requests/x/decision', f.as.admin, {
      decision: 'maybe',
    });
    assert.equal(bad.status, 400);
  });
});

describe('grants', () => {
  let grantId: string;
  before(async () => {
    grantId = (await grantedRequest()).grantId!;
  });

  test('the consumer sees the grant with how to connect; a stranger does not', async () => {
    const mine = await call(f.app, 'GET', '/api/grants?state=active', f.as.consumer);
    assert.equal(mine.status, 200);
    const grant = (mine.body as { items: (Grant & { connection: string[] })[] }).items.find(
      (g) => g.id === grantId,
    )!;
    assert.ok(grant, JSON.stringify(mine.body));
    assert.ok(
      grant.connection.some((line) => line.includes(`${DATA}?format=`)),
      grant.connection.join('\n'),
    );
    const strangers = await call(f.app, 'GET', '/api/grants', f.as.stranger);
    assert.ok(!(strangers.body as { items: Grant[] }).items.some((g) => g.id === grantId));
  });

  test('with the grant: granted columns, the postal code pseudonymised with the team key, formula cells defused', async () => {
    const res = await f.app.request(`${DATA}?format=csv`, { headers: f.as.consumer });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /^attachment; filename="sales-orders-orders\.csv"$/,
    );
    assert.equal(res.headers.get('x-meshwork-snapshot'), SNAPSHOT);
    const key = (await readFile(join(f.dir, '.meshwork/pseudonym.key'), 'utf8')).trim();
    assert.ok(![...res.headers.values()].some((v) => v.includes(key)));
    const csv = await res.text();
    const [header, first] = csv.trim().split('\n');
    assert.ok(header!.split(',').includes('shipping_postal_code'));
    assert.ok(!csv.includes('83021'), 'the postal code is not in clear');
    assert.ok(!csv.includes(key), 'nor the key');
    const teamKey = createHmac('sha256', key)
      // A team's key derives from its domain and its name.
      .update('meshwork-pseudonym:team:team:finance/finance-team')
      .digest('hex');
    const expected = createHash('sha256').update(`${teamKey}83021`).digest('hex');
    assert.ok(first!.includes(expected), `${first} has the keyed hash`);
    assert.ok(first!.includes(`"'=HYPERLINK(""http://evil"")"`), first);
  });

  test('JSON and Parquet work; a bad format is 400', async () => {
    const json = await f.app.request(`${DATA}?format=json`, { headers: f.as.consumer });
    assert.equal(json.status, 200);
    assert.equal(((await json.json()) as unknown[]).length, 2);
    const parquet = await f.app.request(`${DATA}?format=parquet`, { headers: f.as.consumer });
    assert.equal(parquet.status, 200);
    assert.equal(
      Buffer.from(await parquet.arrayBuffer())
        .subarray(0, 4)
        .toString(),
      'PAR1',
    );
    for (const format of ['xlsx', "csv' ; DROP", 'CSV'])
      assert.equal(
        (
          await f.app.request(`${DATA}?format=${encodeURIComponent(format)}`, {
            headers: f.as.consumer,
          })
        ).status,
        400,
        format,
      );
  });

  test('no temp export is left behind, also when the client stops reading', async () => {
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('meshwork-data-')).length;
    const res = await f.app.request(`${DATA}?format=csv`, { headers: f.as.consumer });
    await res.body!.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const left = (await readdir(tmpdir())).filter((n) => n.startsWith('meshwork-data-')).length;
    assert.ok(left <= before, `${left} temp exports left (was ${before})`);
  });

  test('a member of the producing domain who is no owner cannot revoke; a stranger neither', async () => {
    for (const who of ['producerMember', 'stranger', 'consumer'] as const) {
      const res = await call(f.app, 'DELETE', `/api/grants/${grantId}`, f.as[who]);
      assert.equal(res.status, 403, `${who}: ${JSON.stringify(res.body)}`);
    }
  });

  test('recertify is for the producing owners', async () => {
    assert.equal(
      (await call(f.app, 'POST', `/api/grants/${grantId}/recertify`, f.as.consumer)).status,
      403,
    );
    const ok = await call(f.app, 'POST', `/api/grants/${grantId}/recertify`, f.as.producerOwner);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('revoked by the producing owner: 204, then 409 again, and the data is 403', async () => {
    const res = await call(f.app, 'DELETE', `/api/grants/${grantId}`, f.as.producerOwner);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.equal(
      (await call(f.app, 'DELETE', `/api/grants/${grantId}`, f.as.producerOwner)).status,
      409,
    );
    assert.equal((await f.app.request(DATA, { headers: f.as.consumer })).status, 403);
    const listed = await call(f.app, 'GET', '/api/grants?state=revoked', f.as.consumer);
    const ended = (listed.body as { items: { id: string; connection: string[] }[] }).items.find(
      (g) => g.id === grantId,
    );
    assert.deepEqual(ended?.connection, [], 'an ended grant shows no way to connect');
  });
});

describe('the data route without a grant', () => {
  test('403 for a team without a grant, a stranger, and admin (who reads no data by role)', async () => {
    // jhuber is in the producing domain (sales) but not in the owning team (ecommerce-team).
    for (const who of ['stranger', 'producerMember', 'admin', 'dpo'] as const) {
      const res = await f.app.request(DATA, { headers: f.as[who] });
      assert.equal(res.status, 403, who);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
    }
  });

  test('the owning team reads every column in clear', async () => {
    const res = await f.app.request(`${DATA}?format=json`, { headers: f.as.producerOwner });
    assert.equal(res.status, 200, await res.clone().text());
    const rows = (await res.json()) as Record<string, unknown>[];
    assert.equal(rows[0]!.shipping_postal_code, '83021');
  });

  test('unknown product or port, and traversal in either, are 404 and touch no file', async () => {
    for (const path of [
      '/api/products/nope/ports/orders/data',
      `/api/products/${PRODUCT}/ports/nope/data`,
      `/api/products/${PRODUCT}/ports/..%2F..%2F..%2Fetc/data`,
      `/api/products/..%2Fsales-orders/ports/${PORT}/data`,
      `/api/products/${PRODUCT}/ports/%2E%2E/data`,
    ]) {
      const res = await f.app.request(path, { headers: f.as.admin });
      assert.equal(res.status, 404, `${path}: ${res.status}`);
    }
  });

  test('a port not built yet is 409 "not built yet"', async () => {
    const res = await call(
      f.app,
      'GET',
      `/api/products/${PRODUCT}/ports/order_lines/data`,
      f.as.producerOwner,
    );
    assert.equal(res.status, 409);
    assert.match((res.body as { detail: string }).detail, /not built yet/);
  });
});

describe('rebuilds and end dates', () => {
  test('after a rebuild the route serves the new snapshot (the grant keeps working)', async () => {
    const portDir = join(f.dir, '.meshwork/warehouse/sales/sales-orders/orders');
    const next = '20261201T000000000Z-c0ffee';
    const before = await f.app.request(`${DATA}?format=json`, { headers: f.as.producerOwner });
    const names = Object.keys(((await before.json()) as Record<string, unknown>[])[0]!);
    await writeSnapshot(join(portDir, next, 'orders.parquet'), names);
    await symlink(next, join(portDir, '.current-test'), 'dir');
    await rename(join(portDir, '.current-test'), join(portDir, 'current'));
    const after = await f.app.request(`${DATA}?format=json`, { headers: f.as.producerOwner });
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('x-meshwork-snapshot'), next);
  });

  test('a grant past its end date reads nothing, even before the sweep ends it', async () => {
    const at = new Date(Date.now() - 86_400_000).toISOString();
    await f.store.grants.create({
      id: 'grant-ended',
      requestId: 'req-ended',
      productId: PRODUCT,
      port: PORT,
      consumerTeam: 'marketing-team',
      consumerDomain: 'marketing',
      purpose: 'revenue-reporting',
      columns: null,
      personalInClear: false,
      state: 'active',
      startsAt: at,
      endsAt: at,
      certifiedAt: at,
      endedAt: null,
      endedBy: null,
      provisioning: [],
      remindedAt: null,
    });
    const marketing = await f.signInAs('mgruber');
    assert.equal((await f.app.request(DATA, { headers: marketing })).status, 403);
  });
});

describe('sweep and audit', () => {
  test('the sweep is admin-only and reports what it did', async () => {
    assert.equal((await call(f.app, 'POST', '/api/access/sweep', f.as.dpo)).status, 403);
    const res = await call(f.app, 'POST', '/api/access/sweep', f.as.admin);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const key of ['expired', 'lapsed', 'reminded', 'failed'])
      assert.ok(Array.isArray((res.body as Record<string, unknown>)[key]), key);
  });

  test('the audit trail lists access events to governance and verifies intact', async () => {
    assert.equal((await call(f.app, 'GET', '/api/audit', f.as.consumer)).status, 403);
    const list = await call(f.app, 'GET', '/api/audit?action=data.read', f.as.dpo);
    assert.equal(list.status, 200);
    const reads = (list.body as { items: { actor: string; target: string }[] }).items;
    assert.ok(reads.some((e) => e.actor === 'ahofmann' && e.target === `${PRODUCT}/${PORT}`));
    // The pseudonym key is in no audit entry (nor, above, in any answer's headers).
    const key = (await readFile(join(f.dir, '.meshwork/pseudonym.key'), 'utf8')).trim();
    const all = await call(f.app, 'GET', '/api/audit?limit=200', f.as.dpo);
    assert.ok(!JSON.stringify(all.body).includes(key));
    const verify = await call(f.app, 'GET', '/api/audit/verify', f.as.dpo);
    assert.equal(verify.status, 200);
    assert.equal((verify.body as { intact: boolean }).intact, true, JSON.stringify(verify.body));
  });
});
