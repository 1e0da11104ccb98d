import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.ts';
import { commitAll, createTestMesh } from './support.ts';

interface JsonReport {
  readonly status: string;
  readonly products: readonly { product: string; status: string }[];
}

async function buildChanged(root: string, ref: string): Promise<JsonReport> {
  const run = await cli(
    ['build', '--mesh', root, '--changed-since', ref, '--format', 'json'],
    root,
  );
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return JSON.parse(run.stdout) as JsonReport;
}

const built = (report: JsonReport): string[] => report.products.map((p) => p.product).sort();

describe('meshwork build --changed-since', () => {
  it('builds what a change touched and everything downstream of it', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    mesh.write('.gitignore', '.meshwork/\n');
    const base = commitAll(mesh.root, 'initial mesh');
    const all = await cli(['build', '--mesh', mesh.root], mesh.root);
    assert.equal(all.code, 0, all.stdout + all.stderr);

    assert.deepEqual(built(await buildChanged(mesh.root, base)), []);

    // An uncommitted edit of a leaf product's transform: that product only.
    mesh.write(
      'domains/sales/revenue/transform.sql',
      '-- port: daily\nSELECT order_date, sum(amount) AS revenue FROM orders GROUP BY 1\n',
    );
    assert.deepEqual(built(await buildChanged(mesh.root, base)), ['sales/revenue']);

    // A committed change to the source contract reaches its reader and all downstream.
    commitAll(mesh.root, 'revenue');
    mesh.write(
      'sources/shop/orders.odcs.yaml',
      readFileSync(join(mesh.root, 'sources/shop/orders.odcs.yaml'), 'utf8').replace(
        'version: 1.0.0',
        'version: 1.0.1',
      ),
    );
    const report = await buildChanged(mesh.root, 'HEAD');
    assert.deepEqual(built(report), ['marketing/segments', 'sales/orders', 'sales/revenue']);
    assert.equal(report.products[0]!.product, 'sales/orders');
  });

  it('names a ref git does not know as a usage error', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    commitAll(mesh.root, 'initial mesh');
    const run = await cli(
      ['build', '--mesh', mesh.root, '--changed-since', 'no-such-ref'],
      mesh.root,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /git cannot compare with "no-such-ref"/);
  });
});
