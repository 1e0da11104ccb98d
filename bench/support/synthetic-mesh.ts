import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface SyntheticMeshOptions {
  readonly products: number;
  readonly contractsPerProduct: number;
  readonly domains: number;
}

/**
 * Writes a valid mesh of the given size: every product has `contractsPerProduct` output
 * ports with realistic contracts (eight properties, library and SQL quality rules, SLAs)
 * and reads up to two contracts of earlier products, so lineage is a deep DAG across
 * domains. Deterministic: the same options give the same files.
 */
export async function writeSyntheticMesh(
  dir: string,
  options: SyntheticMeshOptions,
): Promise<number> {
  let files = 0;
  const put = async (path: string, value: unknown): Promise<void> => {
    const target = join(dir, path);
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, stringify(value));
    files++;
  };
  await put('meshwork.yaml', {
    apiVersion: 'meshwork/v1',
    kind: 'Mesh',
    name: 'Synthetic',
    legalName: 'Synthetic GmbH',
    address: { street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    dataProtectionOfficer: { name: 'DPO', email: 'dpo@example.com' },
  });
  for (let d = 0; d < options.domains; d++) {
    await put(`domains/domain-${d}/domain.yaml`, {
      apiVersion: 'meshwork/v1',
      kind: 'Domain',
      name: `domain-${d}`,
      title: `Domain ${d}`,
      team: {
        name: `team-${d}`,
        members: [
          {
            username: `owner${d}`,
            name: `Owner ${d}`,
            email: `owner${d}@example.com`,
            role: 'owner',
          },
        ],
      },
    });
  }
  const contractId = (p: number, c: number): string => `product-${p}-port-${c}`;
  for (let p = 0; p < options.products; p++) {
    const domain = `domain-${p % options.domains}`;
    const folder = `domains/${domain}/product-${p}`;
    const inputs = [p - 1, p - 7]
      .filter((u) => u >= 0)
      .map((u, i) => ({ name: `input_${i}`, version: '1.0.0', contractId: contractId(u, 0) }));
    await put(`${folder}/product.odps.yaml`, {
      apiVersion: 'v1.0.0',
      kind: 'DataProduct',
      id: `product-${p}`,
      name: `Product ${p}`,
      domain,
      status: 'active',
      version: '1.0.0',
      description: { purpose: `Synthetic product ${p}.` },
      team: { name: `team-${p % options.domains}` },
      inputPorts: inputs,
      outputPorts: Array.from({ length: options.contractsPerProduct }, (_, c) => ({
        name: `port_${c}`,
        version: '1.0.0',
        contractId: contractId(p, c),
      })),
    });
    for (let c = 0; c < options.contractsPerProduct; c++) {
      await put(
        `${folder}/port-${c}.odcs.yaml`,
        syntheticContract(contractId(p, c), domain, `port_${c}`),
      );
    }
  }
  return files;
}

export function syntheticContract(id: string, domain: string, table: string): unknown {
  const property = (
    name: string,
    logicalType: string,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    name,
    logicalType,
    physicalType:
      logicalType === 'integer' ? 'bigint' : logicalType === 'number' ? 'decimal(12,2)' : 'varchar',
    description: `The ${name.replaceAll('_', ' ')}.`,
    ...extra,
  });
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    name: id,
    version: '1.0.0',
    status: 'active',
    domain,
    servers: [
      {
        server: 'local',
        type: 'local',
        format: 'parquet',
        path: `../../../.meshwork/snapshots/${id}.parquet`,
      },
    ],
    schema: [
      {
        name: table,
        physicalName: table,
        physicalType: 'table',
        properties: [
          property('id', 'integer', {
            primaryKey: true,
            primaryKeyPosition: 1,
            required: true,
            unique: true,
          }),
          property('customer_email', 'string', {
            classification: 'restricted',
            tags: ['pii'],
            logicalTypeOptions: { format: 'email' },
          }),
          property('amount', 'number', {
            logicalTypeOptions: { minimum: 0 },
            quality: [{ type: 'library', metric: 'nullValues', mustBe: 0 }],
          }),
          property('status', 'string', {
            quality: [
              {
                type: 'library',
                metric: 'invalidValues',
                arguments: { validValues: ['open', 'paid'] },
                mustBe: 0,
              },
            ],
          }),
          property('created_at', 'timestamp'),
          property('country', 'string', { logicalTypeOptions: { pattern: '^[A-Z]{2}$' } }),
          property('note', 'string'),
          property('quantity', 'integer', { logicalTypeOptions: { minimum: 1, maximum: 1000 } }),
        ],
        quality: [
          { type: 'library', metric: 'rowCount', mustBeGreaterThan: 0 },
          { type: 'sql', query: 'SELECT COUNT(*) FROM {object} WHERE amount < 0', mustBe: 0 },
        ],
      },
    ],
    slaProperties: [{ property: 'latency', value: 1, unit: 'd', element: `${table}.created_at` }],
  };
}
