import assert from 'node:assert/strict';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { workspaceRunHistory } from '../../src/runtime/index.ts';
import { cli } from '../support/cli.ts';
import { createTestMesh } from './support.ts';
import type { TestMesh } from './support.ts';

/** Adds a quality rule to the revenue contract's schema object. */
function addRule(mesh: TestMesh, rule: Record<string, unknown>): void {
  const path = 'domains/sales/revenue/revenue.odcs.yaml';
  const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as {
    schema: { quality?: unknown[] }[];
  };
  doc.schema[0]!.quality = [rule];
  mesh.write(path, stringify(doc));
}

describe('meshwork build (CLI, with the contract tests)', () => {
  it('names a source server it passed over, and why, in text and JSON', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const path = 'sources/shop/orders.odcs.yaml';
    const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as { servers: unknown[] };
    // A database first, with no credentials here: passed over, and the build says so.
    doc.servers.unshift({
      server: 'shop-db',
      type: 'postgresql',
      host: 'db.internal',
      port: 5432,
      database: 'shop',
      schema: 'public',
    });
    mesh.write(path, stringify(doc));
    const text = await cli(['build', '--mesh', mesh.root, 'sales/orders'], mesh.root, {
      env: {},
    });
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /← raw: server "files" \(local csv\)/);
    assert.match(text.stdout, /skipped "shop-db" \(postgresql\)[^\n]*: [^\n]*not configured/);
    const json = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      { env: {} },
    );
    const report = JSON.parse(json.stdout) as {
      products: { inputs: { port: string; passedOver: { name: string; reason: string }[] }[] }[];
    };
    const input = report.products[0]!.inputs[0]!;
    assert.deepEqual(
      input.passedOver.map((p) => p.name),
      ['shop-db'],
    );
  });

  it('publishes with a warning-level failure, holds back an error-level one', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    // Three days of revenue in the data; the rule wants more than three rows.
    addRule(mesh, {
      type: 'library',
      metric: 'rowCount',
      mustBeGreaterThan: 3,
      severity: 'warning',
    });
    const warned = await cli(['build', '--mesh', mesh.root], mesh.root);
    assert.equal(warned.code, 0, warned.stdout + warned.stderr);
    assert.match(warned.stdout, /→ daily: 3 rows, snapshot \S+, tests warning/);
    assert.match(warned.stdout, /✔ 3 of 3 products published/);
    const current = join(mesh.root, '.meshwork/warehouse/sales/revenue/daily/current');
    const served = readlinkSync(current);

    addRule(mesh, { type: 'library', metric: 'rowCount', mustBeGreaterThan: 3 });
    const failed = await cli(
      ['build', '--mesh', mesh.root, 'sales/revenue', '--format', 'json'],
      mesh.root,
    );
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    const report = JSON.parse(failed.stdout) as {
      status: string;
      products: {
        status: string;
        ports: {
          tests: { status: string; checks: { kind: string; status: string; value: unknown }[] };
        }[];
      }[];
    };
    assert.equal(report.status, 'failed');
    const tests = report.products[0]!.ports[0]!.tests;
    assert.equal(tests.status, 'failed');
    assert.deepEqual(
      tests.checks
        .filter((c) => c.status !== 'passed')
        .map((c) => [c.kind, c.status, Number(c.value)]),
      [['rowCount', 'failed', 3]],
    );
    assert.equal(readlinkSync(current), served);
  });

  it('records each port’s run with trigger build and the served snapshot as evidence', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const built = await cli(
      ['build', '--mesh', mesh.root, '--format', 'json', '--no-samples'],
      mesh.root,
    );
    assert.equal(built.code, 0, built.stdout + built.stderr);
    const report = JSON.parse(built.stdout) as {
      products: { product: string; ports: { snapshot: string; tests: { evidence: unknown } }[] }[];
    };
    const revenue = report.products.find((p) => p.product === 'sales/revenue')!.ports[0]!;
    const location = `.meshwork/warehouse/sales/revenue/daily/${revenue.snapshot}/daily_revenue.parquet`;
    assert.deepEqual(
      (revenue.tests.evidence as { server: { location: string } }).server.location,
      location,
    );
    const runs = await workspaceRunHistory({ meshRoot: mesh.root, env: {} }).list();
    const stored = runs.find((r) => r.port === 'daily')!;
    assert.equal(stored.run.trigger, 'build');
    assert.equal(stored.run.evidence?.server?.location, location);
    assert.deepEqual(stored.run.evidence?.passedOver, []);
  });

  it('rejects bad options as usage errors', async () => {
    for (const args of [['--parallel', '0'], ['--keep', 'x'], ['--format', 'xml'], ['--nope']]) {
      const run = await cli(['build', ...args], '/');
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^meshwork build: /);
    }
    const unknown = createTestMesh();
    try {
      const run = await cli(['build', '--mesh', unknown.root, 'no-such-product'], unknown.root);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no product "no-such-product"/);
    } finally {
      unknown.remove();
    }
  });
});
