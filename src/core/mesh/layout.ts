/**
 * The layout of a mesh repository (README, "Mesh repository layout"): which file plays
 * which part is decided by its path alone, so a file is classified before it is parsed
 * and a broken file still counts as what it was meant to be.
 *
 * ```
 * meshwork.yaml                                  the organisation
 * domains/<domain>/domain.yaml                   a domain and its team(s)
 * domains/<domain>/<product>/product.odps.yaml   an ODPS data product
 * domains/<domain>/<product>/*.odcs.yaml         ODCS contracts of that product's output ports
 * domains/<domain>/<product>/transform.sql       the transformation (optional)
 * sources/<system>/*.odcs.yaml                   ODCS contracts of operational systems
 * policies/*.policy.yaml                         global policies
 * domains/<domain>/policies/*.yaml               a domain's policies and adaptations
 * ```
 */
export type MeshFileRole =
  | { readonly kind: 'organisation' }
  | { readonly kind: 'domain'; readonly domain: string }
  | { readonly kind: 'product'; readonly domain: string; readonly product: string }
  | { readonly kind: 'contract'; readonly domain: string; readonly product: string }
  | { readonly kind: 'source-contract'; readonly system: string }
  | { readonly kind: 'transform'; readonly domain: string; readonly product: string }
  | { readonly kind: 'policy'; readonly domain: string | null }
  | { readonly kind: 'misplaced'; readonly expected: string }
  | { readonly kind: 'other' };

export const MESH_FILE = 'meshwork.yaml';
export const DOMAIN_FILE = 'domain.yaml';
export const PRODUCT_FILE = 'product.odps.yaml';

const YAML = /\.ya?ml$/;

/** Classifies a path relative to the mesh root, with `/` separators. */
export function classifyMeshPath(relativePath: string): MeshFileRole {
  const parts = relativePath.split('/');
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 1) {
    if (name === MESH_FILE) return { kind: 'organisation' };
    if (name.endsWith('.odcs.yaml') || name.endsWith('.odps.yaml')) {
      return { kind: 'misplaced', expected: 'domains/<domain>/<product>/ or sources/<system>/' };
    }
    return { kind: 'other' };
  }
  const [top, second, third] = parts;
  if (top === 'policies' && parts.length === 2 && YAML.test(name))
    return { kind: 'policy', domain: null };
  if (top === 'sources') {
    if (parts.length === 3 && name.endsWith('.odcs.yaml'))
      return { kind: 'source-contract', system: second! };
    if (name.endsWith('.odcs.yaml'))
      return { kind: 'misplaced', expected: 'sources/<system>/<name>.odcs.yaml' };
    return { kind: 'other' };
  }
  if (top !== 'domains' || second === undefined) return { kind: 'other' };
  const domain = second;
  if (parts.length === 3) {
    if (name === DOMAIN_FILE) return { kind: 'domain', domain };
    if (name.endsWith('.odcs.yaml') || name.endsWith('.odps.yaml')) {
      return { kind: 'misplaced', expected: `domains/${domain}/<product>/` };
    }
    return { kind: 'other' };
  }
  if (third === 'policies' && parts.length === 4 && YAML.test(name))
    return { kind: 'policy', domain };
  if (parts.length === 4 && third !== undefined) {
    const product = third;
    if (name === PRODUCT_FILE) return { kind: 'product', domain, product };
    if (name.endsWith('.odcs.yaml')) return { kind: 'contract', domain, product };
    if (name === 'transform.sql') return { kind: 'transform', domain, product };
    if (name.endsWith('.odps.yaml'))
      return { kind: 'misplaced', expected: `domains/${domain}/${product}/${PRODUCT_FILE}` };
    return { kind: 'other' };
  }
  if (name.endsWith('.odcs.yaml') || name.endsWith('.odps.yaml')) {
    return { kind: 'misplaced', expected: 'domains/<domain>/<product>/' };
  }
  return { kind: 'other' };
}

/** Whether a file should be read at all when a mesh is loaded. */
export function isMeshFile(relativePath: string): boolean {
  const role = classifyMeshPath(relativePath);
  return role.kind !== 'other';
}
