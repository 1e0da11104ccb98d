import { Environment } from '@marcbachmann/cel-js';
import type { MeshModel, ProductEntry } from '../mesh/mesh-model.ts';
import { lineageCycles, lineageEdges } from '../mesh/lineage.ts';
import {
  asList,
  asObject,
  customProperty,
  isConfidential,
  isPersonal,
  isSemver,
  isSnakeCase,
  looksPersonal,
  slaInDays,
} from './predicates.ts';
import { indexByFolder, portContract } from './targets.ts';
import { RE2_MATCHES, re2Matches, useRe2Matches } from './cel-regex.ts';

/** The variables every rule and guard may read (docs/governance.md). */
export const POLICY_VARIABLES = [
  'mesh',
  'domain',
  'product',
  'port',
  'contract',
  'schema',
  'property',
  'request',
  'purpose',
] as const;

/** What the helper functions look things up in: the mesh's documents, indexed once. */
interface HelperIndex {
  readonly products: Map<unknown, ProductEntry>;
  readonly upstream: Map<ProductEntry, unknown[]>;
  readonly downstream: Map<ProductEntry, unknown[]>;
  readonly inCycle: Set<ProductEntry>;
  readonly portContracts: Map<unknown, unknown>;
  readonly ownContracts: Map<ProductEntry, unknown[]>;
  readonly teams: Map<ProductEntry, unknown>;
}

export interface HelperFunction {
  readonly signature: string;
  readonly description: string;
  readonly handler: (index: HelperIndex, ...args: unknown[]) => unknown;
}

const productOfData = (ix: HelperIndex, value: unknown): ProductEntry | undefined =>
  ix.products.get(value);

/** The helper functions, documented in docs/governance.md from this table. */
export const HELPER_FUNCTIONS: readonly HelperFunction[] = [
  {
    signature: 'upstream(dyn): list',
    description: 'the products whose output ports the product reads (one lineage step)',
    handler: (ix, p) => ix.upstream.get(productOfData(ix, p)!) ?? [],
  },
  {
    signature: 'downstream(dyn): list',
    description: 'the products that read one of the product’s output ports',
    handler: (ix, p) => ix.downstream.get(productOfData(ix, p)!) ?? [],
  },
  {
    signature: 'inLineageCycle(dyn): bool',
    description: 'whether the product is part of a lineage cycle',
    handler: (ix, p) => ix.inCycle.has(productOfData(ix, p)!),
  },
  {
    signature: 'hasContract(dyn): bool',
    description: 'whether the port’s contractId names exactly one contract of the mesh',
    handler: (ix, port) => ix.portContracts.has(port),
  },
  {
    signature: 'contractOf(dyn): dyn',
    description: 'the contract a port’s contractId names, or null',
    handler: (ix, port) => ix.portContracts.get(port) ?? null,
  },
  {
    signature: 'contractsOf(dyn): list',
    description: 'the contracts in the product’s folder',
    handler: (ix, p) => ix.ownContracts.get(productOfData(ix, p)!) ?? [],
  },
  {
    signature: 'teamOf(dyn): dyn',
    description: 'the team of domain.yaml that the product names as its team, or null',
    handler: (ix, p) => ix.teams.get(productOfData(ix, p)!) ?? null,
  },
  {
    signature: 'isPersonal(dyn): bool',
    description:
      'the property is declared personal data: classification pii/personal/personal-data/sensitive/personenbezogen, a tag pii/personal/gdpr, or customProperty personalData: true (a confidentiality level such as restricted or confidential is not personal data)',
    handler: (_ix, property) => isPersonal(property),
  },
  {
    signature: 'isConfidential(dyn): bool',
    description:
      'the property is classified at a confidentiality level: restricted, confidential, secret, vertraulich, streng-vertraulich, …',
    handler: (_ix, property) => isConfidential(property),
  },
  {
    signature: 'looksPersonal(dyn): bool',
    description:
      'the property’s name reads like personal data (email, phone, first_name, birth_date, iban …), an example looks like an e-mail, phone number or IBAN, or its format is email',
    handler: (_ix, property) => looksPersonal(property),
  },
  {
    signature: 'personalProperties(dyn): list',
    description: 'the properties of a contract (at any depth) that are declared personal',
    handler: (_ix, contract) => personalProperties(contract),
  },
  {
    signature: 'customProperty(dyn, string): dyn',
    description: 'the value of the named entry in a customProperties list, or null',
    handler: (_ix, holder, name) => customProperty(holder, String(name)),
  },
  {
    signature: 'isSemver(string): bool',
    description: 'a Semantic Versioning 2.0.0 version such as 1.4.0',
    handler: (_ix, value) => isSemver(String(value)),
  },
  {
    signature: 'isSnakeCase(string): bool',
    description: 'lower-case words joined by underscores, such as order_lines',
    handler: (_ix, value) => isSnakeCase(String(value)),
  },
  {
    signature: 'slaInDays(dyn, string): dyn',
    description:
      'the contract’s SLA property of that name (latency, retention …) in days as a double, or null',
    handler: (_ix, contract, name) => slaInDays(contract, String(name)),
  },
];

function personalProperties(contract: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (holder: unknown): void => {
    for (const raw of asList(asObject(holder)?.properties)) {
      if (isPersonal(raw)) out.push(raw);
      walk(raw);
      walk(asObject(raw)?.items);
    }
  };
  for (const schema of asList(asObject(contract)?.schema)) walk(schema);
  return out;
}

function buildIndex(model: MeshModel): HelperIndex {
  const products = new Map<unknown, ProductEntry>();
  const portContracts = new Map<unknown, unknown>();
  const ownContracts = new Map<ProductEntry, unknown[]>();
  const teams = new Map<ProductEntry, unknown>();
  for (const product of model.products) {
    const data = asObject(product.doc.source.data);
    if (!data) continue;
    products.set(data, product);
    for (const port of [...product.inputPorts, ...product.outputPorts]) {
      const raw = asList(data[port.kind === 'input' ? 'inputPorts' : 'outputPorts'])[port.index];
      const contract = portContract(model, port);
      if (raw !== undefined && contract) portContracts.set(raw, contract.source.data);
    }
    const domain = asObject(model.domains.get(product.domainFolder)?.doc.source.data);
    const team = [asObject(domain?.team), ...asList(domain?.teams).map(asObject)].find(
      (t) => t !== undefined && t.name === product.teamName,
    );
    if (team) teams.set(product, team);
  }
  const byFolder = indexByFolder(model);
  for (const contract of model.contracts) {
    const owner = contract.owner;
    if (owner.kind !== 'product') continue;
    const product = byFolder.get(`${owner.domain}/${owner.product}`);
    if (!product) continue;
    const list = ownContracts.get(product) ?? [];
    list.push(contract.doc.source.data);
    ownContracts.set(product, list);
  }
  const edges = lineageEdges(model);
  const upstream = new Map<ProductEntry, unknown[]>();
  const downstream = new Map<ProductEntry, unknown[]>();
  for (const e of edges) {
    if (e.from.kind !== 'product') continue;
    const from = e.from.product;
    const up = upstream.get(e.to) ?? [];
    if (!up.includes(from.doc.source.data)) up.push(from.doc.source.data);
    upstream.set(e.to, up);
    const down = downstream.get(from) ?? [];
    if (!down.includes(e.to.doc.source.data)) down.push(e.to.doc.source.data);
    downstream.set(from, down);
  }
  const inCycle = new Set<ProductEntry>();
  for (const cycle of lineageCycles(edges)) for (const e of cycle) inCycle.add(e.to);
  return { products, upstream, downstream, inCycle, portContracts, ownContracts, teams };
}

/**
 * An Environment whose expressions call RE2 for `matches` (cel-regex.ts): the rename
 * happens on every way in (parse, check, evaluate), so no caller can reach RegExp.
 */
class PolicyEnvironment extends Environment {
  override parse(expression: string): ReturnType<Environment['parse']> {
    return super.parse(useRe2Matches(expression));
  }
  override check(expression: string): ReturnType<Environment['check']> {
    return super.check(useRe2Matches(expression));
  }
  override evaluate(
    expression: string,
    context?: Parameters<Environment['evaluate']>[1],
  ): ReturnType<Environment['evaluate']> {
    return super.evaluate(useRe2Matches(expression), context);
  }
}

/**
 * The CEL environment policies are compiled in: the variables as `dyn` (documents are
 * open-ended YAML), `params` as a map, and the helper functions bound to this mesh.
 * Created once per evaluation; every rule is compiled in it once.
 */
export function createPolicyEnvironment(model: MeshModel): Environment {
  const index = buildIndex(model);
  const env = new PolicyEnvironment({
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
  });
  for (const name of POLICY_VARIABLES) env.registerVariable(name, 'dyn');
  env.registerVariable('params', 'map');
  for (const fn of HELPER_FUNCTIONS)
    env.registerFunction(fn.signature, (...args: unknown[]) => fn.handler(index, ...args), {
      description: fn.description,
    });
  // CEL's matches in both spellings, with RE2 (the CEL spec's regular expressions).
  env.registerFunction(`string.${RE2_MATCHES}(string): bool`, (text: unknown, pattern: unknown) =>
    re2Matches(String(text), String(pattern)),
  );
  env.registerFunction(`${RE2_MATCHES}(string, string): bool`, (text: unknown, pattern: unknown) =>
    re2Matches(String(text), String(pattern)),
  );
  return env;
}
