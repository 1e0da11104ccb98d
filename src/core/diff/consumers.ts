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
  /** The product's team; the teams with access are added once access management exists. */
  readonly team: string | null;
  /** The contract whose change reaches the product. */
  readonly contract: string;
  /** The input port through which it reads (the contract at distance 1, else upstream data). */
  readonly port: string;
  /** 1: reads the contract itself; 2 and more: reads from a product that does. */
  readonly distance: number;
}

export const CONSUMERS_NOTE =
  'Consumers are the downstream products in the lineage graph; teams with access are listed once access management exists.';

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
    product: product.id ?? product.productFolder,
    domain: product.declaredDomain ?? product.domainFolder,
    team: product.teamName ?? null,
    contract,
    port,
    distance,
  };
}
