import type { ContractEntry, MeshModel, PortEntry, ProductEntry } from './mesh-model.ts';

/**
 * One entry found by a name that should be unique: the entry, none, or several. Two
 * products (ports, contracts) that declare one id are ambiguous, and whoever looks one up
 * must not pick either: access and the catalog both look up through here, so that a
 * decision is never made for one product and the data of another served.
 */
export type Lookup<T> =
  | { readonly kind: 'unique'; readonly entry: T }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly entries: readonly T[] };

/** The id a product is known by in the catalog, the API and access: its id, else its folder. */
export const productKey = (p: ProductEntry): string => p.id ?? p.productFolder;

/** Where a product lives, `domain/product`: what tells two products of one id apart. */
export const productLocation = (p: ProductEntry): string => `${p.domainFolder}/${p.productFolder}`;

const indexes = new WeakMap<MeshModel, ReadonlyMap<string, readonly ProductEntry[]>>();

/** Every product by its key, in mesh order; built once per model. */
export function productsByKey(model: MeshModel): ReadonlyMap<string, readonly ProductEntry[]> {
  let index = indexes.get(model);
  if (!index) {
    const built = new Map<string, ProductEntry[]>();
    for (const p of model.products) {
      const key = productKey(p);
      const list = built.get(key);
      if (list) list.push(p);
      else built.set(key, [p]);
    }
    index = built;
    indexes.set(model, index);
  }
  return index;
}

export function lookupProduct(model: MeshModel, id: string): Lookup<ProductEntry> {
  return lookupIn(productsByKey(model).get(id));
}

/** A product's output port by name; two ports of one name are ambiguous. */
export function lookupOutputPort(product: ProductEntry, name: string): Lookup<PortEntry> {
  return lookupIn(product.outputPorts.filter((p) => p.name === name));
}

/** A contract by id; two contracts of one id are ambiguous. */
export function lookupContract(model: MeshModel, id: string): Lookup<ContractEntry> {
  return lookupIn(model.contractsById.get(id));
}

function lookupIn<T>(entries: readonly T[] | undefined): Lookup<T> {
  if (!entries || entries.length === 0) return { kind: 'missing' };
  if (entries.length === 1) return { kind: 'unique', entry: entries[0]! };
  return { kind: 'ambiguous', entries };
}
