import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyResult } from '../../src/core/governance/index.ts';
import { buildScorecard } from '../../src/core/governance/index.ts';

function result(
  policy: string,
  product: string | undefined,
  passed: boolean,
  severity: PolicyResult['severity'] = 'error',
  domain: string | null = 'sales',
): PolicyResult {
  // null, not undefined: an explicit undefined would take the default.
  return { policy, severity, appliesTo: 'property', domain: domain ?? undefined, product, passed };
}

describe('scorecards', () => {
  it('count a policy once per product, passed only when all its targets pass', () => {
    const card = buildScorecard(
      [
        result('described', 'orders', true, 'warning'),
        result('described', 'orders', false, 'warning'),
        result('described', 'orders', true, 'warning'),
        result('classified', 'orders', true),
        result('classified', 'returns', true),
        result('described', 'returns', true, 'warning'),
        result('domain-level', undefined, false, 'info'),
        result('mesh-level', undefined, true, 'info', null),
      ],
      new Date('2026-01-02T03:04:05Z'),
    );
    assert.equal(card.at, '2026-01-02T03:04:05.000Z');
    const orders = card.products.find((p) => p.name === 'orders')!;
    assert.deepEqual(orders.bySeverity, {
      error: { passed: 1, total: 1 },
      warning: { passed: 0, total: 1 },
      info: { passed: 0, total: 0 },
    });
    assert.equal(orders.share, 0.5);
    assert.equal(card.products.find((p) => p.name === 'returns')!.share, 1);
    const sales = card.domains[0]!;
    assert.equal(sales.name, 'sales');
    assert.deepEqual([sales.passed, sales.total], [1, 3]);
    assert.deepEqual([card.mesh.passed, card.mesh.total], [2, 4]);
  });

  it('count an adapted policy at the stricter severity on the mesh line', () => {
    const card = buildScorecard(
      [
        result('fresh', 'orders', true, 'warning', 'marketing'),
        result('fresh', 'invoices', false, 'error', 'finance'),
      ],
      new Date(),
    );
    assert.deepEqual(card.mesh.bySeverity.error, { passed: 0, total: 1 });
    assert.deepEqual(card.mesh.bySeverity.warning, { passed: 0, total: 0 });
    assert.deepEqual(
      card.domains.map((d) => `${d.name} ${d.share}`),
      ['finance 0', 'marketing 1'],
    );
  });

  it('give a share of 1 where no policy applies', () => {
    const card = buildScorecard([], new Date());
    assert.equal(card.mesh.share, 1);
    assert.deepEqual(card.domains, []);
  });
});
