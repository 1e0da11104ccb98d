import type { Finding } from '../../core/findings/finding.ts';
import type { Scorecard } from '../../core/governance/index.ts';
import type { MeshSchedules } from '../../core/jobs/mesh-schedules.ts';
import type { TestRun } from '../../core/quality/index.ts';
import type {
  AdaptationSummary,
  ContractSummary,
  DomainSummary,
  Duration,
  LineageLink,
  LineageNode,
  PolicySummary,
  ProductDetail,
  QualitySummary,
  Team,
} from './catalog-types.ts';
import type { SearchIndex } from './search-index.ts';

/** A product as indexed; quality and freshness are filled in when asked. */
export interface ProductRecord {
  readonly detail: Omit<ProductDetail, 'quality' | 'freshness'>;
  /** `<domain folder>/<product folder>`: where its files and findings live. */
  readonly folder: string;
  readonly outputContracts: readonly string[];
  /** The oldest served snapshot of its output ports, null when a port was never built. */
  readonly lastBuiltAt: string | null;
  /** Per output port, when its served snapshot was built. */
  readonly portBuiltAt: ReadonlyMap<string, string>;
  readonly latency: Duration | null;
  readonly findings: readonly Finding[];
}

export interface DomainRecord {
  readonly summary: Omit<DomainSummary, 'quality'>;
  readonly teams: readonly Team[];
  readonly products: readonly string[];
  readonly findings: readonly Finding[];
}

export interface ContractRecord {
  readonly id: string;
  readonly file: string;
  readonly yaml: string;
  readonly contract: unknown;
  readonly summary: ContractSummary;
  /** The product owning it, or null for a source system's contract. */
  readonly productId: string | null;
  readonly port: string | null;
}

/** The whole catalog of one mesh revision: immutable but for the latest runs. */
export interface Catalog {
  readonly source: string;
  readonly revision: string;
  readonly indexedAt: string;
  readonly products: readonly ProductRecord[];
  /** Products by id; an id several products declare is not here but in `ambiguousProducts`. */
  readonly productsById: ReadonlyMap<string, ProductRecord>;
  /** Ids several products declare, with their `domain/product` folders. */
  readonly ambiguousProducts: ReadonlyMap<string, readonly string[]>;
  readonly domains: ReadonlyMap<string, DomainRecord>;
  readonly contracts: ReadonlyMap<string, ContractRecord>;
  readonly nodes: ReadonlyMap<string, LineageNode>;
  /** Lineage links by the node they lead to, and by the node they come from. */
  readonly upstream: ReadonlyMap<string, readonly LineageLink[]>;
  readonly downstream: ReadonlyMap<string, readonly LineageLink[]>;
  readonly policies: readonly PolicySummary[];
  readonly adaptations: readonly AdaptationSummary[];
  readonly findings: readonly Finding[];
  readonly scorecard: Scorecard | null;
  readonly index: SearchIndex;
  /** The valid `meshworkSchedule`s and the time zone they run in (the scheduler reads them). */
  readonly schedules: Omit<MeshSchedules, 'findings'>;
  /** Latest run per contract id; updated when a run is reported. */
  readonly latestRuns: Map<string, TestRun>;
}

/** Quality of a product from the latest runs of its output contracts. */
export type QualityOf = (record: ProductRecord) => QualitySummary;
