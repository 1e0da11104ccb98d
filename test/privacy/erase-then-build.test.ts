import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import { productDir } from '../../src/app/build/warehouse.ts';
import { cli } from '../support/cli.ts';
import { TEST_KEY_TEXT, createPrivacyMesh } from './retention-support.ts';

/**
 * The test that matters most for issue 11's "a later build does not bring them back": the
 * real `meshwork dsr erase`, then the real `meshwork build` reading a source that still
 * holds the person.
 */
const env = { MESHWORK_SUBJECT_KEY: TEST_KEY_TEXT };

async function portText(root: string, port: string): Promise<string> {
  const file = join(productDir(root, 'sales', 'orders'), port, 'current', `${port}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${file.replaceAll("'", "''")}') ORDER BY 1`,
    );
    return JSON.stringify(reader.getRowObjectsJson());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function build(root: string): Promise<BuildReport> {
  const run = await cli(['build', '--mesh', root, 'sales/orders', '--format', 'json'], root, {
    env,
  });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return JSON.parse(run.stdout) as BuildReport;
}

describe('dsr erase, then build', () => {
  for (const mode of ['delete', 'pseudonymise'] as const) {
    it(`a build after dsr erase --mode ${mode} does not bring the person back while the source still holds them`, async (t) => {
      const mesh = createPrivacyMesh();
      t.after(() => mesh.remove());
      await build(mesh.root);
      assert.match(await portText(mesh.root, 'customers'), /Anna@Example\.com/);
      assert.match(await portText(mesh.root, 'orders'), /"customer_id":"10"/);

      const erase = await cli(
        ['dsr', 'erase', '--subject', 'email=anna@example.com', '--mode', mode, mesh.root],
        mesh.root,
        { env },
      );
      assert.ok(erase.code === 0, erase.stdout + erase.stderr);
      const afterErase = await portText(mesh.root, 'customers');
      assert.doesNotMatch(afterErase, /anna/i);

      // The sources still hold Anna (their owners have a task); the build reads them.
      assert.match(readFileSync(join(mesh.root, 'data/customers.csv'), 'utf8'), /Anna@Example/);
      const report = await build(mesh.root);
      const product = report.products[0]!;
      assert.ok(product.status === 'published');
      const customers = product.ports.find((p) => p.port === 'customers')!;
      const orders = product.ports.find((p) => p.port === 'orders')!;
      if (mode === 'delete') {
        assert.deepEqual(customers.suppressed, { deleted: 1, pseudonymised: 0 });
        // Anna's orders are keyed by customer id only: found through the linked identifier.
        assert.deepEqual(orders.suppressed, { deleted: 2, pseudonymised: 0 });
        assert.doesNotMatch(await portText(mesh.root, 'orders'), /"customer_id":"10"/);
      } else {
        assert.deepEqual(customers.suppressed, { deleted: 0, pseudonymised: 1 });
        assert.deepEqual(orders.suppressed, { deleted: 0, pseudonymised: 2 });
      }
      const rebuilt = await portText(mesh.root, 'customers');
      assert.doesNotMatch(rebuilt, /anna/i);
      assert.doesNotMatch(rebuilt, /Muster/);
      assert.match(rebuilt, /ben@example\.com/, 'the others are still there');
    });
  }
});
