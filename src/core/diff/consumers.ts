import type { Grant } from '../access/model.ts';
import { lineageEdges } from '../mesh/lineage.ts';
import type { MeshModel, ProductEntry } from '../mesh/mesh-model.ts';

/**
 * The products a contract change reaches: those that read the contract through an input
 * port (distance 1) and, through the lineage graph, everything downstream of them
 * (distance 2, 3 …), since a break upstream travels with the data.
 */
export interface Consumer {
  /** The product's id (its folder name when it has none). */
  readonly product: string;
  readonly domain: string;
  /** The product's team. */
  readonly team: string | null;
  /** The contract whose change reaches the product. */
  readonly contract: string;
  /** The input port through which it reads (the contract at distance 1, else upstream data). */
  readonly port: string;
  /** 1: reads the contract itself; 2 and more: reads from a product that does. */
  readonly distance: number;
}

export const CONSUMERS_NOTE =
  'Consumers are the downstream products in the lineage graph and the teams with an active grant on the changed product or a product downstream of it.';

/**
 * A team that reads a product through an access grant ("who uses what"): reached by a
 * contract change when the grant is on the product whose output port has the contract
 * (distance 1) or on a product downstream of it (its distance + 1).
 */
export interface GrantConsumer {
  readonly team: string;
  readonly domain: string;
  /** The product and output port the grant is on. */
  readonly product: string;
  readonly port: string;
  readonly purpose: string;
  readonly endsAt: string;
  readonly grantId: string;
  /** The contract whose change reaches the team. */
  readonly contract: string;
  readonly distance: number;
}

/** The active grants a change of `contractId` reaches, nearest first. */
export function grantConsumersOf(
  model: MeshModel,
  contractId: string,
  grants: readonly Grant[],
): GrantConsumer[] {
  const reached = new Map<string, number>();
  for (const product of model.products) {
    if (product.outputPorts.some((port) => port.contractId === contractId)) {
      reached.set(productId(product), 1);
    }
  }
  for (const consumer of consumersOf(model, contractId)) {
    const known = reached.get(consumer.product);
    if (known === undefined || consumer.distance + 1 < known) {
      reached.set(consumer.product, consumer.distance + 1);
    }
  }
  return grants
    .filter((grant) => grant.state === 'active' && reached.has(grant.productId))
    .map((grant) => ({
      team: grant.consumerTeam,
      domain: grant.consumerDomain,
      product: grant.productId,
      port: grant.port,
      purpose: grant.purpose,
      endsAt: grant.endsAt,
      grantId: grant.id,
      contract: contractId,
      distance: reached.get(grant.productId) ?? 1,
    }))
    .sort(
      (a, b) =>
        a.distance - b.distance ||
        a.product.localeCompare(b.product) ||
        a.team.localeCompare(b.team),
    );
}

function productId(product: ProductEntry): string {
  return product.id ?? product.productFolder;
}

export function consumersOf(model: MeshModel, contractId: string): Consumer[] {
  const edges = lineageEdges(model);
  const found = new Map<ProductEntry, Consumer>();
  let frontier: ProductEntry[] = [];
  const direct = model.products.flatMap((product) =>
    product.inputPorts
      .filter((port) => port.contractId === contractId)
      .map((port) => ({ product, port: port.name })),
  );
  for (const { product, port } of direct) {
    if (found.has(product)) continue;
    found.set(product, describe(product, contractId, port, 1));
    frontier.push(product);
  }
  for (let distance = 2; frontier.length > 0; distance++) {
    const next: ProductEntry[] = [];
    for (const edge of edges) {
      if (edge.from.kind !== 'product' || !frontier.includes(edge.from.product)) continue;
      if (found.has(edge.to)) continue;
      found.set(edge.to, describe(edge.to, contractId, edge.port.name, distance));
      next.push(edge.to);
    }
    frontier = next;
  }
  return [...found.values()].sort(
    (a, b) => a.distance - b.distance || a.product.localeCompare(b.product),
  );
}

function describe(
  product: ProductEntry,
  contract: string,
  port: string,
  distance: number,
): Consumer {
  return {
    product: productId(product),
    domain: product.declaredDomain ?? product.domainFolder,
    team: product.teamName ?? null,
    contract,
    port,
    distance,
  };
}
