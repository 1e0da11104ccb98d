import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { productDir } from '../../src/app/build/warehouse.ts';
import type { RetentionReport } from '../../src/app/privacy/retention.ts';
import { createDuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import type { DuckDbSqlParser } from '../../src/engines/duckdb/index.ts';
import { withStore } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import { buildOrders, createPrivacyMesh } from './retention-support.ts';

let parser: DuckDbSqlParser;
before(async () => {
  parser = await createDuckDbSqlParser();
});
after(() => parser.close());

const customersRetention = {
  property: 'retention',
  value: 5,
  unit: 'y',
  element: 'customers.signed_up',
};

function served(root: string, port: string): string {
  return realpathSync(
    join(productDir(root, 'sales', 'orders'), port, 'current', `${port}.parquet`),
  );
}

async function retention(
  root: string,
  ...args: string[]
): Promise<{ code: number; report: RetentionReport }> {
  const run = await cli(['retention', root, '--format', 'json', ...args], root);
  assert.ok(run.code === 0 || run.code === 1, run.stdout + run.stderr);
  return { code: run.code, report: JSON.parse(run.stdout) as RetentionReport };
}

describe('meshwork retention', () => {
  it('lists the rows due in a dry run, deletes them with --apply (audited), then has nothing due', async (t) => {
    // Anna signed up in 2019: older than five years (the data's other rows are from 2026).
    const mesh = createPrivacyMesh({ retention: customersRetention });
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const before = served(mesh.root, 'customers');

    const dry = await retention(mesh.root);
    assert.equal(dry.code, 0);
    assert.equal(dry.report.apply, false);
    assert.deepEqual(
      dry.report.ports.map((p) => [p.product, p.port, p.status, p.rows, p.older, p.retention]),
      [['sales-orders-product', 'customers', 'due', 3, 1, '5 years of customers.signed_up']],
    );
    assert.equal(served(mesh.root, 'customers'), before, 'a dry run writes nothing');
    const text = await cli(['retention', mesh.root], mesh.root);
    assert.match(text.stdout, /1 of 3 rows older than \S+ are due/);
    assert.match(
      text.stdout,
      /Dry run: nothing was deleted\. meshwork retention --apply deletes 1 rows in 1 port\./,
    );

    const applied = await retention(mesh.root, '--apply');
    assert.deepEqual(
      applied.report.ports.map((p) => [
        p.status,
        p.older,
        p.targets?.map((x) => [x.kind, x.removed]),
      ]),
      [['deleted', 1, [['snapshot', 1]]]],
    );
    assert.notEqual(served(mesh.root, 'customers'), before);
    const events = await withStore({ meshRoot: mesh.root, env: {} }, (store) =>
      store.audit.list({ action: 'retention.apply' }),
    );
    assert.equal(events.items.length, 1);
    assert.equal(events.items[0]!.target, 'sales/orders/customers');
    assert.equal(events.items[0]!.details.rowsDeleted, 1);
    assert.equal(events.items[0]!.details.cutoff, applied.report.ports[0]!.cutoff);

    const again = await retention(mesh.root, '--apply');
    assert.deepEqual(
      again.report.ports.map((p) => [p.status, p.rows, p.older]),
      [['nothing-due', 2, 0]],
    );
  });

  it('lists a retention it cannot enforce with the reason and exits 1, and an unbuilt port as such', async (t) => {
    const mesh = createPrivacyMesh({
      retention: customersRetention,
      ordersRetention: { property: 'retention', value: 3, unit: 'y' },
    });
    t.after(() => mesh.remove());
    const { code, report } = await retention(mesh.root, '--apply');
    assert.equal(code, 1);
    assert.deepEqual(
      report.ports.map((p) => [p.port, p.status, p.reason]),
      [
        [
          'orders',
          'not-enforceable',
          'the retention names no element: the date column that says how old a row is',
        ],
        ['customers', 'not-built', undefined],
      ],
    );
    const text = await cli(['retention', mesh.root], mesh.root);
    assert.equal(text.code, 1);
    assert.match(
      text.stdout,
      /✖ sales-orders-product → orders \(contract sales-orders\): not enforceable: the retention names no element/,
    );
    assert.match(text.stdout, /customers .*not built yet, nothing to delete/);
  });

  it('refuses a folder that is not a mesh and an unknown format', async () => {
    const notMesh = await cli(['retention', '/'], '/');
    assert.equal(notMesh.code, 2);
    assert.match(notMesh.stderr, /no meshwork\.yaml here, so not a mesh/);
    const format = await cli(['retention', '--format', 'xml'], '/');
    assert.equal(format.code, 2);
  });

  it('does not delete anything when the audit trail cannot be written', async (t) => {
    const mesh = createPrivacyMesh({ retention: customersRetention });
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const before = served(mesh.root, 'customers');
    const run = await cli(['retention', mesh.root, '--apply'], mesh.root, {
      env: { MESHWORK_DATABASE_URL: 'postgresql://nobody:secret-pw@127.0.0.1:1/none' },
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot open the Meshwork store/);
    assert.doesNotMatch(run.stderr, /secret-pw/);
    assert.equal(served(mesh.root, 'customers'), before);
  });

  it('is incomplete (exit 1, complete: false, said in the text) when a serving table was not reached', async (t) => {
    // The serving server's credentials are not set here: its table keeps the rows.
    const mesh = createPrivacyMesh({
      retention: customersRetention,
      servingUrl: 'postgresql://127.0.0.1:9/nowhere',
    });
    t.after(() => mesh.remove());
    assert.equal((await buildOrders(mesh, parser)).products[0]!.status, 'published');
    const text = await cli(['retention', mesh.root, '--apply'], mesh.root);
    assert.equal(text.code, 1, text.stdout + text.stderr);
    assert.match(text.stdout, /Incomplete: 1 serving table was not reached .*serving: /);
    const mesh2 = createPrivacyMesh({
      retention: customersRetention,
      servingUrl: 'postgresql://127.0.0.1:9/nowhere',
    });
    t.after(() => mesh2.remove());
    await buildOrders(mesh2, parser);
    const { code, report } = await retention(mesh2.root, '--apply');
    assert.equal(code, 1);
    assert.equal(report.complete, false);
    const port = report.ports.find((p) => p.status === 'deleted')!;
    assert.deepEqual(
      port.targets!.map((t) => t.status),
      ['rewritten', 'skipped'],
    );
  });

  it('runs as a process: meshwork retention --apply, exit status and JSON', async (t) => {
    const mesh = createPrivacyMesh({ retention: customersRetention });
    t.after(() => mesh.remove());
    await buildOrders(mesh, parser);
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'meshwork.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'retention', mesh.root, '--apply', '--format', 'json'],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    const report = JSON.parse(stdout) as RetentionReport;
    assert.deepEqual(
      report.ports.map((p) => [p.status, p.older]),
      [['deleted', 1]],
    );
  });
});
