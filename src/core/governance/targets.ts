import type { DocPath } from '../findings/finding.ts';
import type { MeshDocument, MeshModel, PortEntry, ProductEntry } from '../mesh/mesh-model.ts';
import type { TargetKind } from './policy-model.ts';
import { asList, asObject } from './predicates.ts';

/** The CEL variables a rule sees; null where the target has no such thing. */
export interface PolicyVariables {
  readonly mesh: unknown;
  readonly domain: unknown;
  readonly product: unknown;
  readonly port: unknown;
  readonly contract: unknown;
  readonly schema: unknown;
  readonly property: unknown;
  /** Access policies only (access-policies.ts): the request and its purpose. */
  readonly request: unknown;
  readonly purpose: unknown;
}

/** One thing a policy can be evaluated for, with the YAML node a finding points at. */
export interface Target {
  readonly kind: TargetKind;
  /** The domain folder it belongs to; undefined for the mesh itself. */
  readonly domain: string | undefined;
  readonly product: ProductEntry | undefined;
  readonly doc: MeshDocument;
  readonly path: DocPath;
  /** How messages name it, e.g. `product "orders", output port "orders_v1"`. */
  readonly label: string;
  readonly variables: PolicyVariables;
}

const NONE: PolicyVariables = {
  mesh: null,
  domain: null,
  product: null,
  port: null,
  contract: null,
  schema: null,
  property: null,
  request: null,
  purpose: null,
};

/** The contract document a port's contractId names, when exactly one contract has that id. */
export function portContract(model: MeshModel, port: PortEntry): MeshDocument | undefined {
  if (port.contractId === undefined) return undefined;
  const candidates = model.contractsById.get(port.contractId);
  return candidates?.length === 1 ? candidates[0]!.doc : undefined;
}

/**
 * Every target of the mesh, by kind. Targets are the mesh's own things: the mesh,
 * its domains, their products with ports, and the products' contracts with their schema
 * objects and properties. Contracts under sources/ describe systems the mesh does not
 * own and are not targets (they are still what input ports resolve to).
 */
export function collectTargets(model: MeshModel): Map<TargetKind, Target[]> {
  const byKind = new Map<TargetKind, Target[]>();
  const add = (t: Target): void => {
    const list = byKind.get(t.kind) ?? [];
    list.push(t);
    byKind.set(t.kind, list);
  };
  const mesh = {
    ...(asObject(model.organisation?.source.data) ?? {}),
    domains: [...model.domains.values()].map((d) => d.doc.source.data ?? null),
    products: model.products.map((p) => p.doc.source.data ?? null),
    contracts: model.contracts.map((c) => c.doc.source.data ?? null),
  };
  const base: PolicyVariables = { ...NONE, mesh };
  if (model.organisation)
    add({
      kind: 'mesh',
      domain: undefined,
      product: undefined,
      doc: model.organisation,
      path: [],
      label: 'the mesh',
      variables: base,
    });
  for (const [folder, entry] of model.domains) {
    const data = entry.doc.source.data ?? null;
    add({
      kind: 'domain',
      domain: folder,
      product: undefined,
      doc: entry.doc,
      path: [],
      label: `domain "${folder}"`,
      variables: { ...base, domain: data },
    });
  }
  for (const product of model.products) {
    const data = asObject(product.doc.source.data);
    if (!data) continue;
    const domain = model.domains.get(product.domainFolder)?.doc.source.data ?? null;
    const name = product.id ?? product.productFolder;
    const vars: PolicyVariables = { ...base, domain, product: data };
    const common = { domain: product.domainFolder, product, doc: product.doc };
    add({ ...common, kind: 'dataProduct', path: [], label: `product "${name}"`, variables: vars });
    for (const port of [...product.inputPorts, ...product.outputPorts]) {
      const key = port.kind === 'input' ? 'inputPorts' : 'outputPorts';
      const raw = asList(data[key])[port.index] ?? null;
      add({
        ...common,
        kind: port.kind === 'input' ? 'inputPort' : 'outputPort',
        path: [key, port.index],
        label: `product "${name}", ${port.kind} port "${port.name}"`,
        variables: {
          ...vars,
          port: raw,
          contract: portContract(model, port)?.source.data ?? null,
        },
      });
    }
  }
  const productsByFolder = indexByFolder(model);
  for (const contract of model.contracts) {
    const data = asObject(contract.doc.source.data);
    if (!data || contract.owner.kind !== 'product') continue;
    const product = productsByFolder.get(`${contract.owner.domain}/${contract.owner.product}`);
    const domain = model.domains.get(contract.owner.domain)?.doc.source.data ?? null;
    const vars: PolicyVariables = {
      ...base,
      domain,
      product: product?.doc.source.data ?? null,
      contract: data,
    };
    const name = contract.id ?? contract.doc.path;
    const common = { domain: contract.owner.domain, product, doc: contract.doc };
    add({ ...common, kind: 'contract', path: [], label: `contract "${name}"`, variables: vars });
    asList(data.schema).forEach((rawSchema, i) => {
      const schema = asObject(rawSchema);
      if (!schema) return;
      const objectName = typeof schema.name === 'string' ? schema.name : `#${i + 1}`;
      const label = `contract "${name}", object "${objectName}"`;
      const schemaVars = { ...vars, schema };
      add({ ...common, kind: 'schema', path: ['schema', i], label, variables: schemaVars });
      walkProperties(schema, ['schema', i], label, (property, path, propertyLabel) =>
        add({
          ...common,
          kind: 'property',
          path,
          label: propertyLabel,
          variables: { ...schemaVars, property },
        }),
      );
    });
  }
  return byKind;
}

/** Products by `<domain folder>/<product folder>`, the key a contract's owner names. */
export function indexByFolder(model: MeshModel): Map<string, ProductEntry> {
  return new Map(model.products.map((p) => [`${p.domainFolder}/${p.productFolder}`, p]));
}

/** Properties at any depth: nested object properties and the properties of array items. */
function walkProperties(
  holder: Record<string, unknown>,
  at: DocPath,
  label: string,
  visit: (property: Record<string, unknown>, path: DocPath, label: string) => void,
): void {
  asList(holder.properties).forEach((raw, j) => {
    const property = asObject(raw);
    if (!property) return;
    const path = [...at, 'properties', j];
    const name = typeof property.name === 'string' ? property.name : `#${j + 1}`;
    const own = `${label}, property "${name}"`;
    visit(property, path, own);
    walkProperties(property, path, own, visit);
    const items = asObject(property.items);
    if (items) walkProperties(items, [...path, 'items'], own, visit);
  });
}
