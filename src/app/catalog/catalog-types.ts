import type { Finding } from '../../core/findings/finding.ts';

/**
 * What the catalog answers: the shapes of the HTTP API (docs/api.md) as plain data. The
 * server's Zod schemas describe the same shapes for validation and the OpenAPI document.
 */
export type QualityStatus = 'passed' | 'warning' | 'failed' | 'error' | 'unknown';
export type FreshnessStatus = 'fresh' | 'stale' | 'unknown';

export interface Duration {
  readonly value: number;
  readonly unit: string;
}

export interface QualitySummary {
  readonly status: QualityStatus;
  readonly lastRunAt: string | null;
  readonly passed: number;
  readonly failed: number;
  readonly warnings: number;
}

/**
 * Whether the data is as new as its latency SLA promises: judged on `newestDataAt` (the
 * newest value of the SLA's element column, measured by the latest run), never on the
 * build time, which is shown beside it — a build of old data is not fresh.
 */
export interface Freshness {
  readonly status: FreshnessStatus;
  /** The newest value in the data (oldest across the ports with a latency SLA). */
  readonly newestDataAt: string | null;
  readonly lastBuiltAt: string | null;
  readonly latency: Duration | null;
}

export interface TeamMember {
  readonly username: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly role: string | null;
  readonly title: string | null;
}

export interface Team {
  readonly name: string;
  readonly domain: string;
  readonly description: string | null;
  readonly members: readonly TeamMember[];
}

export interface ProductSummary {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly status: string;
  readonly kind: string | null;
  readonly purpose: string | null;
  readonly owner: { readonly team: string | null; readonly members: readonly TeamMember[] };
  readonly tags: readonly string[];
  readonly consumers: number;
  readonly quality: QualitySummary;
  readonly freshness: Freshness;
}

export interface PropertySummary {
  readonly name: string;
  readonly logicalType: string | null;
  readonly physicalType: string | null;
  readonly required: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly classification: string | null;
  /** Personal data by the one rule of `core/privacy` (declared or looks personal; docs/api.md). */
  readonly pii: boolean;
  readonly description: string | null;
}

export interface ContractSummary {
  readonly id: string;
  readonly version: string | null;
  readonly status: string | null;
  readonly schema: readonly {
    readonly name: string;
    readonly physicalName: string | null;
    readonly description: string | null;
    readonly properties: readonly PropertySummary[];
  }[];
  readonly slaProperties: readonly Record<string, unknown>[];
  readonly terms: {
    readonly purpose: string | null;
    readonly usage: string | null;
    readonly limitations: string | null;
  };
}

export interface PortOrigin {
  readonly kind: 'product' | 'source';
  readonly id: string;
  readonly name: string;
  readonly domain?: string;
}

export interface ProductDetail extends ProductSummary {
  readonly description: Readonly<Record<string, unknown>>;
  readonly support: readonly Record<string, unknown>[];
  readonly team: Team | null;
  readonly inputPorts: readonly {
    readonly name: string;
    readonly contractId: string | null;
    readonly from: PortOrigin | null;
  }[];
  readonly outputPorts: readonly {
    readonly name: string;
    readonly version: string | null;
    readonly contractId: string | null;
    readonly contract: ContractSummary | null;
  }[];
}

export interface SlaStatus {
  readonly port: string;
  readonly contractId: string;
  readonly property: string;
  readonly value: unknown;
  readonly unit: string | null;
  /** Only latency (freshness) is judged, from the data's newest value; the others are declared. */
  readonly status: FreshnessStatus | 'declared';
}

export interface DomainSummary {
  readonly name: string;
  readonly title: string;
  readonly description: string | null;
  readonly teams: readonly string[];
  readonly products: number;
  readonly consumers: number;
  readonly quality: Readonly<Record<QualityStatus, number>>;
  /** Share of the policies passed (latest evaluation), 1 when none applies. */
  readonly policyShare: number;
  readonly findings: number;
}

export interface LineageNode {
  readonly id: string;
  readonly kind: 'product' | 'source';
  readonly name: string;
  readonly domain: string | null;
  readonly status: string | null;
}

export interface LineageLink {
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly contractId: string;
}

export interface PolicySummary {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly severity: string;
  readonly appliesTo: string;
  readonly scope: string;
  readonly adaptable: boolean;
  /** The global params, for a translated description's `{name}` placeholders. */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface AdaptationSummary {
  readonly domain: string;
  readonly policy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly severity: string;
  readonly reason: string | null;
  readonly valid: boolean;
}

/** A governance or validation finding; `policy` names the violated policy. */
export type PolicyFinding = Finding;
