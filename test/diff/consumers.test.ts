import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Grant } from '../../src/core/access/model.ts';
import { consumersOf, grantConsumersOf } from '../../src/core/diff/index.ts';
import { buildMeshModel } from '../../src/core/mesh/mesh-model.ts';
import { contract, domain, meshFromFiles, organisation, product } from '../support/mesh-fixture.ts';

/**
 * sales/orders publishes `orders`; marketing/campaigns and finance/revenue read it;
 * finance/forecast reads revenue's output; hr/staff reads nothing of it.
 */
const mesh = meshFromFiles({
  'meshwork.yaml': organisation,
  'domains/sales/domain.yaml': domain('sales'),
  'domains/marketing/domain.yaml': domain('marketing'),
  'domains/finance/domain.yaml': domain('finance', ['finance-team', 'controlling']),
  'domains/hr/domain.yaml': domain('hr'),
  'domains/sales/orders/product.odps.yaml': product({
    id: 'orders',
    domain: 'sales',
    outputs: ['orders'],
  }),
  'domains/sales/orders/orders.odcs.yaml': contract('orders'),
  'domains/marketing/campaigns/product.odps.yaml': product({
    id: 'campaigns',
    domain: 'marketing',
    inputs: ['orders'],
  }),
  'domains/finance/revenue/product.odps.yaml': product({
    id: 'revenue',
    domain: 'finance',
    team: 'controlling',
    inputs: ['staff', 'orders'],
    outputs: ['revenue'],
  }),
  'domains/finance/revenue/revenue.odcs.yaml': contract('revenue'),
  'domains/finance/forecast/product.odps.yaml': product({
    id: 'forecast',
    domain: 'finance',
    inputs: ['revenue'],
  }),
  'domains/hr/staff/product.odps.yaml': product({ id: 'staff', domain: 'hr', outputs: ['staff'] }),
  'domains/hr/staff/staff.odcs.yaml': contract('staff'),
});

describe('consumers of a changed contract', () => {
  it('lists direct readers and everything downstream, with domain, team and port', () => {
    const model = buildMeshModel(mesh.documents);
    assert.deepEqual(consumersOf(model, 'orders'), [
      {
        product: 'campaigns',
        domain: 'marketing',
        team: 'marketing-team',
        contract: 'orders',
        port: 'in_0',
        distance: 1,
      },
      {
        product: 'revenue',
        domain: 'finance',
        team: 'controlling',
        contract: 'orders',
        port: 'in_1',
        distance: 1,
      },
      {
        product: 'forecast',
        domain: 'finance',
        team: 'finance-team',
        contract: 'orders',
        port: 'in_0',
        distance: 2,
      },
    ]);
  });

  it('names no one for a contract nobody reads', () => {
    const model = buildMeshModel(mesh.documents);
    assert.deepEqual(
      consumersOf(model, 'revenue').map((c) => c.product),
      ['forecast'],
    );
    assert.deepEqual(consumersOf(model, 'unknown'), []);
  });

  it('names the teams with an active grant on the product or downstream of it', () => {
    const model = buildMeshModel(mesh.documents);
    const grants = [
      grant('g-orders', 'orders', 'out_0', 'controlling', 'active'),
      grant('g-revenue', 'revenue', 'out_0', 'hr-team', 'active'),
      grant('g-gone', 'orders', 'out_0', 'marketing-team', 'revoked'),
      grant('g-staff', 'staff', 'out_0', 'sales-team', 'active'),
    ];
    assert.deepEqual(
      grantConsumersOf(model, 'orders', grants).map((c) => [c.grantId, c.team, c.distance]),
      [
        ['g-orders', 'controlling', 1],
        // revenue reads orders (distance 1), so its grantees are one step further.
        ['g-revenue', 'hr-team', 2],
      ],
    );
    assert.deepEqual(
      grantConsumersOf(model, 'staff', grants).map((c) => c.grantId),
      ['g-staff', 'g-revenue'],
    );
    assert.deepEqual(grantConsumersOf(model, 'unknown', grants), []);
  });
});

function grant(
  id: string,
  productId: string,
  port: string,
  consumerTeam: string,
  state: Grant['state'],
): Grant {
  return {
    id,
    requestId: `r-${id}`,
    productId,
    port,
    consumerTeam,
    consumerDomain: 'somewhere',
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state,
    startsAt: '2026-12-01T00:00:00Z',
    endsAt: '2027-03-01T00:00:00Z',
    certifiedAt: '2026-12-01T00:00:00Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
  };
}
