import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import { productDir } from '../../src/app/build/warehouse.ts';
import { rewritePort } from '../../src/app/privacy/port-rewrite.ts';
import type { ErasureMode } from '../../src/core/privacy/dsr-model.ts';
import { createBuildSuppression } from '../../src/app/privacy/build-suppression.ts';
import { SubjectHashKey } from '../../src/app/privacy/subject-hash.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { withStore, workspaceStore } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import {
  TEST_KEY,
  TEST_KEY_TEXT,
  buildOrders,
  contractById,
  createPrivacyMesh,
  readModel,
  subjectHash,
} from './retention-support.ts';

const env = { MESHWORK_SUBJECT_KEY: TEST_KEY_TEXT };

async function portRows(root: string, port: string): Promise<Record<string, unknown>[]> {
  const file = join(productDir(root, 'sales', 'orders'), port, 'current', `${port}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${file.replaceAll("'", "''")}') ORDER BY 1`,
    );
    return reader.getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function suppress(
  root: string,
  entries: readonly { kind: string; value: string; mode: ErasureMode }[],
): Promise<void> {
  await withStore({ meshRoot: root, env }, async (store) => {
    for (const [index, entry] of entries.entries())
      await store.suppressions.add({
        id: `s-${entry.kind}-${index}`,
        kind: entry.kind,
        subjectHash: subjectHash(entry.value),
        mode: entry.mode,
        keyFingerprint: TEST_KEY.fingerprint(),
        requestId: 'req-1',
        createdAt: new Date().toISOString(),
      });
  });
}

async function build(root: string): Promise<BuildReport> {
  const run = await cli(['build', '--mesh', root, 'sales/orders', '--format', 'json'], root, {
    env,
  });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return JSON.parse(run.stdout) as BuildReport;
}

function suppressedOf(report: BuildReport, port: string): unknown {
  const product = report.products[0]!;
  assert.ok(product.status === 'published');
  return product.ports.find((p) => p.port === port)?.suppressed;
}

describe('a build after an erasure (suppressions applied at build time)', () => {
  it('does not bring an erased person back while the source still holds them', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await build(mesh.root);
    assert.deepEqual(
      (await portRows(mesh.root, 'customers')).map((r) => r.customer_id),
      ['10', '11', '12'],
    );

    // What `meshwork dsr erase --mode delete` does: the ports rewritten, a suppression per
    // identifier kind found (Anna by e-mail, and by the customer id that e-mail led to).
    const model = await readModel(mesh.root);
    for (const [port, column, value] of [
      ['customers', 'email', 'anna@example.com'],
      ['orders', 'customer_id', '10'],
    ] as const) {
      const erased = await rewritePort({
        meshRoot: mesh.root,
        env,
        product: { domainFolder: 'sales', productFolder: 'orders' },
        port,
        contract: contractById(model, `sales-${port}`),
        change: {
          action: 'delete',
          match: [{ kind: 'subject-hash', column, hashes: [subjectHash(value)] }],
          key: TEST_KEY,
        },
      });
      assert.equal(erased.status, 'rewritten');
    }
    await suppress(mesh.root, [
      { kind: 'email', value: 'anna@example.com', mode: 'delete' },
      { kind: 'customer-id', value: '10', mode: 'delete' },
    ]);

    // The source still holds Anna; the next build reads her and must not publish her.
    assert.match(readFileSync(join(mesh.root, 'data/customers.csv'), 'utf8'), /Anna@Example\.com/);
    const report = await build(mesh.root);
    assert.deepEqual(suppressedOf(report, 'customers'), { deleted: 1, pseudonymised: 0 });
    assert.deepEqual(suppressedOf(report, 'orders'), { deleted: 2, pseudonymised: 0 });
    const product = report.products[0]!;
    assert.ok(product.status === 'published');
    assert.equal(product.ports.find((p) => p.port === 'customers')!.rows, 2);
    const customers = await portRows(mesh.root, 'customers');
    assert.deepEqual(
      customers.map((r) => r.customer_id),
      ['11', '12'],
    );
    assert.ok(!JSON.stringify(customers).toLowerCase().includes('anna'));
    assert.deepEqual(
      (await portRows(mesh.root, 'orders')).map((r) => r.order_id),
      ['3', '4'],
    );

    // The text report says what was kept out, never who.
    const text = await cli(['build', '--mesh', mesh.root, 'sales/orders'], mesh.root, { env });
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /erased people kept out: 1 rows dropped, 0 pseudonymised/);
    assert.doesNotMatch(text.stdout, /anna/i);
  });

  it('pseudonymises the personal and confidential columns of a person erased by pseudonymisation', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await suppress(mesh.root, [{ kind: 'email', value: ' BEN@example.com', mode: 'pseudonymise' }]);
    const report = await build(mesh.root);
    assert.deepEqual(suppressedOf(report, 'customers'), { deleted: 0, pseudonymised: 1 });
    // orders has no key of that kind: nothing there to pseudonymise.
    assert.deepEqual(suppressedOf(report, 'orders'), { deleted: 0, pseudonymised: 0 });
    const pseudonym = (text: string): string =>
      createHmac('sha256', TEST_KEY_TEXT).update(text).digest('hex');
    const rows = await portRows(mesh.root, 'customers');
    assert.deepEqual(
      rows.map((r) => r.customer_id),
      ['10', '12', null],
    );
    // Values Meshwork hides: email (personal by its name, a subject key), name (only
    // classified restricted: confidential, not declared personal — still never left in
    // clear), customer_id (a subject key, an integer: no room for a pseudonym, so NULL);
    // signed_up is none of these and stays.
    assert.deepEqual(rows[2], {
      customer_id: null,
      email: pseudonym('ben@example.com'),
      name: pseudonym('Ben Beispiel'),
      signed_up: '2026-01-02',
    });
  });

  it('fails the product when the key in use is not the one the suppressions were made with, and says which key is expected', async (t) => {
    // Issue 11 (M3): another key matches none of the suppressions; before the fingerprint
    // the build published Anna again and reported "0 rows suppressed".
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await build(mesh.root);
    await suppress(mesh.root, [{ kind: 'email', value: 'anna@example.com', mode: 'delete' }]);
    const otherKey = 'another-key-of-at-least-32-characters-xxxx';
    const run = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      { env: { MESHWORK_SUBJECT_KEY: otherKey } },
    );
    assert.notEqual(run.code, 0, 'the build fails');
    const report = JSON.parse(run.stdout) as BuildReport;
    const product = report.products[0]!;
    assert.equal(product.status, 'error', JSON.stringify(product));
    const message = JSON.stringify(product);
    assert.ok(message.includes(TEST_KEY.fingerprint()), `names the expected key: ${message}`);
    assert.ok(
      message.includes(new SubjectHashKey(otherKey).fingerprint()),
      `names the key in use: ${message}`,
    );
    assert.ok(message.includes('MESHWORK_SUBJECT_KEY'), 'says how to set the key');
    assert.ok(!message.includes(otherKey) && !message.includes(TEST_KEY_TEXT), 'no key in clear');
    // The snapshot of the first build stays: nothing with Anna (or anything else) was published.
    assert.equal((await portRows(mesh.root, 'customers')).length, 3);
    const again = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      {
        env,
      },
    );
    assert.equal(again.code, 0, 'the right key builds: ' + again.stdout + again.stderr);
    assert.deepEqual(suppressedOf(JSON.parse(again.stdout) as BuildReport, 'customers'), {
      deleted: 1,
      pseudonymised: 0,
    });
  });

  it('refuses the derived key of another checkout the same way (the embedded default, no setup)', async (t) => {
    // Suppressions made on a machine whose key was derived; another checkout derives its own.
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await suppress(mesh.root, [{ kind: 'email', value: 'anna@example.com', mode: 'delete' }]);
    const run = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      { env: { MESHWORK_SUBJECT_KEY: '' } },
    );
    assert.notEqual(run.code, 0);
    const message = JSON.stringify((JSON.parse(run.stdout) as BuildReport).products[0]);
    assert.match(message, /derived from the workspace's pseudonym key/);
    assert.ok(message.includes(TEST_KEY.fingerprint()));
  });

  it('reads the suppressions for each port, so one stored while the build runs is applied to the ports after', async (t) => {
    const mesh = createPrivacyMesh();
    const parser = await createDuckDbSqlParser();
    t.after(() => {
      parser.close();
      mesh.remove();
    });
    // The orders port is written (and suppressed) first; the erasure lands before customers.
    const report = await buildOrders(mesh, parser, env, {
      suppression: createBuildSuppression({
        store: workspaceStore({ meshRoot: mesh.root, env }),
        key: () => Promise.resolve(TEST_KEY),
      }),
      afterFileWritten: async (path) => {
        if (path.endsWith('customers.parquet'))
          await suppress(mesh.root, [{ kind: 'email', value: 'anna@example.com', mode: 'delete' }]);
      },
    });
    assert.deepEqual(suppressedOf(report, 'customers'), { deleted: 1, pseudonymised: 0 });
    assert.ok(!JSON.stringify(await portRows(mesh.root, 'customers')).includes('Anna'));
  });
});
