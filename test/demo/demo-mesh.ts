import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/standards.ts';

/**
 * The demo mesh read plainly, for the demo's own tests: every YAML document with its path,
 * and the products' ports and lineage. Deliberately independent of src/core/mesh, so these
 * tests check the example files, not the loader that is tested elsewhere.
 */
export const demoRoot = join(repoRoot, 'examples', 'alpine-bikes');

export type Json = Record<string, unknown>;

export interface DemoDocument {
  /** Relative to the mesh root, with `/`. */
  readonly path: string;
  readonly data: Json;
}

export interface DemoPort {
  readonly name: string;
  readonly version: string;
  readonly contractId: string;
}

export interface DemoProduct extends DemoDocument {
  readonly id: string;
  readonly domain: string;
  readonly kind: string;
  readonly inputPorts: readonly DemoPort[];
  readonly outputPorts: readonly DemoPort[];
}

export interface DemoMesh {
  readonly documents: readonly DemoDocument[];
  readonly contracts: readonly DemoDocument[];
  readonly products: readonly DemoProduct[];
  readonly domains: readonly DemoDocument[];
  /** Contract id → the documents declaring it (exactly one in a sound mesh). */
  readonly contractsById: ReadonlyMap<string, readonly DemoDocument[]>;
  /** Output-port contract id → the product publishing it. */
  readonly producerOf: ReadonlyMap<string, DemoProduct>;
}

const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A scalar as text; anything else (objects, lists, null) as the empty string. */
export function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

export function customProperty(holder: Json, name: string): unknown {
  const entry = asList(holder.customProperties).find((e) => isObject(e) && e.property === name);
  return isObject(entry) ? entry.value : undefined;
}

function ports(value: unknown): DemoPort[] {
  return asList(value)
    .filter(isObject)
    .map((p) => ({
      name: String(p.name),
      version: String(p.version),
      contractId: String(p.contractId),
    }));
}

export function loadDemoMesh(root = demoRoot): DemoMesh {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'data' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.yaml')) files.push(path);
    }
  };
  walk(root);
  const documents = files.map((file): DemoDocument => {
    const data: unknown = parse(readFileSync(file, 'utf8'));
    return { path: relative(root, file).split('\\').join('/'), data: isObject(data) ? data : {} };
  });
  const contracts = documents.filter((d) => d.path.endsWith('.odcs.yaml'));
  const products = documents
    .filter((d) => d.path.endsWith('/product.odps.yaml'))
    .map((d): DemoProduct => ({
      ...d,
      id: String(d.data.id),
      domain: String(d.data.domain),
      kind: String(customProperty(d.data, 'meshworkKind')),
      inputPorts: ports(d.data.inputPorts),
      outputPorts: ports(d.data.outputPorts),
    }));
  const contractsById = new Map<string, DemoDocument[]>();
  for (const c of contracts) {
    const id = String(c.data.id);
    contractsById.set(id, [...(contractsById.get(id) ?? []), c]);
  }
  const producerOf = new Map<string, DemoProduct>();
  for (const p of products) for (const port of p.outputPorts) producerOf.set(port.contractId, p);
  return {
    documents,
    contracts,
    products,
    domains: documents.filter((d) => d.path.endsWith('/domain.yaml')),
    contractsById,
    producerOf,
  };
}

/** Products in an order where every product comes after the products it reads; throws on a cycle. */
export function buildOrder(mesh: DemoMesh): DemoProduct[] {
  const order: DemoProduct[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (product: DemoProduct, trail: readonly string[]): void => {
    if (state.get(product.id) === 'done') return;
    if (state.get(product.id) === 'visiting')
      throw new Error(`lineage cycle: ${[...trail, product.id].join(' -> ')}`);
    state.set(product.id, 'visiting');
    for (const port of product.inputPorts) {
      const upstream = mesh.producerOf.get(port.contractId);
      if (upstream) visit(upstream, [...trail, product.id]);
    }
    state.set(product.id, 'done');
    order.push(product);
  };
  for (const product of mesh.products) visit(product, []);
  return order;
}

/**
 * The `-- port: <name>` sections of a product's transform file (the build's convention:
 * each header starts the one query of that output port; text before the first header is
 * a preamble). Trailing semicolons are dropped, as the build does.
 */
export function transformSections(
  product: DemoProduct,
  root = demoRoot,
): { preamble: string; ports: Map<string, string> } {
  const file = join(
    root,
    dirname(product.path),
    String(customProperty(product.data, 'meshworkTransform')),
  );
  const preamble: string[] = [];
  const sections = new Map<string, string[]>();
  let current = preamble;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const header = /^\s*--\s*port:\s*(\S+)\s*$/i.exec(line);
    if (header) sections.set(header[1]!, (current = []));
    else current.push(line);
  }
  const clean = (lines: readonly string[]): string => lines.join('\n').trim().replace(/;\s*$/, '');
  return {
    preamble: clean(preamble),
    ports: new Map([...sections].map(([port, lines]) => [port, clean(lines)])),
  };
}

/** The single schema object of a contract (products' output contracts have exactly one). */
export function schemaObject(contract: DemoDocument): Json {
  const objects = asList(contract.data.schema).filter(isObject);
  if (objects.length !== 1)
    throw new Error(`${contract.path}: expected one schema object, found ${objects.length}`);
  return objects[0]!;
}

export function properties(object: Json): Json[] {
  return asList(object.properties).filter(isObject);
}
