import { stringify } from 'yaml';
import { classifyMeshPath } from '../../src/core/mesh/layout.ts';
import type { MeshDocument } from '../../src/core/mesh/mesh-model.ts';
import type { MeshInput } from '../../src/core/validate/validate-mesh.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';

/** A mesh held in memory: path → YAML text (or a value, written as YAML). */
export function meshFromFiles(files: Record<string, unknown>): MeshInput {
  const documents: MeshDocument[] = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => ({
      path,
      role: classifyMeshPath(path),
      source: parseSourceDocument(path, typeof content === 'string' ? content : stringify(content)),
    }));
  const folders = new Map<string, string[]>();
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (!folder.startsWith('domains/')) continue;
      const list = folders.get(folder) ?? [];
      const name = parts[i]!;
      if (!list.includes(name)) list.push(name);
      folders.set(folder, list);
    }
  }
  return { documents, folders };
}

export const organisation = {
  apiVersion: 'meshwork/v1',
  kind: 'Mesh',
  name: 'Test',
  legalName: 'Test GmbH',
  address: { street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  dataProtectionOfficer: { name: 'DPO', email: 'dpo@example.com' },
};

export function domain(name: string, teams: string[] = [`${name}-team`]): unknown {
  const [first, ...rest] = teams;
  const team = (t: string): unknown => ({
    name: t,
    members: [{ username: 'owner', name: 'Owner', email: 'owner@example.com', role: 'owner' }],
  });
  return {
    apiVersion: 'meshwork/v1',
    kind: 'Domain',
    name,
    title: name,
    team: team(first!),
    ...(rest.length ? { teams: rest.map(team) } : {}),
  };
}

export interface ProductSpec {
  readonly id: string;
  readonly domain: string;
  readonly team?: string;
  readonly status?: string;
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
}

export function product(spec: ProductSpec): unknown {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: spec.id,
    name: spec.id,
    domain: spec.domain,
    status: spec.status ?? 'active',
    team: { name: spec.team ?? `${spec.domain}-team` },
    inputPorts: (spec.inputs ?? []).map((c, i) => ({
      name: `in_${i}`,
      version: '1.0.0',
      contractId: c,
    })),
    outputPorts: (spec.outputs ?? []).map((c, i) => ({
      name: `out_${i}`,
      version: '1.0.0',
      contractId: c,
    })),
  };
}

export function contract(
  id: string,
  status = 'active',
  objects: Record<string, string[]> = { t: ['id'] },
): unknown {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    version: '1.0.0',
    status,
    schema: Object.entries(objects).map(([name, properties]) => ({
      name,
      properties: properties.map((p) => ({ name: p, logicalType: 'string' })),
    })),
  };
}
