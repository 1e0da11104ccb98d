import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { rewritePort } from '../../src/app/privacy/port-rewrite.ts';
import { lockProduct, productDir } from '../../src/app/build/warehouse.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import {
  TEST_KEY,
  TEST_KEY_TEXT,
  buildOrders,
  contractById,
  createPrivacyMesh,
  readModel,
  subjectHash,
} from './retention-support.ts';

let parser: DuckDbSqlParser;
before(async () => {
  parser = await createDuckDbSqlParser();
});
after(() => parser.close());

const product = { domainFolder: 'sales', productFolder: 'orders' };

async function rows(file: string): Promise<Record<string, unknown>[]> {
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

function portFile(root: string, port: string, object: string): string {
  return join(productDir(root, 'sales', 'orders'), port, 'current', `${object}.parquet`);
}

function snapshotsOf(root: string, port: string): string[] {
  return readdirSync(join(productDir(root, 'sales', 'orders'), port)).filter((n) =>
    /^\d{8}T/.test(n),
  );
}

describe('rewritePort (DuckDB snapshots)', () => {
  it('deletes the rows of a subject into a new snapshot, keeps no older one, and is harmless twice', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    for (let i = 0; i < 2; i++)
      assert.equal((await buildOrders(mesh, parser)).products[0]!.status, 'published');
    assert.equal(snapshotsOf(mesh.root, 'customers').length, 2);
    const model = await readModel(mesh.root);
    const before = realpathSync(portFile(mesh.root, 'customers', 'customers'));
    const request = {
      meshRoot: mesh.root,
      env: {},
      product,
      port: 'customers',
      contract: contractById(model, 'sales-customers'),
      change: {
        action: 'delete' as const,
        // Stored normalised: the data's "Anna@Example.com" is found by "anna@example.com".
        match: [
          {
            kind: 'subject-hash' as const,
            column: 'email',
            // Among thousands of others (more than one insert's chunk): one hash join.
            hashes: [
              ...Array.from({ length: 2500 }, (_, i) => subjectHash(`other${i}@example.com`)),
              subjectHash(' ANNA@example.com'),
            ],
          },
        ],
        key: TEST_KEY,
      },
    };
    const result = await rewritePort(request);
    assert.equal(result.status, 'rewritten');
    assert.equal(result.rows, 3);
    assert.equal(result.matched, 1);
    assert.deepEqual(
      result.targets.map((t) => [t.kind, t.rows, t.removed, t.changed, t.status]),
      [['snapshot', 3, 1, 0, 'rewritten']],
    );
    const after = realpathSync(portFile(mesh.root, 'customers', 'customers'));
    assert.notEqual(after, before, 'a new snapshot is served');
    assert.deepEqual(snapshotsOf(mesh.root, 'customers'), [result.snapshot]);
    assert.deepEqual(
      (await rows(after)).map((r) => r.customer_id),
      ['11', '12'],
    );

    const again = await rewritePort(request);
    assert.equal(again.status, 'unchanged');
    assert.equal(again.matched, 0);
    assert.equal(realpathSync(portFile(mesh.root, 'customers', 'customers')), after);
  });

  it('pseudonymises the personal columns of the matching rows, the subject key with them', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const model = await readModel(mesh.root);
    const request = {
      meshRoot: mesh.root,
      env: {},
      product,
      port: 'customers',
      contract: contractById(model, 'sales-customers'),
      change: {
        action: 'pseudonymise' as const,
        match: [
          { kind: 'subject-hash' as const, column: 'customer_id', hashes: [subjectHash('12')] },
        ],
        columns: ['email', 'name', 'signed_up'],
        key: TEST_KEY,
      },
    };
    const result = await rewritePort(request);
    assert.equal(result.matched, 1);
    assert.deepEqual(result.targets[0]!.changed, 1);
    const data = await rows(portFile(mesh.root, 'customers', 'customers'));
    const pseudonym = (text: string): string =>
      createHmac('sha256', TEST_KEY_TEXT).update(text).digest('hex');
    assert.deepEqual(data[0], {
      customer_id: '10',
      email: 'Anna@Example.com',
      name: 'Anna Muster',
      signed_up: '2019-03-01',
    });
    // Integer and date columns cannot hold a pseudonym: they become NULL.
    assert.deepEqual(data[2], {
      customer_id: null,
      email: pseudonym(' carla@example.com '),
      name: pseudonym('Carla Probe'),
      signed_up: null,
    });
    assert.equal((await rewritePort(request)).status, 'unchanged', 'twice is harmless');
  });

  it('counts rows before a cutoff in a dry run without writing, and deletes them when applied', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const model = await readModel(mesh.root);
    const before = realpathSync(portFile(mesh.root, 'orders', 'orders'));
    const request = {
      meshRoot: mesh.root,
      env: {},
      product,
      port: 'orders',
      contract: contractById(model, 'sales-orders'),
      change: {
        action: 'delete' as const,
        match: [{ kind: 'before' as const, column: 'order_date', cutoff: '2020-01-01T00:00:00Z' }],
        key: TEST_KEY,
      },
    };
    const dry = await rewritePort({ ...request, dryRun: true });
    assert.deepEqual([dry.status, dry.rows, dry.matched], ['dry-run', 4, 1]);
    assert.equal(realpathSync(portFile(mesh.root, 'orders', 'orders')), before);
    const applied = await rewritePort(request);
    assert.deepEqual([applied.status, applied.matched], ['rewritten', 1]);
    assert.deepEqual(
      (await rows(portFile(mesh.root, 'orders', 'orders'))).map((r) => r.order_id),
      ['2', '3', '4'],
    );
  });

  it('refuses a column the snapshot does not have and leaves the port as it was', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const before = realpathSync(portFile(mesh.root, 'orders', 'orders'));
    await assert.rejects(
      rewritePort({
        meshRoot: mesh.root,
        env: {},
        product,
        port: 'orders',
        contract: undefined,
        change: {
          action: 'delete',
          match: [{ kind: 'subject-hash', column: 'x"; DROP', hashes: [subjectHash('a')] }],
          key: TEST_KEY,
        },
      }),
      /has no column "x"; DROP"; nothing was changed/,
    );
    assert.equal(realpathSync(portFile(mesh.root, 'orders', 'orders')), before);
    assert.deepEqual(
      readdirSync(join(productDir(mesh.root, 'sales', 'orders'), 'orders')).filter((n) =>
        n.startsWith('.tmp'),
      ),
      [],
    );
  });

  it('refuses a malformed hash and does not race a running build', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const base = {
      meshRoot: mesh.root,
      env: {},
      product,
      port: 'customers',
      contract: undefined,
    };
    await assert.rejects(
      rewritePort({
        ...base,
        change: {
          action: 'delete',
          match: [{ kind: 'subject-hash', column: 'email', hashes: ["' OR true --"] }],
          key: TEST_KEY,
        },
      }),
      /not 64 lower-case hex digits/,
    );
    // A lock held by a live process other than this one (the test runner's parent).
    const dir = productDir(mesh.root, 'sales', 'orders');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, '.lock'), String(process.ppid));
    await assert.rejects(
      rewritePort({
        ...base,
        change: { action: 'delete', match: [], key: TEST_KEY },
      }),
      /being built by process/,
    );
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, '.lock'));
    const unlock = await lockProduct(dir);
    await unlock();
  });

  it('says a port that was never built has nothing to rewrite', async (t) => {
    const mesh = createPrivacyMesh();
    t.after(() => mesh.remove());
    const result = await rewritePort({
      meshRoot: mesh.root,
      env: {},
      product,
      port: 'customers',
      contract: undefined,
      change: { action: 'delete', match: [], key: TEST_KEY },
    });
    assert.equal(result.status, 'not-built');
  });
});
