import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { cli } from '../support/cli.ts';
import { openLineageProblems } from '../support/openlineage-schema.ts';
import { createTestMesh } from '../build/support.ts';
import type { TestMesh } from '../build/support.ts';
import { startReceiver } from './receiver.ts';

interface Dataset {
  namespace: string;
  name: string;
  facets?: Record<string, Record<string, unknown>>;
  outputFacets?: Record<string, Record<string, unknown>>;
}
interface Event {
  eventType: string;
  eventTime: string;
  run: { runId: string; facets?: Record<string, Record<string, unknown>> };
  job: { namespace: string; name: string };
  inputs: Dataset[];
  outputs: Dataset[];
}

const KEY = 'ol-secret-key-3f9a1c';

function assertValid(events: readonly unknown[]): void {
  assert.ok(events.length > 0, 'no events');
  for (const event of events)
    assert.deepEqual(openLineageProblems(event), [], JSON.stringify(event, null, 1));
}

function byJob(events: readonly Event[], job: string): Event[] {
  return events.filter((e) => e.job.name === job);
}

function warehouse(mesh: TestMesh, rest: string): string {
  return join(mesh.root, '.meshwork/warehouse', rest);
}

/** An error-level rule on the revenue contract that three rows do not pass. */
function failRevenue(mesh: TestMesh): void {
  const path = 'domains/sales/revenue/revenue.odcs.yaml';
  const doc = parse(readFileSync(join(mesh.root, path), 'utf8')) as {
    schema: { quality?: unknown[] }[];
  };
  doc.schema[0]!.quality = [{ type: 'library', metric: 'rowCount', mustBeGreaterThan: 3 }];
  mesh.write(path, stringify(doc));
}

describe('OpenLineage events of meshwork build (a real HTTP receiver, the official schema)', () => {
  it('sends START then COMPLETE per product, valid, with datasets, schema facets and the key', async (t) => {
    const mesh = createTestMesh();
    const receiver = await startReceiver();
    t.after(async () => {
      await receiver.close();
      mesh.remove();
    });
    const run = await cli(['build', '--mesh', mesh.root], mesh.root, {
      env: {
        MESHWORK_OPENLINEAGE_URL: receiver.url,
        MESHWORK_OPENLINEAGE_API_KEY: KEY,
        MESHWORK_OPENLINEAGE_FILE: 'lineage.ndjson',
      },
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /lineage: 6 OpenLineage events sent to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/lineage, file /,
    );
    assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY), 'the key is never printed');

    assert.equal(receiver.received.length, 6);
    for (const r of receiver.received) {
      assert.equal(r.method, 'POST');
      assert.equal(r.path, '/api/v1/lineage');
      assert.equal(r.authorization, `Bearer ${KEY}`);
      assert.match(r.contentType ?? '', /^application\/json/);
    }
    const events = receiver.received.map((r) => r.body as Event);
    assertValid(events);

    // One run per product: START then COMPLETE with one runId, job namespace the mesh's name.
    for (const job of [
      'sales-orders-product',
      'sales-revenue-product',
      'marketing-segments-product',
    ]) {
      const own = byJob(events, job);
      assert.deepEqual(
        own.map((e) => e.eventType),
        ['START', 'COMPLETE'],
        job,
      );
      assert.equal(own[0]!.run.runId, own[1]!.run.runId);
      assert.equal(own[0]!.job.namespace, 'Test');
      assert.ok(Date.parse(own[0]!.eventTime) <= Date.parse(own[1]!.eventTime));
    }
    const runIds = new Set(events.map((e) => e.run.runId));
    assert.equal(runIds.size, 3, 'a new runId per product build');

    // Inputs and outputs by location: the source CSV, then the port files the next build reads.
    const [start, complete] = byJob(events, 'sales-orders-product');
    assert.deepEqual(start!.inputs, [], 'a source server is chosen while reading, so not in START');
    assert.deepEqual(
      complete!.inputs.map((d) => [d.namespace, d.name]),
      [['file', join(mesh.root, 'data/orders.csv')]],
    );
    const ordersFile = warehouse(mesh, 'sales/orders/orders/current/orders.parquet');
    assert.deepEqual(
      start!.outputs.map((d) => [d.namespace, d.name]),
      [
        ['file', ordersFile],
        ['file', warehouse(mesh, 'sales/orders/customers/current/customers.parquet')],
      ],
    );
    const fields = (d: Dataset): unknown =>
      (d.facets?.schema?.fields as { name: string; type?: string }[]).map((f) => [f.name, f.type]);
    assert.deepEqual(fields(start!.outputs[0]!), [
      ['order_id', 'integer'],
      ['customer_id', 'integer'],
      ['amount', 'number'],
      ['order_date', 'date'],
    ]);
    assert.deepEqual(fields(complete!.inputs[0]!), fields(start!.outputs[0]!));
    // Published: the served snapshot is the output's version.
    assert.match(
      String(complete!.outputs[0]!.facets?.version?.datasetVersion),
      /^\d{8}T\d{9}Z-[0-9a-f]{6}$/,
    );

    // Revenue reads the orders port: the same dataset name, in START already (from the plan).
    const [revenueStart, revenueEnd] = byJob(events, 'sales-revenue-product');
    assert.deepEqual(
      revenueStart!.inputs.map((d) => d.name),
      [ordersFile],
    );
    assert.equal(
      revenueEnd!.inputs[0]!.facets?.version?.datasetVersion,
      complete!.outputs[0]!.facets?.version?.datasetVersion,
      'the snapshot read is the one sales/orders published',
    );

    // The NDJSON file holds the same events, one per line.
    const lines = readFileSync(join(mesh.root, 'lineage.ndjson'), 'utf8').trimEnd().split('\n');
    const fromFile = lines.map((l) => JSON.parse(l) as Event);
    assertValid(fromFile);
    assert.deepEqual(
      fromFile.map((e) => `${e.run.runId} ${e.eventType}`).sort(),
      events.map((e) => `${e.run.runId} ${e.eventType}`).sort(),
    );
  });

  it('sends FAIL for a product whose tests fail, with the assertions and the error message', async (t) => {
    const mesh = createTestMesh();
    const receiver = await startReceiver();
    t.after(async () => {
      await receiver.close();
      mesh.remove();
    });
    failRevenue(mesh);
    const run = await cli(['build', '--mesh', mesh.root, '--format', 'json'], mesh.root, {
      env: { MESHWORK_OPENLINEAGE_URL: receiver.url, MESHWORK_OPENLINEAGE_NAMESPACE: 'bikes-prod' },
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const events = receiver.received.map((r) => r.body as Event);
    assertValid(events);
    assert.ok(events.every((e) => e.job.namespace === 'bikes-prod'));
    const revenue = byJob(events, 'sales-revenue-product');
    assert.deepEqual(
      revenue.map((e) => e.eventType),
      ['START', 'FAIL'],
    );
    const fail = revenue[1]!;
    assert.match(String(fail.run.facets?.errorMessage?.message), /not published/);
    const assertions = fail.outputs[0]!.outputFacets?.dataQualityAssertions?.assertions as {
      assertion: string;
      success: boolean;
      severity: string;
    }[];
    assert.ok(
      assertions.some((a) => a.assertion === 'rowCount' && !a.success && a.severity === 'error'),
      JSON.stringify(assertions),
    );
    assert.ok(
      assertions.filter((a) => a.success).every((a) => a.severity === undefined),
      'a passed check claims no severity it does not know',
    );
    assert.equal(fail.outputs[0]!.facets?.version, undefined, 'nothing was published: no version');
    // The others still complete; the report counts every event delivered.
    assert.deepEqual(
      byJob(events, 'sales-orders-product').map((e) => e.eventType),
      ['START', 'COMPLETE'],
    );
    const report = JSON.parse(run.stdout) as {
      lineage: { delivered: number; failures: unknown[] };
    };
    assert.deepEqual(report.lineage.failures, []);
    assert.equal(report.lineage.delivered, events.length);
  });

  it('sends FAIL with the error for a product that could not be built', async (t) => {
    const mesh = createTestMesh();
    const receiver = await startReceiver();
    t.after(async () => {
      await receiver.close();
      mesh.remove();
    });
    mesh.write(
      'domains/sales/orders/transform.sql',
      '-- port: orders\nSELECT nope FROM raw\n-- port: customers\nSELECT 1\n',
    );
    const run = await cli(['build', '--mesh', mesh.root, 'sales/orders'], mesh.root, {
      env: { MESHWORK_OPENLINEAGE_URL: receiver.url },
    });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    const events = receiver.received.map((r) => r.body as Event);
    assertValid(events);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['START', 'FAIL'],
    );
    assert.match(String(events[1]!.run.facets?.errorMessage?.message), /nope/);
  });

  it('a lineage server that fails or is down never fails the build, and the report says so', async (t) => {
    const mesh = createTestMesh();
    const failing = await startReceiver(() => ({ status: 500 }));
    t.after(async () => {
      await failing.close();
      mesh.remove();
    });
    const env = { MESHWORK_OPENLINEAGE_URL: failing.url, MESHWORK_OPENLINEAGE_API_KEY: KEY };
    const text = await cli(['build', '--mesh', mesh.root, 'sales/orders'], mesh.root, { env });
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(
      text.stdout,
      /lineage: 2 OpenLineage event deliveries failed \(the build itself is not affected/,
    );
    assert.match(
      text.stdout,
      /sales\/orders START → http:\/\/127\.0\.0\.1:\d+\/api\/v1\/lineage: HTTP 500/,
    );
    assert.match(text.stdout, /sales\/orders COMPLETE → /);
    assert.ok(!text.stdout.includes(KEY) && !text.stderr.includes(KEY));

    // Down: nothing listens on the port any more.
    await failing.close();
    const json = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      {
        env: { ...env, MESHWORK_OPENLINEAGE_TIMEOUT_MS: '2000' },
      },
    );
    assert.equal(json.code, 0, json.stdout + json.stderr);
    const report = JSON.parse(json.stdout) as {
      status: string;
      lineage: {
        delivered: number;
        failures: { product: string; eventType: string; error: string }[];
      };
    };
    assert.equal(report.status, 'passed');
    assert.equal(report.lineage.delivered, 0);
    assert.deepEqual(
      report.lineage.failures.map((f) => [f.product, f.eventType]),
      [
        ['sales/orders', 'START'],
        ['sales/orders', 'COMPLETE'],
      ],
    );
    assert.match(report.lineage.failures[0]!.error, /ECONNREFUSED/);
    assert.ok(!json.stdout.includes(KEY));
  });

  it('a lineage file that cannot be written is reported, the HTTP events still go', async (t) => {
    const mesh = createTestMesh();
    const receiver = await startReceiver();
    t.after(async () => {
      await receiver.close();
      mesh.remove();
    });
    const run = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      {
        env: {
          MESHWORK_OPENLINEAGE_URL: receiver.url,
          MESHWORK_OPENLINEAGE_FILE: 'no-such-folder/lineage.ndjson',
        },
      },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(receiver.received.length, 2);
    const report = JSON.parse(run.stdout) as {
      lineage: { delivered: number; failures: { destination: string; error: string }[] };
    };
    assert.equal(
      report.lineage.delivered,
      0,
      'an event counts as delivered only at every destination',
    );
    assert.deepEqual(
      report.lineage.failures.map((f) => f.destination),
      [
        `file ${join(mesh.root, 'no-such-folder/lineage.ndjson')}`,
        `file ${join(mesh.root, 'no-such-folder/lineage.ndjson')}`,
      ],
    );
    assert.match(report.lineage.failures[0]!.error, /ENOENT/);
  });

  it('gives up on a lineage server that does not answer within the timeout', async (t) => {
    const mesh = createTestMesh();
    // Accepts the connection and never answers.
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      for (const s of sockets) s.destroy();
      silent.close();
      mesh.remove();
    });
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const run = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      {
        env: {
          MESHWORK_OPENLINEAGE_URL: `http://127.0.0.1:${port}`,
          MESHWORK_OPENLINEAGE_TIMEOUT_MS: '300',
        },
      },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as { lineage: { failures: { error: string }[] } };
    assert.deepEqual(
      report.lineage.failures.map((f) => f.error),
      ['no answer within 300 ms', 'no answer within 300 ms'],
    );
    assert.ok(Date.now() - started < 60_000);
  });

  it('follows no redirect: the key never reaches another server', async (t) => {
    const mesh = createTestMesh();
    const elsewhere = await startReceiver();
    const redirecting = await startReceiver(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/api/v1/lineage` },
    }));
    t.after(async () => {
      await redirecting.close();
      await elsewhere.close();
      mesh.remove();
    });
    const run = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
      {
        env: { MESHWORK_OPENLINEAGE_URL: redirecting.url, MESHWORK_OPENLINEAGE_API_KEY: KEY },
      },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(redirecting.received.length, 2);
    assert.equal(elsewhere.received.length, 0);
    const report = JSON.parse(run.stdout) as { lineage: { failures: { error: string }[] } };
    assert.deepEqual(
      report.lineage.failures.map((f) => f.error),
      ['HTTP 307 Temporary Redirect', 'HTTP 307 Temporary Redirect'],
    );
  });

  it('refuses a malformed lineage setting before building anything', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    for (const [env, message] of [
      [{ MESHWORK_OPENLINEAGE_URL: 'not a url' }, /MESHWORK_OPENLINEAGE_URL is not a URL/],
      [{ MESHWORK_OPENLINEAGE_URL: 'file:///etc/passwd' }, /must be http or https, not file/],
      [{ MESHWORK_OPENLINEAGE_URL: 'http://u:pw@127.0.0.1:9' }, /must not hold a user or password/],
      [
        { MESHWORK_OPENLINEAGE_URL: 'http://127.0.0.1:9', MESHWORK_OPENLINEAGE_TIMEOUT_MS: '0' },
        /MESHWORK_OPENLINEAGE_TIMEOUT_MS must be a whole number/,
      ],
    ] as const) {
      const run = await cli(['build', '--mesh', mesh.root], mesh.root, { env });
      assert.equal(run.code, 2, JSON.stringify(env));
      assert.match(run.stderr, message);
      assert.ok(!run.stderr.includes('pw@'), 'the password in a URL is not echoed');
    }
  });

  it('emits nothing and reports no lineage when none is configured', async (t) => {
    const mesh = createTestMesh();
    t.after(() => mesh.remove());
    const run = await cli(
      ['build', '--mesh', mesh.root, 'sales/orders', '--format', 'json'],
      mesh.root,
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal((JSON.parse(run.stdout) as { lineage?: unknown }).lineage, undefined);
  });
});
