import type { LineageEdge } from '../mesh/lineage.ts';
import { lineageEdges } from '../mesh/lineage.ts';
import { relationshipEdges } from '../mesh/relationship-edges.ts';
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
  /**
   * Keys of planned products this one is built after without reading them: those its
   * output contracts' relationships point into, so its relationship checks find their
   * data. A failure there does not stop this product.
   */
  readonly waitsFor: readonly string[];
}

/** One product built before another. */
interface Precedence {
  readonly from: ProductEntry;
  readonly to: ProductEntry;
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
  const members = new Set(chosen);
  const reads: Precedence[] = [];
  for (const e of edges)
    if (e.from.kind === 'product') reads.push({ from: e.from.product, to: e.to });
  const relationships = acyclicAdditions(
    reads.filter((r) => members.has(r.from) && members.has(r.to)),
    relationshipEdges(model).filter((r) => members.has(r.from) && members.has(r.to)),
  );
  const order = topologicalOrder(chosen, [...reads, ...relationships]);
  const products = order.map((product) => {
    const planned = planProduct(model, product, edges, members);
    const after = new Set(planned.after);
    const waitsFor = relationships
      .filter((r) => r.to === product && !after.has(productKey(r.from)))
      .map((r) => productKey(r.from));
    return { ...planned, waitsFor: [...new Set(waitsFor)] };
  });
  return { products };
}

/**
 * The relationship orderings that can be honoured: each is kept unless it would close a
 * cycle with the lineage and the orderings kept before it (two contracts with keys into
 * each other cannot both be built second; validate reports lineage cycles on its own).
 */
function acyclicAdditions(
  fixed: readonly Precedence[],
  candidates: readonly Precedence[],
): Precedence[] {
  const next = new Map<ProductEntry, ProductEntry[]>();
  const add = (e: Precedence): void => {
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  };
  const reaches = (start: ProductEntry, goal: ProductEntry): boolean => {
    const seen = new Set<ProductEntry>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (at === goal) return true;
      for (const n of next.get(at) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
    return false;
  };
  fixed.forEach(add);
  const kept: Precedence[] = [];
  for (const candidate of candidates) {
    if (reaches(candidate.to, candidate.from)) continue;
    add(candidate);
    kept.push(candidate);
  }
  return kept;
}

function planProduct(
  model: MeshModel,
  product: ProductEntry,
  edges: readonly LineageEdge[],
  planned: ReadonlySet<ProductEntry>,
): Omit<PlannedProduct, 'waitsFor'> {
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
 * Kahn's algorithm over the precedences among `products` (lineage edges between products,
 * relationship orderings), ties broken by key so the order is stable. Products on a cycle
 * (reported by validate) come last, in key order.
 */
export function topologicalOrder(
  products: readonly ProductEntry[],
  edges: readonly Precedence[],
): ProductEntry[] {
  const members = new Set(products);
  const waitingFor = new Map<ProductEntry, number>(products.map((p) => [p, 0]));
  const next = new Map<ProductEntry, ProductEntry[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    const from = e.from;
    if (!members.has(from) || !members.has(e.to)) continue;
    const pair = `${productKey(from)}→${productKey(e.to)}`;
    if (seen.has(pair) || from === e.to) continue;
    seen.add(pair);
    waitingFor.set(e.to, waitingFor.get(e.to)! + 1);
    next.set(from, [...(next.get(from) ?? []), e.to]);
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
