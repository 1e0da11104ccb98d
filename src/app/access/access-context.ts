import { asList, asObject } from '../../core/json/loose.ts';
import type { ContractEntry, PortEntry, ProductEntry } from '../../core/mesh/mesh-model.ts';
import { isPersonalData } from '../../core/privacy/personal-data.ts';
import type { Team } from '../catalog/catalog-types.ts';
import { domainRolesOf } from '../catalog/teams.ts';
import type { AccessActor, AccessMesh } from './access-types.ts';

/** One column a port's contract offers: `object.property`, and whether it is personal data. */
export interface PortColumn {
  readonly name: string;
  readonly object: string;
  readonly property: string;
  /** The object's physical name (the served table). */
  readonly physicalObject: string;
  /** The property's physical name (the served column). */
  readonly physicalName: string;
  readonly personal: boolean;
}

/** A product's output port as access sees it: where it lives and what it offers. */
export interface PortView {
  readonly product: ProductEntry;
  readonly port: PortEntry;
  readonly contract: ContractEntry | undefined;
  readonly columns: readonly PortColumn[];
}

const products = new WeakMap<AccessMesh, Map<string, ProductEntry>>();

export function productById(mesh: AccessMesh, id: string): ProductEntry | undefined {
  let index = products.get(mesh);
  if (!index) {
    index = new Map();
    for (const p of mesh.model.products)
      if (p.id !== undefined && !index.has(p.id)) index.set(p.id, p);
    products.set(mesh, index);
  }
  return index.get(id);
}

/** The output port of a product, with its contract and columns; undefined when unknown. */
export function portView(mesh: AccessMesh, productId: string, port: string): PortView | undefined {
  const product = productById(mesh, productId);
  const entry = product?.outputPorts.find((p) => p.name === port);
  if (!product || !entry) return undefined;
  const candidates = entry.contractId ? mesh.model.contractsById.get(entry.contractId) : undefined;
  const contract = candidates?.length === 1 ? candidates[0] : undefined;
  return { product, port: entry, contract, columns: contract ? columnsOf(contract) : [] };
}

/** Every top-level property of every schema object, in contract order. */
export function columnsOf(contract: ContractEntry): PortColumn[] {
  const data = asObject(contract.doc.source.data);
  return asList(data?.schema).flatMap((rawObject) => {
    const object = asObject(rawObject);
    if (!object || typeof object.name !== 'string') return [];
    const objectName = object.name;
    const physicalObject =
      typeof object.physicalName === 'string' ? object.physicalName : objectName;
    return asList(object.properties).flatMap((rawProperty): PortColumn[] => {
      const property = asObject(rawProperty);
      if (!property || typeof property.name !== 'string') return [];
      return [
        {
          name: `${objectName}.${property.name}`,
          object: objectName,
          property: property.name,
          physicalObject,
          physicalName:
            typeof property.physicalName === 'string' ? property.physicalName : property.name,
          personal: isPersonalData(property),
        },
      ];
    });
  });
}

/** The columns a grant or request names (null: all), in contract order; unknown ones dropped. */
export function selectColumns(
  all: readonly PortColumn[],
  names: readonly string[] | null,
): PortColumn[] {
  if (names === null) return [...all];
  const wanted = new Set(names);
  return all.filter((c) => wanted.has(c.name));
}

/** Teams by name across domains (a name may repeat in two domains). */
export function teamsNamed(mesh: AccessMesh, name: string): Team[] {
  const found: Team[] = [];
  for (const list of mesh.teams.values()) for (const t of list) if (t.name === name) found.push(t);
  return found;
}

export function isMember(team: Team, username: string): boolean {
  return team.members.some((m) => m.username === username);
}

/** Names of every team the user belongs to. */
export function teamsOf(mesh: AccessMesh, username: string): Team[] {
  const found: Team[] = [];
  for (const list of mesh.teams.values())
    for (const t of list) if (isMember(t, username)) found.push(t);
  return found;
}

/** The team that owns a product (its `team.name` in its domain), if domain.yaml has it. */
export function owningTeam(mesh: AccessMesh, product: ProductEntry): Team | undefined {
  return mesh.teams.get(product.domainFolder)?.find((t) => t.name === product.teamName);
}

/** Owners decide: an owner of any team of the producing domain (the server's domain role). */
export function isProducingOwner(
  mesh: AccessMesh,
  product: ProductEntry,
  username: string,
): boolean {
  return domainRolesOf(mesh.teams, username)[product.domainFolder] === 'owner';
}

/** Who is reminded and asked: the owning team's owners, else the domain's owners. */
export function producingOwners(mesh: AccessMesh, product: ProductEntry): string[] {
  const own = owningTeam(mesh, product)
    ?.members.filter((m) => m.role === 'owner')
    .map((m) => m.username);
  if (own && own.length > 0) return own;
  const all = (mesh.teams.get(product.domainFolder) ?? []).flatMap((t) =>
    t.members.filter((m) => m.role === 'owner').map((m) => m.username),
  );
  return [...new Set(all)];
}

export const isAdmin = (actor: AccessActor): boolean => actor.roles.includes('admin');
export const isGovernance = (actor: AccessActor): boolean => actor.roles.includes('governance');
