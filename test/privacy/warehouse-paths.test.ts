import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { buildProduct } from '../../src/app/build/build-product.ts';
import { productDir } from '../../src/app/build/warehouse.ts';
import { rewritePort } from '../../src/app/privacy/port-rewrite.ts';
import { enforceRetention } from '../../src/app/privacy/retention.ts';
import type { StoreAccess } from '../../src/app/store/store-access.ts';
import { planBuild } from '../../src/core/build/plan.ts';
import { isPlainFolderName } from '../../src/core/mesh/folder-name.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { domain } from '../support/mesh-fixture.ts';
import { buildOrders, contractById, createPrivacyMesh, readModel } from './retention-support.ts';

/**
 * Issue 11 review H1: a port's name comes from a product's YAML and becomes a folder of the
 * warehouse. A name with `..` (or a planted link at the port's folder) must not let one
 * domain's retention, erasure or build reach another product's snapshots.
 */
let parser: DuckDbSqlParser;
before(async () => {
  parser = await createDuckDbSqlParser();
});
after(() => parser.close());

const VICTIM = '../../sales/orders/orders';
const noAudit: StoreAccess = (fn) => fn({ audit: { append: () => Promise.resolve({}) } } as never);

function snapshotsOf(root: string): string[] {
  return readdirSync(join(productDir(root, 'sales', 'orders'), 'orders')).sort();
}

/** A mesh with sales/orders built, and a product evil/p whose port points at sales' orders. */
async function attackedMesh(
  t: { after(fn: () => void): void },
  port: string,
): Promise<ReturnType<typeof createPrivacyMesh>> {
  const mesh = createPrivacyMesh();
  t.after(() => mesh.remove());
  assert.equal((await buildOrders(mesh, parser)).products[0]!.status, 'published');
  mesh.write('domains/evil/domain.yaml', domain('evil'));
  mesh.write('domains/evil/p/product.odps.yaml', {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: 'evil-p',
    name: 'p',
    domain: 'evil',
    status: 'active',
    team: { name: 'evil-team' },
    outputPorts: [{ name: port, version: '1.0.0', contractId: 'evil-c' }],
  });
  const orders = parse(
    readFileSync(join(mesh.root, 'domains/sales/orders/orders.odcs.yaml'), 'utf8'),
  ) as Record<string, unknown>;
  mesh.write('domains/evil/p/c.odcs.yaml', {
    ...orders,
    id: 'evil-c',
    servers: [],
    slaProperties: [{ property: 'retention', value: 1, unit: 'd', element: 'orders.order_date' }],
  });
  return mesh;
}

describe('warehouse paths from port names', () => {
  it('names a plain folder name safe, and a path, dot name or control character not', () => {
    for (const ok of ['orders', 'order_lines', 'Bestellungen-2026', 'a.b'])
      assert.equal(isPlainFolderName(ok), true, ok);
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b', '.lock', '.tmp-1', 'a\0b', 'a\nb'])
      assert.equal(isPlainFolderName(bad), false, JSON.stringify(bad));
    assert.equal(isPlainFolderName('x'.repeat(256)), false);
  });

  it("retention --apply of a port named ../../sales/orders/orders leaves sales' orders alone", async (t) => {
    const mesh = await attackedMesh(t, VICTIM);
    const before = snapshotsOf(mesh.root);
    const report = await enforceRetention({
      meshRoot: mesh.root,
      env: {},
      model: await readModel(mesh.root),
      apply: true,
      now: new Date('2026-12-05T00:00:00Z'),
      store: noAudit,
      actor: 'ops',
    });
    const evil = report.ports.find((p) => p.product === 'evil-p')!;
    assert.equal(evil.status, 'not-enforceable');
    assert.match(evil.reason ?? '', /cannot name a folder of the warehouse/);
    assert.equal(report.complete, false);
    assert.deepEqual(snapshotsOf(mesh.root), before, "sales' snapshots are untouched");
  });

  it('rewritePort refuses a port, domain or product name that is a path, before creating anything', async (t) => {
    const mesh = await attackedMesh(t, VICTIM);
    const before = snapshotsOf(mesh.root);
    const model = await readModel(mesh.root);
    for (const [product, port] of [
      [{ domainFolder: 'evil', productFolder: 'p' }, VICTIM],
      [{ domainFolder: '..', productFolder: 'sales' }, 'orders'],
      [{ domainFolder: 'evil', productFolder: '../sales' }, 'orders'],
    ] as const) {
      await assert.rejects(
        rewritePort({
          meshRoot: mesh.root,
          env: {},
          product,
          port,
          contract: contractById(model, 'evil-c'),
          change: {
            action: 'delete',
            match: [{ kind: 'before', column: 'order_date', cutoff: '2030-01-01' }],
          },
        }),
        /cannot name a folder of the warehouse/,
      );
    }
    assert.deepEqual(snapshotsOf(mesh.root), before);
    assert.equal(existsSync(join(mesh.root, '.meshwork/warehouse/evil')), false);
  });

  it("rewritePort refuses a port folder that is a planted link to another product's port", async (t) => {
    const mesh = await attackedMesh(t, 'orders');
    const before = snapshotsOf(mesh.root);
    const evilDir = productDir(mesh.root, 'evil', 'p');
    mkdirSync(evilDir, { recursive: true });
    symlinkSync(join(productDir(mesh.root, 'sales', 'orders'), 'orders'), join(evilDir, 'orders'));
    await assert.rejects(
      rewritePort({
        meshRoot: mesh.root,
        env: {},
        product: { domainFolder: 'evil', productFolder: 'p' },
        port: 'orders',
        contract: undefined,
        change: {
          action: 'delete',
          match: [{ kind: 'before', column: 'order_date', cutoff: '2030-01-01' }],
        },
      }),
      /outside the product's folder/,
    );
    assert.deepEqual(snapshotsOf(mesh.root), before);
  });

  it('a build refuses an output port named ../…, and writes nothing outside its product', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    const path = join(mesh.root, 'domains/sales/orders/product.odps.yaml');
    const product = parse(readFileSync(path, 'utf8')) as { outputPorts: { name: string }[] };
    const port = '../../marketing/segments/stolen';
    product.outputPorts.find((p) => p.name === 'orders')!.name = port;
    mesh.write('domains/sales/orders/product.odps.yaml', stringify(product));
    const transform = join(mesh.root, 'domains/sales/orders/transform.sql');
    mesh.write(
      'domains/sales/orders/transform.sql',
      readFileSync(transform, 'utf8').replace('-- port: orders', `-- port: ${port}`),
    );
    // `meshwork build` validates first: the port name is an error finding there.
    const report = await buildOrders(mesh, parser);
    assert.equal(report.status, 'error');
    assert.deepEqual(
      report.findings.map((f) => `${f.code} ${f.path}`),
      ['unsafe-port-name $.outputPorts[0].name'],
    );
    // And the product's build refuses the name itself, should it be called without that.
    const model = await readModel(mesh.root);
    const planned = planBuild(model).products.find((p) => p.key === 'sales/orders')!;
    const result = await buildProduct(planned, {
      meshRoot: mesh.root,
      env: {},
      keep: 3,
      test: () => Promise.resolve({ status: 'passed', checks: [] }),
    });
    assert.equal(result.status, 'error');
    assert.match(result.message ?? '', /cannot name a folder of the warehouse/);
    assert.equal(
      existsSync(join(mesh.root, '.meshwork/warehouse/marketing/segments/stolen')),
      false,
    );
    assert.equal(existsSync(join(mesh.root, '.meshwork/warehouse/sales')), false);
  });
});
