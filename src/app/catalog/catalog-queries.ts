import type { Catalog, ProductRecord } from './catalog-model.ts';
import type {
  DomainSummary,
  LineageLink,
  LineageNode,
  ProductDetail,
  ProductSummary,
  QualityStatus,
  SlaStatus,
} from './catalog-types.ts';
import {
  freshnessAt,
  freshnessHoldsUntil,
  latencySla,
  newestDataOf,
  summarizeQuality,
} from './product-health.ts';
import type { Facet, FacetCount } from './search-index.ts';

/** Reads over one catalog revision; `now` judges freshness. */
export function productSummary(catalog: Catalog, r: ProductRecord, now: Date): ProductSummary {
  const d = r.detail;
  return {
    id: d.id,
    name: d.name,
    domain: d.domain,
    status: d.status,
    kind: d.kind,
    purpose: d.purpose,
    owner: d.owner,
    tags: d.tags,
    consumers: d.consumers,
    quality: qualityOf(catalog, r),
    freshness: freshnessAt(productNewestData(catalog, r), r.latency, now, r.lastBuiltAt),
  };
}

/**
 * The newest value of the product's data: per output port with a latency SLA, the newest
 * value its latest run measured; the oldest of them, null while one is not measured.
 */
function productNewestData(catalog: Catalog, r: ProductRecord): string | null {
  const times = r.detail.outputPorts.flatMap((port) =>
    port.contract?.slaProperties.some((sla) => latencySla(sla) !== null)
      ? [newestDataOf(catalog.latestRuns.get(port.contract.id))]
      : [],
  );
  if (times.length === 0 || times.some((t) => t === null)) return null;
  return (times as string[]).sort()[0]!;
}

function qualityOf(catalog: Catalog, r: ProductRecord): ProductSummary['quality'] {
  return summarizeQuality(
    r.outputContracts.flatMap((id) => {
      const run = catalog.latestRuns.get(id);
      return run ? [run] : [];
    }),
  );
}

export function productDetail(catalog: Catalog, r: ProductRecord, now: Date): ProductDetail {
  return { ...r.detail, ...productSummary(catalog, r, now) };
}

/** Declared SLAs of the product's output contracts; latency is judged per port, on its data. */
export function slaStatus(catalog: Catalog, r: ProductRecord, now: Date): SlaStatus[] {
  return r.detail.outputPorts.flatMap((port) => {
    const contract = port.contract;
    if (!contract) return [];
    const newest = newestDataOf(catalog.latestRuns.get(contract.id));
    return contract.slaProperties.flatMap((sla) => {
      if (typeof sla.property !== 'string') return [];
      const unit = typeof sla.unit === 'string' ? sla.unit : null;
      let status: SlaStatus['status'] = 'declared';
      const latency = latencySla(sla);
      if (latency) status = freshnessAt(newest, latency, now).status;
      return [
        {
          port: port.name,
          contractId: contract.id,
          property: sla.property,
          value: sla.value ?? null,
          unit,
          status,
        },
      ];
    });
  });
}

/**
 * Until when (ms since the epoch) `productSummary` of this product keeps its freshness; a
 * new run changes the catalog's runs version, which drops cached answers anyway.
 */
export function summaryHoldsUntil(catalog: Catalog, r: ProductRecord): number {
  return freshnessHoldsUntil(productNewestData(catalog, r), r.latency);
}

/** Until when `slaStatus` of this product keeps every verdict (mirrors its latency rule). */
export function slaHoldsUntil(catalog: Catalog, r: ProductRecord): number {
  let until = Number.POSITIVE_INFINITY;
  for (const port of r.detail.outputPorts) {
    const newest = port.contract ? newestDataOf(catalog.latestRuns.get(port.contract.id)) : null;
    for (const sla of port.contract?.slaProperties ?? []) {
      const latency = latencySla(sla);
      if (latency) until = Math.min(until, freshnessHoldsUntil(newest, latency));
    }
  }
  return until;
}

export interface ProductQuery {
  readonly q?: string | undefined;
  readonly filters?: Partial<Record<Facet, readonly string[]>>;
  readonly offset: number;
  readonly limit: number;
}

export interface ProductPage {
  readonly items: ProductSummary[];
  readonly total: number;
  readonly facets: Readonly<Record<Facet, readonly FacetCount[]>>;
  readonly nextOffset: number | null;
}

export function searchProducts(catalog: Catalog, query: ProductQuery, now: Date): ProductPage {
  const result = catalog.index.search({
    q: query.q,
    ...(query.filters ? { filters: query.filters } : {}),
  });
  const end = query.offset + query.limit;
  return {
    items: result.hits
      .slice(query.offset, end)
      .map((n) => productSummary(catalog, catalog.products[n]!, now)),
    total: result.hits.length,
    facets: result.facets,
    nextOffset: end < result.hits.length ? end : null,
  };
}

export type Direction = 'upstream' | 'downstream' | 'both';

/**
 * The lineage around a node, breadth-first up to `depth` hops in each requested
 * direction. Both directions walk separately from the start, so "both" is the union of
 * the upstream and downstream graphs, never siblings reached by going up then down.
 */
export function lineageOf(
  catalog: Catalog,
  start: string,
  direction: Direction,
  depth: number,
): { nodes: LineageNode[]; edges: LineageLink[] } {
  const nodes = new Set<string>([start]);
  const edges = new Set<LineageLink>();
  const walk = (links: ReadonlyMap<string, readonly LineageLink[]>, up: boolean): void => {
    let frontier = [start];
    const seen = new Set(frontier);
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const link of links.get(id) ?? []) {
          edges.add(link);
          const other = up ? link.from : link.to;
          nodes.add(other);
          if (!seen.has(other)) {
            seen.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
  };
  if (direction !== 'downstream') walk(catalog.upstream, true);
  if (direction !== 'upstream') walk(catalog.downstream, false);
  return {
    nodes: [...nodes].flatMap((id) => {
      const node = catalog.nodes.get(id);
      return node ? [node] : [];
    }),
    edges: [...edges],
  };
}

export function domainSummary(catalog: Catalog, name: string): DomainSummary | null {
  const record = catalog.domains.get(name);
  if (!record) return null;
  const quality: Record<QualityStatus, number> = {
    passed: 0,
    warning: 0,
    failed: 0,
    error: 0,
    unknown: 0,
  };
  for (const id of record.products) {
    const product = catalog.productsById.get(id);
    if (product) quality[qualityOf(catalog, product).status]++;
  }
  return { ...record.summary, quality };
}
