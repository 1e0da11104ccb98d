import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/core/findings/finding.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import { checkReferences } from '../../src/core/mesh/references.ts';
import { checkLayout } from '../../src/core/mesh/layout-checks.ts';
import { contract, domain, meshFromFiles, organisation, product } from '../support/mesh-fixture.ts';

function references(files: Record<string, unknown>): Finding[] {
  return checkReferences(buildMeshModel(meshFromFiles(files).documents));
}

const codes = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.code}@${f.file}:${f.path}`).sort();

const base = {
  'meshwork.yaml': organisation,
  'domains/sales/domain.yaml': domain('sales'),
  'domains/marketing/domain.yaml': domain('marketing', ['marketing-team', 'growth-team']),
  'sources/shop/orders.odcs.yaml': contract('shop-orders'),
  'domains/sales/orders/product.odps.yaml': product({
    id: 'sales-orders',
    domain: 'sales',
    inputs: ['shop-orders'],
    outputs: ['sales-orders-v1'],
  }),
  'domains/sales/orders/orders.odcs.yaml': contract('sales-orders-v1'),
  'domains/marketing/c360/product.odps.yaml': product({
    id: 'c360',
    domain: 'marketing',
    team: 'growth-team',
    inputs: ['sales-orders-v1'],
    outputs: ['c360-v1'],
  }),
  'domains/marketing/c360/c360.odcs.yaml': contract('c360-v1'),
};

describe('referential checks', () => {
  it('accept a consistent mesh, including a product owned by a further team of its domain', () => {
    assert.deepEqual(references(base), []);
    assert.deepEqual(checkLayout(meshFromFiles(base).documents, meshFromFiles(base).folders), []);
  });

  it('report an unknown domain with a suggestion, and a domain that differs from the folder', () => {
    const found = references({
      ...base,
      'domains/sales/orders/product.odps.yaml': product({
        id: 'sales-orders',
        domain: 'sale',
        team: 'sales-team',
        inputs: ['shop-orders'],
        outputs: ['sales-orders-v1'],
      }),
      'domains/marketing/c360/product.odps.yaml': product({
        id: 'c360',
        domain: 'sales',
        team: 'growth-team',
        inputs: ['sales-orders-v1'],
        outputs: ['c360-v1'],
      }),
    });
    assert.deepEqual(codes(found), [
      'product-domain-mismatch@domains/marketing/c360/product.odps.yaml:$.domain',
      'unknown-domain@domains/sales/orders/product.odps.yaml:$.domain',
    ]);
    const unknown = found.find((f) => f.code === 'unknown-domain')!;
    assert.equal(unknown.hint, 'Did you mean "sales"?');
    assert.equal(unknown.line, 5);
  });

  it('report duplicate ids across products and contracts at the later file', () => {
    const found = references({
      ...base,
      'sources/shop/orders-copy.odcs.yaml': contract('shop-orders'),
    });
    assert.deepEqual(codes(found), ['duplicate-id@sources/shop/orders.odcs.yaml:$.id']);
  });

  it('report a product id two folders declare, and a product without id named like another id', () => {
    const copy = product({ id: 'sales-orders', domain: 'marketing', outputs: ['copy-v1'] });
    const found = references({
      ...base,
      'domains/marketing/copy/product.odps.yaml': copy,
      'domains/marketing/copy/copy.odcs.yaml': contract('copy-v1'),
    });
    assert.deepEqual(codes(found), ['duplicate-id@domains/sales/orders/product.odps.yaml:$.id']);
    // Known by its folder (the catalog's and access's key), it takes c360's id.
    const { id: _id, ...idless } = copy as { id: string };
    const byFolder = references({
      ...base,
      'domains/sales/c360/product.odps.yaml': { ...idless, domain: 'sales' },
      'domains/sales/c360/copy.odcs.yaml': contract('copy-v1'),
    });
    assert.ok(
      codes(byFolder).some((c) =>
        c.startsWith('duplicate-id@domains/sales/c360/product.odps.yaml'),
      ),
      codes(byFolder).join('\n'),
    );
  });

  it('report an output port name a product declares twice', () => {
    const twice = product({
      id: 'sales-orders',
      domain: 'sales',
      inputs: ['shop-orders'],
      outputs: ['sales-orders-v1'],
    }) as { outputPorts: { name: string }[] };
    twice.outputPorts.push({ ...twice.outputPorts[0]! });
    const found = references({ ...base, 'domains/sales/orders/product.odps.yaml': twice });
    assert.ok(
      codes(found).includes(
        'duplicate-port@domains/sales/orders/product.odps.yaml:$.outputPorts[1].name',
      ),
      codes(found).join('\n'),
    );
  });

  it('report unresolved contract ids with the closest existing id', () => {
    const found = references({
      ...base,
      'domains/marketing/c360/product.odps.yaml': product({
        id: 'c360',
        domain: 'marketing',
        team: 'growth-team',
        inputs: ['sales-order-v1'],
        outputs: ['c360-v1'],
      }),
    });
    assert.deepEqual(codes(found), [
      'unknown-contract@domains/marketing/c360/product.odps.yaml:$.inputPorts[0].contractId',
    ]);
    assert.equal(found[0]!.hint, 'Did you mean "sales-orders-v1"?');
  });

  it("report an output port that uses another product's contract or a source contract", () => {
    const found = references({
      ...base,
      'domains/marketing/c360/product.odps.yaml': product({
        id: 'c360',
        domain: 'marketing',
        team: 'growth-team',
        outputs: ['c360-v1', 'sales-orders-v1', 'shop-orders'],
      }),
    });
    assert.deepEqual(codes(found), [
      'contract-output-of-two-products@domains/marketing/c360/product.odps.yaml:$.outputPorts[1].contractId',
      'output-contract-elsewhere@domains/marketing/c360/product.odps.yaml:$.outputPorts[2].contractId',
    ]);
    assert.match(
      found.find((f) => f.code === 'contract-output-of-two-products')!.message,
      /output of product "sales-orders"/,
    );
  });

  it('find a lineage cycle across domains and name its products in order', () => {
    const found = references({
      ...base,
      'domains/sales/orders/product.odps.yaml': product({
        id: 'sales-orders',
        domain: 'sales',
        inputs: ['shop-orders', 'c360-v1'],
        outputs: ['sales-orders-v1'],
      }),
    });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.code, 'lineage-cycle');
    assert.match(
      found[0]!.message,
      /(sales-orders → c360 → sales-orders|c360 → sales-orders → c360)/,
    );
  });

  it('find a product that reads its own output', () => {
    const found = references({
      ...base,
      'domains/sales/orders/product.odps.yaml': product({
        id: 'sales-orders',
        domain: 'sales',
        inputs: ['sales-orders-v1'],
        outputs: ['sales-orders-v1'],
      }),
    });
    assert.deepEqual(codes(found), [
      'lineage-cycle@domains/sales/orders/product.odps.yaml:$.inputPorts[0].contractId',
    ]);
  });

  it('flag active readers of retired contracts as errors and of deprecated ones as warnings', () => {
    const found = references({
      ...base,
      'sources/shop/orders.odcs.yaml': contract('shop-orders', 'retired'),
      'domains/sales/orders/orders.odcs.yaml': contract('sales-orders-v1', 'deprecated'),
    });
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.file]).sort(), [
      ['reads-deprecated-contract', 'warning', 'domains/marketing/c360/product.odps.yaml'],
      ['reads-retired-contract', 'error', 'domains/sales/orders/product.odps.yaml'],
    ]);
  });

  it('leave draft products reading retired contracts alone', () => {
    const found = references({
      ...base,
      'sources/shop/orders.odcs.yaml': contract('shop-orders', 'retired'),
      'domains/sales/orders/product.odps.yaml': product({
        id: 'sales-orders',
        domain: 'sales',
        status: 'draft',
        inputs: ['shop-orders'],
        outputs: ['sales-orders-v1'],
      }),
    });
    assert.deepEqual(found, []);
  });

  it('require the product team to be one of its domain teams', () => {
    const found = references({
      ...base,
      'domains/sales/orders/product.odps.yaml': product({
        id: 'sales-orders',
        domain: 'sales',
        team: 'growth-team',
        inputs: ['shop-orders'],
        outputs: ['sales-orders-v1'],
      }),
    });
    assert.deepEqual(codes(found), [
      'team-not-in-domain@domains/sales/orders/product.odps.yaml:$.team.name',
    ]);
    assert.match(found[0]!.message, /its teams: sales-team/);
  });

  it('warn about contracts in a product folder that no output port uses', () => {
    const found = references({
      ...base,
      'domains/sales/orders/extra.odcs.yaml': contract('sales-extra'),
    });
    assert.deepEqual(codes(found), ['orphan-contract@domains/sales/orders/extra.odcs.yaml:$.id']);
    assert.equal(found[0]!.severity, 'warning');
  });
});

describe('layout checks', () => {
  it('report a missing meshwork.yaml, domain.yaml and product.odps.yaml, and misplaced contracts', () => {
    const { 'meshwork.yaml': _omit, 'domains/sales/domain.yaml': _omit2, ...rest } = base;
    const mesh = meshFromFiles({
      ...rest,
      'domains/sales/loose/x.odcs.yaml': contract('x'),
      'contract.odcs.yaml': contract('y'),
    });
    const found = checkLayout(mesh.documents, mesh.folders);
    assert.deepEqual(found.map((f) => `${f.code}@${f.file}`).sort(), [
      'misplaced-file@contract.odcs.yaml',
      'missing-domain-file@domains/sales/domain.yaml',
      'missing-mesh-file@meshwork.yaml',
      'missing-product-file@domains/sales/loose/product.odps.yaml',
    ]);
  });

  it('do not call a contract unknown when its file did not parse: info, not unknown-contract', () => {
    const broken = 'apiVersion: v3.1.0\nkind: DataContract\nid: sales-orders-v1\nname: "Orders\n';
    const found = references({ ...base, 'domains/sales/orders/orders.odcs.yaml': broken });
    assert.deepEqual(codes(found), [
      'reference-unchecked@domains/marketing/c360/product.odps.yaml:$.inputPorts[0].contractId',
      'reference-unchecked@domains/sales/orders/product.odps.yaml:$.outputPorts[0].contractId',
    ]);
    assert.ok(found.every((f) => f.severity === 'info'));
    assert.match(found[0]!.message, /domains\/sales\/orders\/orders\.odcs\.yaml/);
  });

  it('still report a typo as unknown-contract although an unrelated file did not parse', () => {
    const found = references({
      ...base,
      'domains/marketing/c360/c360.odcs.yaml': 'id: c360-v1\nname: "broken\n',
      'domains/marketing/c360/product.odps.yaml': product({
        id: 'c360',
        domain: 'marketing',
        team: 'growth-team',
        inputs: ['sales-order-v1'],
        outputs: ['c360-v1'],
      }),
    });
    assert.deepEqual(codes(found), [
      'reference-unchecked@domains/marketing/c360/product.odps.yaml:$.outputPorts[0].contractId',
      'unknown-contract@domains/marketing/c360/product.odps.yaml:$.inputPorts[0].contractId',
    ]);
  });

  it('report no orphan contract, unpublished input or foreign team when the product or domain file did not parse', () => {
    const found = references({
      ...base,
      'domains/sales/orders/product.odps.yaml': 'id: sales-orders\nname: "broken\n',
      'domains/marketing/domain.yaml': 'name: marketing\nteam: { name: "broken }\n',
    });
    assert.deepEqual(codes(found), []);
  });
});
