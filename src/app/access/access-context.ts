import { asList, asObject } from '../../core/json/loose.ts';
import type { ContractEntry, PortEntry, ProductEntry } from '../../core/mesh/mesh-model.ts';
import {
  lookupContract,
  lookupOutputPort,
  lookupProduct,
  productLocation,
} from '../../core/mesh/product-lookup.ts';
import { isConfidential, isPersonalData } from '../../core/privacy/personal-data.ts';
import { MeshworkError } from '../errors.ts';
import type { Team } from '../catalog/catalog-types.ts';
import { domainRolesOf } from '../catalog/teams.ts';
import type { AccessActor, AccessMesh } from './access-types.ts';

/**
 * One column a port's contract offers: `object.property`, whether it is personal data and
 * whether it is confidential (a confidentiality level, personal or not).
 */
export interface PortColumn {
  readonly name: string;
  readonly object: string;
  readonly property: string;
  /** The object's physical name (the served table). */
  readonly physicalObject: string;
  /** The property's physical name (the served column). */
  readonly physicalName: string;
  readonly personal: boolean;
  readonly confidential: boolean;
  /** The property's ODCS `logicalType`; undefined where the contract gives none. */
  readonly logicalType?: string;
}

/**
 * Served as a keyed hash unless the grant's purpose allows personal data in clear:
 * personal columns, and confidential ones as they always were — a grant approved while
 * revenue figures were hashed must not start showing them in clear.
 */
export function isPseudonymised(column: PortColumn): boolean {
  return column.personal || column.confidential;
}

/** A product's output port as access sees it: where it lives and what it offers. */
export interface PortView {
  readonly product: ProductEntry;
  readonly port: PortEntry;
  readonly contract: ContractEntry | undefined;
  readonly columns: readonly PortColumn[];
}

/**
 * The product of an id, undefined when none; several products of one id refuse (409):
 * access must not decide for one and let the other's owners or data stand in for it.
 */
export function productById(mesh: AccessMesh, id: string): ProductEntry | undefined {
  const found = lookupProduct(mesh.model, id);
  if (found.kind === 'ambiguous') throw ambiguousProduct(id, found.entries);
  return found.kind === 'unique' ? found.entry : undefined;
}

/**
 * The product of an id when exactly one declares it: for the checks that only narrow who
 * may see or end something, where an ambiguous id grants nothing rather than failing.
 */
export function soleProductById(mesh: AccessMesh, id: string): ProductEntry | undefined {
  const found = lookupProduct(mesh.model, id);
  return found.kind === 'unique' ? found.entry : undefined;
}

/**
 * The output port of a product, with its contract and columns; undefined when unknown.
 * An id, port name or contract id declared twice refuses (409) instead of picking one.
 */
export function portView(mesh: AccessMesh, productId: string, port: string): PortView | undefined {
  const product = productById(mesh, productId);
  if (!product) return undefined;
  const ports = lookupOutputPort(product, port);
  if (ports.kind === 'missing') return undefined;
  if (ports.kind === 'ambiguous')
    throw new MeshworkError(
      'conflict',
      `The product "${productId}" (domains/${productLocation(product)}) declares ${ports.entries.length} output ports named "${port}"; access to it is refused until the name is unique.`,
    );
  const entry = ports.entry;
  let contract: ContractEntry | undefined;
  if (entry.contractId !== undefined) {
    const found = lookupContract(mesh.model, entry.contractId);
    if (found.kind === 'ambiguous')
      throw new MeshworkError(
        'conflict',
        `The contract id "${entry.contractId}" of "${productId}" port "${port}" is declared by ${found.entries
          .map((c) => c.doc.path)
          .join(' and ')}; access to it is refused until the id is unique.`,
      );
    if (found.kind === 'unique') contract = found.entry;
  }
  return { product, port: entry, contract, columns: contract ? columnsOf(contract) : [] };
}

function ambiguousProduct(id: string, entries: readonly ProductEntry[]): MeshworkError {
  return new MeshworkError(
    'conflict',
    `The product id "${id}" is declared by ${entries
      .map((p) => `domains/${productLocation(p)}`)
      .join(' and ')}; access to it is refused until the id is unique.`,
  );
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
          confidential: isConfidential(property),
          ...(typeof property.logicalType === 'string'
            ? { logicalType: property.logicalType }
            : {}),
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
