import type { SourceDocument } from '../yaml/source-document.ts';
import type { MeshFileRole } from './layout.ts';
import { asList, asObject } from '../json/loose.ts';
import type { JsonObject } from '../json/loose.ts';

/** A file of a mesh repository, parsed, with the part it plays in the layout. */
export interface MeshDocument {
  /** Path relative to the mesh root, `/`-separated. */
  readonly path: string;
  readonly role: MeshFileRole;
  readonly source: SourceDocument;
}

export interface PortEntry {
  readonly kind: 'input' | 'output';
  readonly name: string;
  readonly contractId: string | undefined;
  /** Index of the port in inputPorts / outputPorts. */
  readonly index: number;
}

export interface DomainEntry {
  readonly name: string;
  readonly doc: MeshDocument;
  /** The domain's team name first, then its further teams. */
  readonly teamNames: readonly string[];
}

export interface ProductEntry {
  readonly id: string | undefined;
  readonly name: string | undefined;
  /** The domain folder and product folder it lives in. */
  readonly domainFolder: string;
  readonly productFolder: string;
  readonly declaredDomain: string | undefined;
  readonly status: string | undefined;
  readonly teamName: string | undefined;
  readonly inputPorts: readonly PortEntry[];
  readonly outputPorts: readonly PortEntry[];
  readonly doc: MeshDocument;
}

export type ContractOwner =
  | { readonly kind: 'product'; readonly domain: string; readonly product: string }
  | { readonly kind: 'source'; readonly system: string };

export interface ContractEntry {
  readonly id: string | undefined;
  readonly status: string | undefined;
  readonly owner: ContractOwner;
  /** Names of the contract's schema objects and, per object, its property names. */
  readonly objects: ReadonlyMap<string, ReadonlySet<string>>;
  readonly doc: MeshDocument;
}

/**
 * The mesh as an index over its documents: what the referential checks, the lineage
 * graph and (later) the catalog read. Built from whatever parsed, so a broken file
 * still lets the rest be checked; fields of the wrong type read as absent.
 */
export interface MeshModel {
  readonly organisation: MeshDocument | undefined;
  readonly domains: ReadonlyMap<string, DomainEntry>;
  readonly products: readonly ProductEntry[];
  readonly contracts: readonly ContractEntry[];
  readonly contractsById: ReadonlyMap<string, readonly ContractEntry[]>;
  readonly documents: readonly MeshDocument[];
}

type Json = JsonObject;

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const asArray = asList;

function ports(
  data: Json,
  key: 'inputPorts' | 'outputPorts',
  kind: PortEntry['kind'],
): PortEntry[] {
  return asArray(data[key]).map((raw, index) => {
    const port = asObject(raw) ?? {};
    return {
      kind,
      index,
      name: asString(port.name) ?? `#${index + 1}`,
      contractId: asString(port.contractId),
    };
  });
}

function schemaObjects(data: Json): Map<string, Set<string>> {
  const objects = new Map<string, Set<string>>();
  for (const raw of asArray(data.schema)) {
    const object = asObject(raw);
    const name = asString(object?.name);
    if (!object || name === undefined) continue;
    const properties = new Set<string>();
    for (const p of asArray(object.properties)) {
      const propertyName = asString(asObject(p)?.name);
      if (propertyName !== undefined) properties.add(propertyName);
    }
    objects.set(name, properties);
  }
  return objects;
}

export function buildMeshModel(documents: readonly MeshDocument[]): MeshModel {
  let organisation: MeshDocument | undefined;
  const domains = new Map<string, DomainEntry>();
  const products: ProductEntry[] = [];
  const contracts: ContractEntry[] = [];
  for (const doc of documents) {
    const data = asObject(doc.source.data) ?? {};
    const role = doc.role;
    switch (role.kind) {
      case 'organisation':
        organisation = doc;
        break;
      case 'domain': {
        const teams = [asObject(data.team), ...asArray(data.teams).map(asObject)];
        const teamNames = teams
          .map((t) => asString(t?.name))
          .filter((n): n is string => n !== undefined);
        domains.set(role.domain, { name: asString(data.name) ?? role.domain, doc, teamNames });
        break;
      }
      case 'product':
        products.push({
          id: asString(data.id),
          name: asString(data.name),
          domainFolder: role.domain,
          productFolder: role.product,
          declaredDomain: asString(data.domain),
          status: asString(data.status),
          teamName: asString(asObject(data.team)?.name),
          inputPorts: ports(data, 'inputPorts', 'input'),
          outputPorts: ports(data, 'outputPorts', 'output'),
          doc,
        });
        break;
      case 'contract':
      case 'source-contract':
        contracts.push({
          id: asString(data.id),
          status: asString(data.status),
          owner:
            role.kind === 'contract'
              ? { kind: 'product', domain: role.domain, product: role.product }
              : { kind: 'source', system: role.system },
          objects: schemaObjects(data),
          doc,
        });
        break;
      default:
        break;
    }
  }
  const contractsById = new Map<string, ContractEntry[]>();
  for (const c of contracts) {
    if (c.id === undefined) continue;
    const list = contractsById.get(c.id) ?? [];
    list.push(c);
    contractsById.set(c.id, list);
  }
  return { organisation, domains, products, contracts, contractsById, documents };
}

/** The product (by folder) that owns a contract, if it is a product's contract. */
export function productOf(model: MeshModel, contract: ContractEntry): ProductEntry | undefined {
  const owner = contract.owner;
  if (owner.kind !== 'product') return undefined;
  return model.products.find(
    (p) => p.domainFolder === owner.domain && p.productFolder === owner.product,
  );
}
