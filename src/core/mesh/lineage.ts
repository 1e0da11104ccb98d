import type { ContractEntry, MeshModel, PortEntry, ProductEntry } from './mesh-model.ts';

/**
 * The lineage graph: an input port that names a contract is an edge from the contract's
 * owner (a product, or a source system) to the reading product.
 */
export interface LineageEdge {
  readonly from:
    | { readonly kind: 'product'; readonly product: ProductEntry }
    | { readonly kind: 'source'; readonly contract: ContractEntry };
  readonly to: ProductEntry;
  readonly port: PortEntry;
  readonly contract: ContractEntry;
}

/** Each output contract with the product that publishes it (contract ids resolving to one). */
export function outputOwners(model: MeshModel): Map<ContractEntry, ProductEntry> {
  const owners = new Map<ContractEntry, ProductEntry>();
  for (const product of model.products) {
    for (const port of product.outputPorts) {
      const candidates =
        port.contractId === undefined ? undefined : model.contractsById.get(port.contractId);
      if (candidates?.length === 1) owners.set(candidates[0]!, product);
    }
  }
  return owners;
}

export function lineageEdges(model: MeshModel): LineageEdge[] {
  const ownerOf = outputOwners(model);
  const edges: LineageEdge[] = [];
  for (const product of model.products) {
    for (const port of product.inputPorts) {
      const candidates =
        port.contractId === undefined ? undefined : model.contractsById.get(port.contractId);
      if (candidates?.length !== 1) continue;
      const contract = candidates[0]!;
      const upstream = ownerOf.get(contract);
      if (upstream)
        edges.push({ from: { kind: 'product', product: upstream }, to: product, port, contract });
      else if (contract.owner.kind === 'source')
        edges.push({ from: { kind: 'source', contract }, to: product, port, contract });
    }
  }
  return edges;
}

/**
 * The cycles among products: strongly connected components with more than one product,
 * or a product that reads its own output (Tarjan's algorithm, iterative so that a long
 * chain cannot overflow the stack). Each cycle is returned in edge order.
 */
export function lineageCycles(edges: readonly LineageEdge[]): LineageEdge[][] {
  const out = new Map<ProductEntry, LineageEdge[]>();
  const nodes = new Set<ProductEntry>();
  for (const e of edges) {
    if (e.from.kind !== 'product') continue;
    nodes.add(e.from.product).add(e.to);
    const list = out.get(e.from.product) ?? [];
    list.push(e);
    out.set(e.from.product, list);
  }
  const index = new Map<ProductEntry, number>();
  const low = new Map<ProductEntry, number>();
  const onStack = new Set<ProductEntry>();
  const stack: ProductEntry[] = [];
  const components: ProductEntry[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: ProductEntry; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const successors = out.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const w = successors[frame.next++]!.to;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: ProductEntry[] = [];
        let w: ProductEntry;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        components.push(component);
      }
    }
  }
  const cycles: LineageEdge[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const inside = edges.filter(
      (e) => e.from.kind === 'product' && members.has(e.from.product) && members.has(e.to),
    );
    if (component.length > 1 || inside.length > 0) cycles.push(walkCycle(inside));
  }
  return cycles;
}

/** The shortest cycle through the component's first edge (breadth-first back to its start). */
function walkCycle(inside: readonly LineageEdge[]): LineageEdge[] {
  const first = inside[0];
  if (!first || first.from.kind !== 'product') return [];
  const start = first.from.product;
  const cameBy = new Map<ProductEntry, LineageEdge | null>([[first.to, null]]);
  const queue: ProductEntry[] = [first.to];
  while (queue.length > 0 && !cameBy.has(start)) {
    const at = queue.shift()!;
    for (const e of inside) {
      if (e.from.kind !== 'product' || e.from.product !== at || cameBy.has(e.to)) continue;
      cameBy.set(e.to, e);
      queue.push(e.to);
    }
  }
  const tail: LineageEdge[] = [];
  let at: ProductEntry = start;
  while (at !== first.to) {
    const e = cameBy.get(at);
    if (!e || e.from.kind !== 'product') break;
    tail.unshift(e);
    at = e.from.product;
  }
  return [first, ...tail];
}
