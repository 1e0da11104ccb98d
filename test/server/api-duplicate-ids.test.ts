import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AccessRequest } from '../../src/core/access/model.ts';
import { createApp } from '../../src/server/app.ts';
import { createAccessDeps } from '../../src/server/access-deps.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import { domainRolesOf } from '../../src/app/catalog/teams.ts';
import type { AccessFixture } from './access-support.ts';
import { PORT, PRODUCT, call, createAccessFixture, requestBody } from './access-support.ts';

/**
 * The security review's attack (HIGH): a finance committer copies the product id
 * `sales-orders` into a product of their own domain. Access looked up the first product of
 * the id, the catalog the last: the data route served the sales snapshot under a verdict
 * made for the copy, whose team (finance) counted as the owner — every column in clear.
 * Now an id two products declare is refused everywhere, and the route serves only the
 * product its verdict was made for.
 */
// Created before any suite starts: the suites' own hooks read and change its mesh.
const f: AccessFixture = await createAccessFixture();

const DATA = `/api/products/${PRODUCT}/ports/${PORT}/data?format=json`;
const EVIL = 'domains/finance/evil';

/** The reviewer's copy: the sales product under id sales-orders, owned by finance-team. */
async function writeCopy(
  dir: string,
  mutate: (product: string) => string = (p) => p,
): Promise<void> {
  const src = join(dir, 'domains/sales/sales-orders');
  const evil = join(dir, EVIL);
  await mkdir(evil, { recursive: true });
  const product = (await readFile(join(src, 'product.odps.yaml'), 'utf8'))
    .replace('domain: sales', 'domain: finance')
    .replace(
      /team:\n {2}name: ecommerce-team[\s\S]*?support:/,
      'team:\n  name: finance-team\nsupport:',
    )
    .replace('contractId: sales-orders-v1', 'contractId: evil-orders-v1')
    .replace(/ {2}- name: order_lines[\s\S]*?contractId: sales-order-lines-v1\n/, '')
    .replace(/inputPorts:[\s\S]*?outputPorts:/, 'outputPorts:');
  assert.match(product, /team:\n {2}name: finance-team/);
  await writeFile(join(evil, 'product.odps.yaml'), mutate(product));
  await writeFile(
    join(evil, 'orders.odcs.yaml'),
    (await readFile(join(src, 'orders.odcs.yaml'), 'utf8'))
      .replace('id: sales-orders-v1', 'id: evil-orders-v1')
      .replace('domain: sales', 'domain: finance'),
  );
}

function detailOf(body: unknown): string {
  return (body as { detail?: string }).detail ?? '';
}

async function dataReads(): Promise<number> {
  const page = await f.store.audit.list({ limit: 500 });
  return page.items.filter((e) => e.action.startsWith('data.')).length;
}

describe('ids that name two things, over the whole app', { concurrency: 1 }, () => {
  after(() => f.close());

  describe('a product id declared twice', () => {
    let pending: AccessRequest;

    before(async () => {
      // A request made while the id was unique, decided after the copy appeared.
      const created = await call(
        f.app,
        'POST',
        '/api/access-requests',
        f.as.consumer,
        requestBody(),
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      pending = created.body as AccessRequest;
      // The legit product serves its owners before the copy.
      const before = await call(f.app, 'GET', DATA, f.as.producerOwner);
      assert.equal(before.status, 200, JSON.stringify(before.body));
      await writeCopy(f.dir);
      await f.catalog.load();
    });

    test("the copy's team gets 409 and no data; both folders are named", async () => {
      const reads = await dataReads();
      const res = await call(f.app, 'GET', DATA, f.as.consumer);
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.match(detailOf(res.body), /domains\/finance\/evil/);
      assert.match(detailOf(res.body), /domains\/sales\/sales-orders/);
      assert.doesNotMatch(JSON.stringify(res.body), /8302|order_id/);
      assert.equal(await dataReads(), reads, 'no read is recorded');
    });

    test('the legit owners are refused as well: the route picks neither', async () => {
      const res = await call(f.app, 'GET', DATA, f.as.producerOwner);
      assert.equal(res.status, 409, JSON.stringify(res.body));
      const detail = await call(f.app, 'GET', `/api/products/${PRODUCT}`, f.as.producerOwner);
      assert.equal(detail.status, 409, JSON.stringify(detail.body));
      assert.match(detailOf(detail.body), /domains\/finance\/evil/);
    });

    test('new requests and decisions for the id are refused (409) naming both folders', async () => {
      const created = await call(
        f.app,
        'POST',
        '/api/access-requests',
        f.as.consumer,
        requestBody(),
      );
      assert.equal(created.status, 409, JSON.stringify(created.body));
      assert.match(
        detailOf(created.body),
        /domains\/finance\/evil and domains\/sales\/sales-orders/,
      );
      // finance-team's owner owns the copy: it must not decide for the sales product.
      for (const who of ['consumerOwner', 'producerOwner'] as const) {
        const decided = await call(
          f.app,
          'POST',
          `/api/access-requests/${pending.id}/decision`,
          f.as[who],
          { decision: 'approve' },
        );
        assert.equal(decided.status, 409, `${who}: ${JSON.stringify(decided.body)}`);
      }
      const still = await f.store.accessRequests.get(pending.id);
      assert.equal(still?.state, 'pending');
    });

    test('the duplicate is a finding in the served catalog', async () => {
      const res = await call(f.app, 'GET', '/api/governance', f.as.consumer);
      assert.equal(res.status, 200);
      const findings = (res.body as { findings: { code: string; file: string; message: string }[] })
        .findings;
      const dup = findings.filter((x) => x.code === 'duplicate-id' && x.message.includes(PRODUCT));
      assert.equal(dup.length, 1, JSON.stringify(dup));
      const domain = await call(f.app, 'GET', '/api/domains/sales', f.as.consumer);
      const files = (domain.body as { findings: { code: string; file: string }[] }).findings
        .filter((x) => x.code === 'duplicate-id')
        .map((x) => x.file);
      const finance = await call(f.app, 'GET', '/api/domains/finance', f.as.consumer);
      files.push(
        ...(finance.body as { findings: { code: string; file: string }[] }).findings
          .filter((x) => x.code === 'duplicate-id')
          .map((x) => x.file),
      );
      assert.equal(files.length, 1, JSON.stringify(files));
    });

    test('once the copy is gone the legit product serves its owners again', async () => {
      await rm(join(f.dir, EVIL), { recursive: true, force: true });
      await f.catalog.load();
      const res = await call(f.app, 'GET', DATA, f.as.producerOwner);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const stranger = await call(f.app, 'GET', DATA, f.as.consumer);
      assert.equal(stranger.status, 403, JSON.stringify(stranger.body));
    });
  });

  describe('two output ports of one name', () => {
    test('the data route refuses the port (409) instead of picking one; it is a finding', async () => {
      await writeCopy(f.dir, (product) =>
        product
          .replace(/^id: sales-orders$/m, 'id: evil-orders')
          .replace(
            /outputPorts:\n/,
            (m) => m + '  - name: orders\n    version: 1.0.0\n    contractId: evil-orders-v1\n',
          ),
      );
      await f.catalog.load();
      try {
        const res = await call(
          f.app,
          'GET',
          '/api/products/evil-orders/ports/orders/data',
          f.as.consumerOwner,
        );
        assert.equal(res.status, 409, JSON.stringify(res.body));
        assert.match(detailOf(res.body), /output ports named "orders"/);
        const governance = await call(f.app, 'GET', '/api/governance', f.as.consumer);
        const codes = (governance.body as { findings: { code: string }[] }).findings.map(
          (x) => x.code,
        );
        assert.ok(codes.includes('duplicate-port'), codes.join(','));
      } finally {
        await rm(join(f.dir, EVIL), { recursive: true, force: true });
        await f.catalog.load();
      }
    });
  });

  describe('a verdict made for another product than the one the catalog serves', () => {
    test('is not served (409), even when the access service allows', async () => {
      const deps = createAccessDeps({
        store: f.store,
        catalog: f.catalog,
        workspaceRoot: f.dir,
        env: {},
      });
      // Access read the mesh differently from the catalog (a reload between, or a bug).
      const access = {
        ...deps,
        service: {
          ...deps.service,
          dataAccess: async (...args: Parameters<typeof deps.service.dataAccess>) => {
            const verdict = await deps.service.dataAccess(...args);
            return verdict.allowed ? { ...verdict, product: 'finance/evil' } : verdict;
          },
        },
      };
      const auth = createAuth({
        store: f.store,
        env: {},
        domainRoles: (u) =>
          domainRolesOf(new Map([...f.catalog.current.domains].map(([n, d]) => [n, d.teams])), u),
        publicUrl: 'http://127.0.0.1:4000',
      });
      const app = createApp({ store: f.store, catalog: f.catalog, auth, access });
      const res = await call(app, 'GET', DATA, f.as.producerOwner);
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.match(detailOf(res.body), /made for domains\/finance\/evil/);
      const fine = await call(f.app, 'GET', DATA, f.as.producerOwner);
      assert.equal(fine.status, 200, 'the same owner through the real service is served');
    });
  });
});
