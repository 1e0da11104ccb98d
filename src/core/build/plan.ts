import type { LineageEdge } from '../mesh/lineage.ts';
import { lineageEdges } from '../mesh/lineage.ts';
import type { ContractEntry, MeshModel, PortEntry, ProductEntry } from '../mesh/mesh-model.ts';

/** Where a build reads an input port from. */
export type PlannedInput =
  | {
      readonly kind: 'source';
      readonly port: PortEntry;
      readonly contract: ContractEntry;
    }
  | {
      readonly kind: 'product';
      readonly port: PortEntry;
      readonly contract: ContractEntry;
      readonly upstream: ProductEntry;
    }
  | { readonly kind: 'unresolved'; readonly port: PortEntry };

export interface PlannedOutput {
  readonly port: PortEntry;
  readonly contract: ContractEntry | undefined;
}

export interface PlannedProduct {
  readonly product: ProductEntry;
  /** `<domain folder>/<product folder>`: unique in a mesh, used in paths and messages. */
  readonly key: string;
  readonly inputs: readonly PlannedInput[];
  readonly outputs: readonly PlannedOutput[];
  /** Keys of the planned products this one waits for (upstream products also in the plan). */
  readonly after: readonly string[];
}

export interface BuildPlan {
  /** In topological order: every product comes after the planned products it reads. */
  readonly products: readonly PlannedProduct[];
}

export function productKey(product: ProductEntry): string {
  return `${product.domainFolder}/${product.productFolder}`;
}

/** Whether `reference` (an id, a name or `<domain>/<product>`) names the product. */
export function productMatches(product: ProductEntry, reference: string): boolean {
  return (
    reference === product.id ||
    reference === product.name ||
    reference === productKey(product) ||
    reference === product.productFolder
  );
}

/**
 * Plans a build of `selected` (all products when undefined): each product with its
 * inputs and outputs, in an order where upstream products come first. A product outside
 * the selection is not built; its current snapshot is read instead.
 */
export function planBuild(model: MeshModel, selected?: ReadonlySet<ProductEntry>): BuildPlan {
  const edges = lineageEdges(model);
  const chosen = model.products.filter((p) => !selected || selected.has(p));
  const order = topologicalOrder(chosen, edges);
  const products = order.map((product) => planProduct(model, product, edges, new Set(order)));
  return { products };
}

function planProduct(
  model: MeshModel,
  product: ProductEntry,
  edges: readonly LineageEdge[],
  planned: ReadonlySet<ProductEntry>,
): PlannedProduct {
  const inputs = product.inputPorts.map((port): PlannedInput => {
    const edge = edges.find((e) => e.to === product && e.port === port);
    if (!edge) return { kind: 'unresolved', port };
    if (edge.from.kind === 'source') return { kind: 'source', port, contract: edge.contract };
    return { kind: 'product', port, contract: edge.contract, upstream: edge.from.product };
  });
  const outputs = product.outputPorts.map((port): PlannedOutput => {
    const candidates =
      port.contractId === undefined ? undefined : model.contractsById.get(port.contractId);
    return { port, contract: candidates?.length === 1 ? candidates[0] : undefined };
  });
  const after = new Set<string>();
  for (const input of inputs) {
    if (input.kind === 'product' && planned.has(input.upstream) && input.upstream !== product)
      after.add(productKey(input.upstream));
  }
  return { product, key: productKey(product), inputs, outputs, after: [...after] };
}

/**
 * Kahn's algorithm over the product edges among `products`, ties broken by key so the
 * order is stable. Products on a cycle (reported by validate) come last, in key order.
 */
export function topologicalOrder(
  products: readonly ProductEntry[],
  edges: readonly LineageEdge[],
): ProductEntry[] {
  const members = new Set(products);
  const waitingFor = new Map<ProductEntry, number>(products.map((p) => [p, 0]));
  const next = new Map<ProductEntry, ProductEntry[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    if (e.from.kind !== 'product' || !members.has(e.from.product) || !members.has(e.to)) continue;
    const pair = `${productKey(e.from.product)}→${productKey(e.to)}`;
    if (seen.has(pair) || e.from.product === e.to) continue;
    seen.add(pair);
    waitingFor.set(e.to, waitingFor.get(e.to)! + 1);
    next.set(e.from.product, [...(next.get(e.from.product) ?? []), e.to]);
  }
  const byKey = (a: ProductEntry, b: ProductEntry): number =>
    productKey(a).localeCompare(productKey(b));
  const ready = products.filter((p) => waitingFor.get(p) === 0).sort(byKey);
  const order: ProductEntry[] = [];
  while (ready.length > 0) {
    const product = ready.shift()!;
    order.push(product);
    for (const downstream of next.get(product) ?? []) {
      const left = waitingFor.get(downstream)! - 1;
      waitingFor.set(downstream, left);
      if (left === 0) {
        ready.push(downstream);
        ready.sort(byKey);
      }
    }
  }
  const placed = new Set(order);
  return [...order, ...products.filter((p) => !placed.has(p)).sort(byKey)];
}
