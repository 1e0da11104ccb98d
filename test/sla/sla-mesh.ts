import { mkdir, mkdtemp, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'yaml';
import { newSnapshotId, productDir } from '../../src/app/build/warehouse.ts';
import { domain, organisation } from '../support/mesh-fixture.ts';

export const DAY_MS = 86_400_000;

/** The output contract of `sales-orders`: a one-day latency on `orders.created`, and more. */
export function ordersContract(sla: readonly Record<string, unknown>[]): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version: '1.0.0',
    status: 'active',
    servers: [{ server: 'files', type: 'local', format: 'parquet', path: './{model}.parquet' }],
    schema: [
      {
        name: 'orders',
        properties: [
          { name: 'id', logicalType: 'integer' },
          { name: 'created', logicalType: 'timestamp' },
        ],
      },
    ],
    slaProperties: sla,
  };
}

export const DEFAULT_SLAS = [
  { property: 'latency', value: 1, unit: 'd', element: 'orders.created' },
  { property: 'frequency', value: 1, unit: 'd' },
  { id: 'no-element', property: 'freshness', value: 2, unit: 'd' },
];

/**
 * A mesh on disk with one product, `sales-orders` (domain sales, team sales-team), whose
 * port `orders` is served from a real Parquet snapshot written by DuckDB — laid out as a
 * build lays it out (`warehouse.ts`), so the evaluation reads it as it reads a built one.
 */
export async function writeSlaMesh(
  sla: readonly Record<string, unknown>[] = DEFAULT_SLAS,
  root?: string,
): Promise<string> {
  const dir = root ?? (await mkdtemp(join(tmpdir(), 'meshwork-sla-')));
  const files: Record<string, unknown> = {
    'meshwork.yaml': { ...organisation, defaults: { language: 'en', timezone: 'Europe/Berlin' } },
    'domains/sales/domain.yaml': domain('sales'),
    'domains/sales/orders/product.odps.yaml': {
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: 'sales-orders',
      name: 'Orders',
      domain: 'sales',
      status: 'active',
      team: { name: 'sales-team' },
      outputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'orders-contract' }],
    },
    'domains/sales/orders/orders.odcs.yaml': ordersContract(sla),
  };
  for (const [path, value] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), stringify(value));
  }
  return dir;
}

/**
 * Serves a new snapshot of `sales-orders`'s port built at `builtAt` whose newest `created`
 * is `newest` (null: no value at all).
 */
export async function serveSnapshot(
  meshRoot: string,
  builtAt: Date,
  newest: Date | null,
): Promise<void> {
  const portDir = join(productDir(meshRoot, 'sales', 'orders'), 'orders');
  const id = newSnapshotId(builtAt);
  await mkdir(join(portDir, id), { recursive: true });
  const file = join(portDir, id, 'orders.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const value =
    newest === null
      ? 'NULL::TIMESTAMP'
      : `TIMESTAMP '${newest.toISOString().replace('T', ' ').replace('Z', '')}'`;
  await connection.run(
    `COPY (SELECT * FROM (VALUES (1, ${value} - INTERVAL 3 DAY), (2, ${value})) AS t(id, created)) TO '${file}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  const pointer = join(portDir, `.current-${id}`);
  await symlink(id, pointer);
  await rename(pointer, join(portDir, 'current'));
}
