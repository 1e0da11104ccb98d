import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withStore } from '../../src/app/store/open-store.ts';
import { cli } from '../support/cli.ts';
import { createTestMesh } from './support.ts';
import type { TestMesh } from './support.ts';

/** A mesh policy of severity error that the revenue product (alone) violates. */
function plantPolicyError(mesh: TestMesh): void {
  mesh.write('policies/no-revenue.policy.yaml', {
    apiVersion: 'meshwork/v1',
    kind: 'Policy',
    id: 'revenue-on-hold',
    title: 'Revenue is on hold',
    description: 'Planted for the test.',
    severity: 'error',
    appliesTo: 'dataProduct',
    rule: "product.id != 'sales-revenue-product'",
    hint: 'Wait.',
  });
}

const revenueCurrent = (mesh: TestMesh): string =>
  join(mesh.root, '.meshwork', 'warehouse', 'sales', 'revenue', 'daily', 'current');

describe('meshwork build enforces error-level policies', () => {
  it('does not publish a product with an error-level policy finding', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    plantPolicyError(mesh);
    const run = await cli(['build', '--mesh', mesh.root, '--format', 'json'], mesh.root, {
      env: {},
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as {
      products: { product: string; status: string; message?: string }[];
      policy: { errors: { policy: string }[]; blocked: string[]; forced: string[] };
    };
    assert.deepEqual(report.policy.blocked, ['sales/revenue']);
    assert.deepEqual(report.policy.forced, []);
    assert.deepEqual(
      report.policy.errors.map((f) => f.policy),
      ['revenue-on-hold'],
    );
    const revenue = report.products.find((p) => p.product === 'sales/revenue');
    assert.equal(revenue?.status, 'skipped');
    assert.match(revenue?.message ?? '', /error-level policy finding \(revenue-on-hold\).*--force/);
    // The others are published; revenue has no snapshot.
    assert.equal(report.products.find((p) => p.product === 'sales/orders')?.status, 'published');
    assert.equal(existsSync(revenueCurrent(mesh)), false);
    const audit = await withStore({ meshRoot: mesh.root, env: {} }, (store) =>
      store.audit.list({ action: 'build.forced' }),
    );
    assert.equal(audit.items.length, 0);
  });

  it('publishes it with --force, says so, and records build.forced', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    plantPolicyError(mesh);
    const run = await cli(['build', '--mesh', mesh.root, '--force'], mesh.root, {
      env: { USER: 'pia' },
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /forced: published despite error-level policy findings: sales\/revenue/,
    );
    assert.equal(existsSync(revenueCurrent(mesh)), true);
    const audit = await withStore({ meshRoot: mesh.root, env: {} }, (store) =>
      store.audit.list({ action: 'build.forced' }),
    );
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0]!.actor, 'pia');
    assert.equal(audit.items[0]!.details.products, 'sales/revenue');
    assert.equal(audit.items[0]!.details.published, 'sales/revenue');
    assert.equal(audit.items[0]!.details.policies, 'revenue-on-hold');
  });
});
