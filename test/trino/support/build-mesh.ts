import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { BuildReport, BuildRequest } from '../../../src/app/build/build-mesh.ts';
import { buildMesh } from '../../../src/app/build/build-mesh.ts';
import type { ContractTester } from '../../../src/app/build/contract-tests.ts';
import { createDuckDbSqlParser } from '../../../src/engines/duckdb/index.ts';
import { createTrinoClient } from '../../../src/engines/trino/client.ts';
import type { TrinoClient } from '../../../src/engines/trino/client.ts';
import { domain, organisation } from '../../support/mesh-fixture.ts';
import type { TrinoForTests } from '../../support/trino.ts';

/**
 * A mesh whose products are built in the shared Trino: the source is `tpch.tiny.nation`
 * (25 nations, 5 per region: exact counts without loading anything), product
 * sales/regions (nations per region, 5 rows) is built into `<catalog>.<schema>`, and
 * sales/big-regions reads its served view (regions with at least `min` nations).
 */
export interface TrinoBuildMesh {
  readonly root: string;
  readonly catalog: 'hive' | 'iceberg';
  readonly schema: string;
  readonly client: TrinoClient;
  readonly env: NodeJS.ProcessEnv;
  write(path: string, content: unknown): void;
  build(extra?: Partial<BuildRequest>): Promise<BuildReport>;
  /** Snapshot tables of an object in the output schema, sorted. */
  snapshotTables(object: string): Promise<string[]>;
  /** What the served view reads: its definition. */
  viewDefinition(object: string): Promise<string | undefined>;
  count(table: string): Promise<number>;
  remove(): Promise<void>;
}

const SERVER = 'lake';

export function trinoServer(trino: TrinoForTests, catalog: string, schema: string): unknown {
  const url = new URL(trino.url);
  return {
    server: SERVER,
    type: 'trino',
    host: url.hostname,
    port: Number(url.port),
    catalog,
    schema,
  };
}

export function createTrinoBuildMesh(
  trino: TrinoForTests,
  catalog: 'hive' | 'iceberg',
  test: ContractTester,
): TrinoBuildMesh {
  const root = mkdtempSync(join(tmpdir(), 'meshwork-trino-build-'));
  const schema = `mw_build_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = createTrinoClient({ server: trino.url, user: trino.user });
  const env: NodeJS.ProcessEnv = { MESHWORK_LAKE_URL: trino.url, MESHWORK_LAKE_USER: trino.user };
  const write = (path: string, content: unknown): void => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  };
  const output = (
    id: string,
    object: string,
    properties: Record<string, string>,
    quality: unknown[] = [],
  ) => ({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status: 'active',
    servers: [trinoServer(trino, catalog, schema)],
    schema: [
      {
        name: object,
        physicalName: object,
        properties: Object.entries(properties).map(([name, logicalType]) => ({
          name,
          logicalType,
        })),
        ...(quality.length > 0 ? { quality } : {}),
      },
    ],
  });
  const product = (
    id: string,
    inputs: Record<string, string>,
    outputs: Record<string, string>,
  ) => ({
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id,
    name: id,
    domain: 'sales',
    status: 'active',
    team: { name: 'sales-team' },
    customProperties: [{ property: 'meshworkEngine', value: 'trino' }],
    inputPorts: Object.entries(inputs).map(([name, contractId]) => ({
      name,
      version: '1.0.0',
      contractId,
    })),
    outputPorts: Object.entries(outputs).map(([name, contractId]) => ({
      name,
      version: '1.0.0',
      contractId,
    })),
  });
  write('meshwork.yaml', organisation);
  write('domains/sales/domain.yaml', domain('sales'));
  write('sources/tpch/nation.odcs.yaml', {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'tpch-nation',
    version: '1.0.0',
    status: 'active',
    servers: [trinoServer(trino, 'tpch', 'tiny')],
    schema: [
      {
        name: 'nation',
        physicalName: 'nation',
        properties: [
          { name: 'nationkey', logicalType: 'integer' },
          { name: 'name', logicalType: 'string' },
          { name: 'regionkey', logicalType: 'integer' },
        ],
      },
    ],
  });
  write(
    'domains/sales/regions/product.odps.yaml',
    product('sales-regions-product', { nation: 'tpch-nation' }, { regions: 'sales-regions' }),
  );
  write(
    'domains/sales/regions/regions.odcs.yaml',
    output('sales-regions', 'region_nations', { regionkey: 'integer', nations: 'integer' }, [
      // The five regions of TPC-H: a sixth row fails the contract.
      { id: 'five-regions', type: 'library', metric: 'rowCount', mustBe: 5 },
    ]),
  );
  write(
    'domains/sales/regions/transform.sql',
    '-- port: regions\nSELECT regionkey, count(*) AS nations FROM nation GROUP BY regionkey;\n',
  );
  write(
    'domains/sales/big-regions/product.odps.yaml',
    product(
      'sales-big-regions-product',
      { regions: 'sales-regions' },
      { big: 'sales-big-regions' },
    ),
  );
  write(
    'domains/sales/big-regions/big.odcs.yaml',
    output('sales-big-regions', 'big_regions', { regionkey: 'integer', nations: 'integer' }),
  );
  write(
    'domains/sales/big-regions/transform.sql',
    '-- port: big\nSELECT regionkey, nations FROM regions WHERE nations >= 5\n',
  );
  const one = async (sql: string): Promise<unknown> => (await client.run(sql)).rows[0]?.[0];
  return {
    root,
    catalog,
    schema,
    client,
    env,
    write,
    async build(extra = {}) {
      const parser = await createDuckDbSqlParser();
      try {
        return await buildMesh({
          meshRoot: root,
          products: [],
          parallel: 1,
          keep: 3,
          env,
          test,
          sqlParser: parser,
          ...extra,
        });
      } finally {
        parser.close();
      }
    },
    async snapshotTables(object) {
      const result = await client.run(
        `SELECT table_name FROM ${catalog}.information_schema.tables WHERE table_schema = '${schema}' AND table_type = 'BASE TABLE' AND starts_with(table_name, '${object}__s')`,
      );
      return result.rows.map((r) => String(r[0])).sort();
    },
    async viewDefinition(object) {
      const value = await one(
        `SELECT view_definition FROM ${catalog}.information_schema.views WHERE table_schema = '${schema}' AND table_name = '${object}'`,
      );
      return typeof value === 'string' ? value : undefined;
    },
    async count(table) {
      return Number(
        await one(`SELECT CAST(count(*) AS varchar) FROM ${catalog}.${schema}.${table}`),
      );
    },
    async remove() {
      rmSync(root, { recursive: true, force: true });
      await client.run(`DROP SCHEMA IF EXISTS ${catalog}.${schema} CASCADE`);
    },
  };
}

/**
 * A stand-in for the output contracts' tests while the trino engine (branch i14-trino-engine)
 * is not merged: it reads the new snapshot exactly where the build points the contract's
 * server (`serverFields`: the scratch schema's view of the object) and fails when `fail`
 * says so. What it proves is the build's side: the tests see the new table, and their
 * verdict decides the switch.
 */
export function trinoTester(
  trino: TrinoForTests,
  fail: (rows: readonly (readonly unknown[])[]) => string | undefined,
  seen: string[] = [],
): ContractTester {
  const client = createTrinoClient({ server: trino.url, user: trino.user });
  return async (request) => {
    const fields = request.serverFields;
    if (fields === undefined)
      throw new Error('a Trino build must point its tests at the new snapshot');
    const object = request.port === 'regions' ? 'region_nations' : 'big_regions';
    const result = await client.run(
      `SELECT * FROM "${fields.catalog}"."${fields.schema}"."${object}" ORDER BY 1`,
    );
    seen.push(`${fields.catalog}.${fields.schema}.${object}:${result.rows.length}`);
    const problem = fail(result.rows);
    return problem === undefined
      ? { status: 'passed', checks: [{ status: 'passed', id: 'rows' }] }
      : { status: 'failed', checks: [{ status: 'failed', id: 'planted', message: problem }] };
  };
}
