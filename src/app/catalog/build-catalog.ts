import type { Finding } from '../../core/findings/finding.ts';
import type { GovernanceReport, PolicySet } from '../../core/governance/index.ts';
import { buildScorecard } from '../../core/governance/index.ts';
import type { MeshModel, ProductEntry } from '../../core/mesh/mesh-model.ts';
import { glossaryGroups } from '../../core/mesh/glossary.ts';
import { lineageEdges } from '../../core/mesh/lineage.ts';
import { productKey, productLocation, productsByKey } from '../../core/mesh/product-lookup.ts';
import { checkUniqueness } from '../../core/mesh/references.ts';
import { meshSchedules } from '../../core/jobs/mesh-schedules.ts';
import type { TestRun } from '../../core/quality/index.ts';
import type { Catalog, ContractRecord, DomainRecord, ProductRecord } from './catalog-model.ts';
import type { LineageLink, LineageNode, PortOrigin } from './catalog-types.ts';
import { asArray, asObject, asString, asStrings, summarizeContract } from './contract-summary.ts';
import { summarizeAdaptations, summarizePolicies } from './governance-view.ts';
import { latencyOf } from './product-health.ts';
import type { SearchDocument } from './search-index.ts';
import { SearchIndex } from './search-index.ts';
import { membersOf, teamsByDomain } from './teams.ts';

export interface CatalogInput {
  readonly source: string;
  readonly revision: string;
  readonly indexedAt: Date;
  readonly model: MeshModel;
  /** The governance evaluation, or null when it was not run. */
  readonly governance: { readonly set: PolicySet; readonly report: GovernanceReport } | null;
  /** When the served snapshot of a port was built, by `<domain folder>/<product folder>/<port>`. */
  readonly builtAt: ReadonlyMap<string, string>;
  readonly latestRuns: ReadonlyMap<string, TestRun>;
}

export const productIdOf = productKey;
export const sourceNodeId = (contractId: string): string => `source:${contractId}`;

/** Indexes a mesh: products, domains, contracts, lineage, governance, the search index. */
export function buildCatalog(input: CatalogInput): Catalog {
  const { model } = input;
  const teams = teamsByDomain(model);
  // A file that does not parse says so in the catalog, beside the policies it then fails.
  const unreadable = model.documents.flatMap((d) => d.source.syntaxFindings);
  // Two products, ports or contracts of one name are shown: access refuses them (409).
  const duplicates = checkUniqueness(model);
  const findings: Finding[] = input.governance
    ? [
        ...unreadable,
        ...duplicates,
        ...input.governance.set.findings,
        ...input.governance.report.findings,
      ]
    : [...unreadable, ...duplicates];

  const contracts = new Map<string, ContractRecord>();
  const ownerOf = new Map<string, { product: ProductEntry; port: string }>();
  for (const product of model.products)
    for (const port of product.outputPorts)
      if (port.contractId !== undefined) ownerOf.set(port.contractId, { product, port: port.name });
  for (const entry of model.contracts) {
    if (entry.id === undefined || contracts.has(entry.id)) continue;
    const owner = ownerOf.get(entry.id);
    contracts.set(entry.id, {
      id: entry.id,
      file: entry.doc.path,
      yaml: entry.doc.source.text,
      contract: entry.doc.source.data ?? null,
      summary: summarizeContract(entry.id, entry.doc.source.data),
      productId: owner ? productIdOf(owner.product) : null,
      port: owner?.port ?? null,
    });
  }

  const nodes = new Map<string, LineageNode>();
  for (const p of model.products) {
    const id = productIdOf(p);
    nodes.set(id, {
      id,
      kind: 'product',
      name: p.name ?? id,
      domain: p.declaredDomain ?? p.domainFolder,
      status: p.status ?? null,
    });
  }
  const upstream = new Map<string, LineageLink[]>();
  const downstream = new Map<string, LineageLink[]>();
  const origins = new Map<string, PortOrigin>();
  for (const edge of lineageEdges(model)) {
    const contractId = edge.contract.id ?? '';
    let from: string;
    if (edge.from.kind === 'product') {
      from = productIdOf(edge.from.product);
      const node = nodes.get(from)!;
      origins.set(contractId, {
        kind: 'product',
        id: from,
        name: node.name,
        domain: node.domain ?? '',
      });
    } else {
      const owner = edge.from.contract.owner;
      const system = owner.kind === 'source' ? owner.system : '';
      from = sourceNodeId(contractId);
      const name = asString(asObject(edge.from.contract.doc.source.data)?.name) ?? contractId;
      nodes.set(from, { id: from, kind: 'source', name, domain: system, status: null });
      origins.set(contractId, { kind: 'source', id: contractId, name, domain: system });
    }
    const link = { from, to: productIdOf(edge.to), port: edge.port.name, contractId };
    push(upstream, link.to, link);
    push(downstream, from, link);
  }

  const products = model.products.map((p) =>
    productRecord(p, { input, contracts, origins, downstream, teams, findings }),
  );
  // An id two products declare names neither: the API answers 409 for it, never one of them.
  const productsById = new Map<string, ProductRecord>();
  const ambiguousProducts = new Map<string, readonly string[]>();
  const recordOf = new Map(model.products.map((p, i) => [p, products[i]!]));
  for (const [key, entries] of productsByKey(model)) {
    if (entries.length === 1) productsById.set(key, recordOf.get(entries[0]!)!);
    else ambiguousProducts.set(key, entries.map(productLocation));
  }
  const scorecard = input.governance
    ? buildScorecard(input.governance.report.results, input.indexedAt)
    : null;

  const domains = new Map<string, DomainRecord>();
  for (const [folder, entry] of model.domains) {
    const data = asObject(entry.doc.source.data) ?? {};
    const own = products.filter((r) => r.folder.startsWith(`${folder}/`));
    const line = scorecard?.domains.find((d) => d.name === folder);
    const domainFindings = findings.filter((f) => f.file.startsWith(`domains/${folder}/`));
    domains.set(folder, {
      summary: {
        name: folder,
        title: asString(data.title) ?? entry.name,
        description: asString(data.description),
        teams: entry.teamNames,
        products: own.length,
        consumers: own.reduce((n, r) => n + r.detail.consumers, 0),
        policyShare: line?.share ?? 1,
        findings: domainFindings.length,
      },
      teams: teams.get(folder) ?? [],
      products: own.map((r) => r.detail.id),
      findings: domainFindings,
    });
  }

  const index = new SearchIndex(
    products.map((r) => searchDocument(r, contracts)),
    { glossary: glossaryGroups(model.organisation?.source.data) },
  );
  return {
    source: input.source,
    revision: input.revision,
    indexedAt: input.indexedAt.toISOString(),
    products,
    productsById,
    ambiguousProducts,
    domains,
    contracts,
    nodes,
    upstream,
    downstream,
    policies: input.governance ? summarizePolicies(input.governance.set) : [],
    adaptations: input.governance ? summarizeAdaptations(model, input.governance.set) : [],
    findings,
    scorecard,
    index,
    schedules: scheduleEntries(model),
    latestRuns: new Map(input.latestRuns),
  };
}

function scheduleEntries(model: MeshModel): Catalog['schedules'] {
  const { timezone, entries } = meshSchedules(model);
  return { timezone, entries };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface Context {
  readonly input: CatalogInput;
  readonly contracts: ReadonlyMap<string, ContractRecord>;
  readonly origins: ReadonlyMap<string, PortOrigin>;
  readonly downstream: ReadonlyMap<string, readonly LineageLink[]>;
  readonly teams: ReturnType<typeof teamsByDomain>;
  readonly findings: readonly Finding[];
}

function productRecord(p: ProductEntry, ctx: Context): ProductRecord {
  const data = asObject(p.doc.source.data) ?? {};
  const id = productIdOf(p);
  const folder = `${p.domainFolder}/${p.productFolder}`;
  const description = asObject(data.description) ?? {};
  const team = (ctx.teams.get(p.domainFolder) ?? []).find((t) => t.name === p.teamName) ?? null;
  const ownMembers = membersOf(asObject(data.team)?.members);
  const kind = asArray(data.customProperties)
    .map(asObject)
    .find((c) => c?.property === 'meshworkKind')?.value;
  const consumers = new Set((ctx.downstream.get(id) ?? []).map((l) => l.to));
  const outputPorts = asArray(data.outputPorts).map((raw, i) => {
    const port = asObject(raw) ?? {};
    const contractId = asString(port.contractId);
    return {
      name: asString(port.name) ?? `#${i + 1}`,
      version: asString(port.version),
      contractId,
      contract: contractId === null ? null : (ctx.contracts.get(contractId)?.summary ?? null),
    };
  });
  const portBuiltAt = new Map<string, string>();
  for (const port of outputPorts) {
    const at = ctx.input.builtAt.get(`${folder}/${port.name}`);
    if (at !== undefined) portBuiltAt.set(port.name, at);
  }
  const built = outputPorts.map((port) => portBuiltAt.get(port.name));
  const lastBuiltAt =
    built.length > 0 && built.every((b) => b !== undefined) ? built.sort()[0]! : null;
  const outputContracts = outputPorts.flatMap((port) => (port.contract ? [port.contract] : []));
  return {
    folder,
    outputContracts: outputContracts.map((c) => c.id),
    lastBuiltAt,
    portBuiltAt,
    latency: latencyOf(outputContracts),
    findings: ctx.findings.filter((f) => f.file.startsWith(`domains/${folder}/`)),
    detail: {
      id,
      name: p.name ?? id,
      domain: p.declaredDomain ?? p.domainFolder,
      status: p.status ?? 'unknown',
      kind: typeof kind === 'string' ? kind : null,
      purpose: asString(description.purpose),
      owner: {
        team: p.teamName ?? null,
        members: ownMembers.length > 0 ? ownMembers : (team?.members ?? []),
      },
      tags: asStrings(data.tags),
      consumers: consumers.size,
      description,
      support: asArray(data.support)
        .map(asObject)
        .filter((s) => s !== undefined),
      team,
      inputPorts: p.inputPorts.map((port) => ({
        name: port.name,
        contractId: port.contractId ?? null,
        from: port.contractId === undefined ? null : (ctx.origins.get(port.contractId) ?? null),
      })),
      outputPorts,
    },
  };
}

function searchDocument(
  r: ProductRecord,
  contracts: ReadonlyMap<string, ContractRecord>,
): SearchDocument {
  const d = r.detail;
  const summaries = r.outputContracts.flatMap((id) => {
    const c = contracts.get(id);
    return c ? [c] : [];
  });
  const columns: string[] = [];
  const columnTexts: string[] = [];
  const classifications = new Set<string>();
  const tags = new Set(d.tags);
  for (const c of summaries) {
    for (const tag of asStrings(asObject(c.contract)?.tags)) tags.add(tag);
    for (const object of c.summary.schema) {
      columns.push(object.name);
      for (const p of object.properties) {
        columns.push(p.name);
        if (p.description) columnTexts.push(p.description);
        if (p.classification) classifications.add(p.classification);
      }
    }
  }
  const descriptions = Object.values(d.description).filter((v) => typeof v === 'string');
  return {
    name: d.name,
    fields: [
      { text: `${d.name} ${d.id}`, weight: 4 },
      { text: [...tags].join(' '), weight: 3 },
      { text: columns.join(' '), weight: 2 },
      { text: [...descriptions, ...columnTexts, d.domain].join(' '), weight: 1 },
    ],
    facets: {
      domain: [d.domain],
      status: [d.status],
      tag: [...tags],
      classification: [...classifications],
    },
  };
}
