import { lineageEdges } from '../mesh/lineage.ts';
import type { MeshModel, ProductEntry } from '../mesh/mesh-model.ts';

/**
 * The products a change touched: a file in a product's folder (product, contracts,
 * transform) touches that product; a changed source contract touches the products that
 * read it. Paths are relative to the mesh root, `/`-separated.
 */
export function productsTouchedBy(
  model: MeshModel,
  changedPaths: readonly string[],
): Set<ProductEntry> {
  const changed = new Set(changedPaths);
  const touched = new Set<ProductEntry>();
  for (const product of model.products) {
    const folder = `domains/${product.domainFolder}/${product.productFolder}/`;
    if (changedPaths.some((path) => path.startsWith(folder))) touched.add(product);
  }
  for (const edge of lineageEdges(model)) {
    if (edge.from.kind === 'source' && changed.has(edge.contract.doc.path)) touched.add(edge.to);
  }
  return touched;
}

/** `products` and everything downstream of them along the lineage graph. */
export function withDownstream(
  model: MeshModel,
  products: ReadonlySet<ProductEntry>,
): Set<ProductEntry> {
  const edges = lineageEdges(model);
  const result = new Set(products);
  const queue = [...products];
  while (queue.length > 0) {
    const product = queue.shift()!;
    for (const edge of edges) {
      if (edge.from.kind !== 'product' || edge.from.product !== product) continue;
      if (result.has(edge.to)) continue;
      result.add(edge.to);
      queue.push(edge.to);
    }
  }
  return result;
}
