import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { BuildReport } from '../../src/app/build/build-mesh.ts';
import type { ProductBuildResult } from '../../src/app/build/build-product.ts';
import { createContractTester } from '../../src/app/build/tester.ts';
import { createBuildProductExecutor } from '../../src/app/jobs/executors/index.ts';
import type { RunHistory } from '../../src/app/testing/index.ts';
import { claimedJob, jobContext } from '../jobs/support.ts';
import { cli } from '../support/cli.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { trinoForTests } from '../support/trino.ts';
import { createTrinoBuildMesh } from './support/build-mesh.ts';

/**
 * Builds in Trino tested by the output contracts through the trino engine itself — what
 * `meshwork build` and the build-product job run: the contract of sales/regions wants
 * exactly five rows (rowCount mustBe 5).
 */
const trino = trinoForTests();
const skip = trino === undefined ? 'no Trino: npm run test:trino' : false;

const SIXTH_ROW =
  '-- port: regions\nSELECT regionkey, count(*) AS nations FROM nation GROUP BY regionkey UNION ALL SELECT 99, 0\n';

function regionsOf(report: BuildReport): ProductBuildResult {
  const found = report.products.find((p) => p.product === 'sales/regions');
  assert.ok(found && 'ports' in found, JSON.stringify(report));
  return found;
}

function recorder(): { history: RunHistory; records: Parameters<RunHistory['append']>[0][] } {
  const records: Parameters<RunHistory['append']>[0][] = [];
  return {
    records,
    history: {
      append: (record) => {
        records.push(record);
        return Promise.resolve();
      },
      list: () => Promise.resolve([]),
    },
  };
}

for (const catalog of ['hive', 'iceberg'] as const) {
  describe(`meshwork build in Trino, tested by the trino engine (${catalog})`, { skip }, () => {
    it('records the run on the new snapshot; a contract check that fails keeps the old snapshot served', async (t) => {
      const { history, records } = recorder();
      const mesh = createTrinoBuildMesh(trino!, catalog, () => Promise.reject(new Error('unused')));
      t.after(() => mesh.remove());
      const test = createContractTester(mesh.env, history);
      const first = await mesh.build({ products: ['sales/regions'], test });
      assert.equal(first.status, 'passed', JSON.stringify(first, null, 2));
      assert.equal(records.length, 1);
      const [record] = records;
      assert.equal(record!.run.trigger, 'build');
      assert.equal(record!.port, 'regions');
      assert.equal(record!.productId, 'sales-regions-product');
      assert.equal(record!.server, 'lake');
      assert.equal(record!.run.status, 'passed');
      assert.ok(
        record!.run.checks.some(
          (c) => c.status === 'passed' && /rowCount/i.test(JSON.stringify(c)),
        ),
      );
      // The evidence names the snapshot table tested, not the scratch schema.
      assert.match(
        JSON.stringify(record!.run.evidence),
        new RegExp(`${catalog}\\.${mesh.schema}\\.region_nations \\(snapshot \\d{8}T`),
      );
      const served = await mesh.viewDefinition('region_nations');

      mesh.write('domains/sales/regions/transform.sql', SIXTH_ROW);
      const second = await mesh.build({ products: ['sales/regions'], test });
      assert.equal(second.status, 'failed', JSON.stringify(second, null, 2));
      const regions = regionsOf(second);
      assert.equal(regions.ports[0]!.rows, 6);
      assert.equal(regions.ports[0]!.tests?.status, 'failed');
      assert.equal(records.length, 2);
      assert.equal(records[1]!.run.status, 'failed');
      assert.equal(await mesh.viewDefinition('region_nations'), served);
      assert.equal(await mesh.count('region_nations'), 5);
      assert.equal((await mesh.snapshotTables('region_nations')).length, 1);
    });
  });
}

describe('meshwork build in Trino without MESHWORK_<SERVER>_USER', { skip }, () => {
  it('builds as the default user "meshwork" and its tests read the new snapshot as that user', async (t) => {
    const { history, records } = recorder();
    const mesh = createTrinoBuildMesh(trino!, 'hive', () => Promise.reject(new Error('unused')));
    t.after(() => mesh.remove());
    assert.equal(trino!.user, 'meshwork', 'the shared Trino admits the default build user');
    const env = { MESHWORK_LAKE_URL: trino!.url };
    const test = createContractTester(env, history);
    const report = await mesh.build({ products: ['sales/regions'], test, env });
    assert.equal(report.status, 'passed', JSON.stringify(report, null, 2));
    assert.equal(records.length, 1);
    assert.equal(records[0]!.run.status, 'passed', JSON.stringify(records[0]!.run));
    assert.equal(await mesh.count('region_nations'), 5);
  });
});

describe('meshwork build in Trino through the CLI and the build-product job', { skip }, () => {
  it('meshwork build says "built in Trino" (text) and builtIn: "Trino" (JSON), exit 0; a failed check exits 1', async (t) => {
    const mesh = createTrinoBuildMesh(trino!, 'hive', () => Promise.reject(new Error('unused')));
    t.after(() => mesh.remove());
    const env = { ...process.env, ...mesh.env, MESHWORK_STORE: undefined };
    // A PostgreSQL serving server beside the trino one: not written by a Trino build, and said so.
    const path = 'domains/sales/regions/regions.odcs.yaml';
    const contract = parse(readFileSync(join(mesh.root, path), 'utf8')) as { servers: unknown[] };
    contract.servers.push({
      server: 'dwh',
      type: 'postgresql',
      host: 'db',
      port: 5432,
      database: 'dwh',
      schema: 'sales',
    });
    mesh.write(path, stringify(contract));
    const text = await cli(['build', 'sales/regions', '--mesh', mesh.root], mesh.root, { env });
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /built in Trino/);
    assert.match(text.stdout, /regions: 5 rows, snapshot \d{8}T\S+, tests passed/);
    assert.match(text.stdout, new RegExp(`⇒ lake hive\\.${mesh.schema}\\.region_nations: served`));
    assert.match(
      text.stdout,
      /⇒ dwh region_nations: skipped \(a Trino build serves the port as its trino view only\)/,
    );
    mesh.write('domains/sales/regions/transform.sql', SIXTH_ROW);
    const json = await cli(
      ['build', 'sales/regions', '--mesh', mesh.root, '--format', 'json'],
      mesh.root,
      { env },
    );
    assert.equal(json.code, 1, json.stdout + json.stderr);
    const report = JSON.parse(json.stdout) as BuildReport;
    const regions = regionsOf(report);
    assert.equal(regions.builtIn, 'Trino');
    assert.equal(regions.status, 'failed');
    assert.equal(regions.ports[0]!.rows, 6);
    assert.equal(await mesh.count('region_nations'), 5);
  });

  it('the build-product job builds it and records its runs as the job', async (t) => {
    const mesh = createTrinoBuildMesh(trino!, 'iceberg', () => Promise.reject(new Error('unused')));
    t.after(() => mesh.remove());
    const store = createMemoryStore();
    const executor = createBuildProductExecutor({
      subjectKey: () => Promise.reject(new Error('no port of this mesh declares a subject key')),
    });
    const context = { ...jobContext(mesh.root, store), env: mesh.env };
    const outcome = await executor.run(
      claimedJob('build-product', 'sales-regions-product'),
      context,
    );
    assert.equal(outcome.state, 'succeeded', JSON.stringify(outcome));
    assert.ok(outcome.state === 'succeeded');
    assert.equal(outcome.result?.status, 'published');
    const runs = await store.runs.list({ productId: 'sales-regions-product', limit: 10 });
    assert.equal(runs.items.length, 1);
    assert.equal(runs.items[0]!.reportedBy, 'job');
    assert.equal(await mesh.count('region_nations'), 5);
  });
});
