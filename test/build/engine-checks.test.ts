import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateMesh } from '../../src/core/validate/validate-mesh.ts';
import { createTestMesh } from './support.ts';
import { cli } from '../support/cli.ts';
import { contract, domain, meshFromFiles, organisation, product } from '../support/mesh-fixture.ts';

const trinoServer = (catalog: string, schema = 'sales') => ({
  server: 'lake',
  type: 'trino',
  host: 'trino.example.com',
  port: 8080,
  catalog,
  schema,
});

function withServers(id: string, servers: unknown[]): unknown {
  return { ...(contract(id) as object), servers };
}

function mesh(engine: unknown, input: unknown[], output: unknown[]) {
  return meshFromFiles({
    'meshwork.yaml': organisation,
    'domains/sales/domain.yaml': domain('sales'),
    'domains/sales/orders/product.odps.yaml': {
      ...(product({
        id: 'orders',
        domain: 'sales',
        inputs: ['erp-orders'],
        outputs: ['orders-out'],
      }) as object),
      customProperties: [{ property: 'meshworkEngine', value: engine }],
    },
    'domains/sales/orders/orders-out.odcs.yaml': withServers('orders-out', output),
    'sources/erp/orders.odcs.yaml': withServers('erp-orders', input),
  });
}

async function codes(files: ReturnType<typeof mesh>): Promise<string[]> {
  const findings = await validateMesh(files, {});
  return findings
    .filter((f) => f.code.includes('build-engine'))
    .map((f) => `${f.code} ${f.file}:${f.line}:${f.column} ${f.path}`);
}

describe('meshwork validate: products built in Trino (meshworkEngine)', () => {
  it('accepts trino with inputs Trino reads and outputs in a hive or iceberg catalog', async () => {
    assert.deepEqual(
      await codes(mesh('trino', [trinoServer('pg', 'erp')], [trinoServer('hive')])),
      [],
    );
    assert.deepEqual(
      await codes(mesh('trino', [trinoServer('pg', 'erp')], [trinoServer('iceberg')])),
      [],
    );
  });

  it('places a wrong engine name, an unreadable input and an unwritable output at file:line:col', async () => {
    assert.deepEqual(await codes(mesh('spark', [], [])), [
      'unknown-build-engine domains/sales/orders/product.odps.yaml:19:12 $.customProperties[0].value',
    ]);
    assert.deepEqual(await codes(mesh(7, [], [])), [
      'unknown-build-engine domains/sales/orders/product.odps.yaml:19:12 $.customProperties[0].value',
    ]);
    assert.deepEqual(
      await codes(
        mesh('trino', [{ server: 'files', type: 'local', path: 'x.csv' }], [trinoServer('pg')]),
      ),
      [
        'build-engine-input-unreadable domains/sales/orders/product.odps.yaml:12:17 $.inputPorts[0].contractId',
        'build-engine-output-unwritable domains/sales/orders/product.odps.yaml:16:17 $.outputPorts[0].contractId',
      ],
    );
    // A trino server without catalog/schema is no table to read; no trino server at all is no place to write.
    const [input, output] = (
      await validateMesh(
        mesh('trino', [{ server: 'lake', type: 'trino', host: 'h', port: 1 }], []),
        {},
      )
    ).filter((f) => f.code.includes('build-engine'));
    assert.match(input!.message, /names no catalog and schema/);
    assert.match(output!.message, /has no trino server/);
    assert.match(output!.hint, /hive or iceberg/);
  });

  it('meshwork validate prints it with file:line:col, exit 1', async (t) => {
    const built = createTestMesh();
    t.after(() => built.remove());
    built.write('domains/sales/revenue/product.odps.yaml', {
      ...(product({
        id: 'sales-revenue-product',
        domain: 'sales',
        inputs: ['sales-orders'],
        outputs: ['sales-revenue'],
      }) as object),
      customProperties: [{ property: 'meshworkEngine', value: 'trino' }],
    });
    const run = await cli(['validate', built.root], built.root);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /product\.odps\.yaml:\d+:\d+/);
    assert.match(run.stdout, /build-engine-input-unreadable/);
    assert.match(run.stdout, /build-engine-output-unwritable/);
  });
});
