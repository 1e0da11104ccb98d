/**
 * The portal's typed client of the Meshwork API (the shapes of issue 5's plan). Every call
 * goes to the same origin; the session cookie travels by itself and state-changing calls
 * carry the session's CSRF token. Errors arrive as RFC 9457 problem+json and become an
 * `ApiError` with the server's title and detail.
 */

export type QualityStatus = 'passed' | 'warning' | 'failed' | 'error' | 'unknown';
export type FreshnessStatus = 'fresh' | 'stale' | 'unknown';

export interface Principal {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly ('admin' | 'governance')[];
  readonly domains: Readonly<Record<string, 'owner' | 'member'>>;
  readonly via: 'session' | 'token';
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
  readonly quality: {
    readonly status: QualityStatus;
    readonly lastRunAt: string | null;
    readonly passed: number;
    readonly failed: number;
    readonly warnings: number;
  };
  readonly freshness: {
    readonly status: FreshnessStatus;
    readonly lastBuiltAt: string | null;
    readonly latency: { readonly value: number; readonly unit: string } | null;
  };
}

export interface Facet {
  readonly value: string;
  readonly count: number;
}

export type FacetName = 'domain' | 'status' | 'tag' | 'classification';

export interface ProductPage {
  readonly items: readonly ProductSummary[];
  readonly total: number;
  readonly facets: Readonly<Record<FacetName, readonly Facet[]>>;
  readonly next: string | null;
}

export interface ContractProperty {
  readonly name: string;
  readonly logicalType: string | null;
  readonly physicalType: string | null;
  readonly required: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly classification: string | null;
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
    readonly properties: readonly ContractProperty[];
  }[];
  readonly slaProperties: readonly Readonly<Record<string, unknown>>[];
  readonly terms: {
    readonly purpose: string | null;
    readonly usage: string | null;
    readonly limitations: string | null;
  };
}

/** A validation or governance finding; `policy` names the violated policy. */
export interface Finding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly hint: string;
  readonly policy?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly adaptedBy?: string;
}

export interface ProductDetail extends ProductSummary {
  /** The ODPS description object: purpose, usage, limitations, … */
  readonly description: Readonly<Record<string, unknown>>;
  /** ODPS support entries: channel, url, tool, description, … */
  readonly support: readonly Readonly<Record<string, unknown>>[];
  readonly team: Team | null;
  readonly inputPorts: readonly {
    readonly name: string;
    readonly contractId: string | null;
    readonly from: {
      readonly kind: 'product' | 'source';
      readonly id: string;
      readonly name: string;
      readonly domain?: string;
    } | null;
  }[];
  readonly outputPorts: readonly {
    readonly name: string;
    readonly version: string | null;
    readonly contractId: string | null;
    readonly contract: ContractSummary | null;
  }[];
}

export interface TrendPoint {
  readonly runId: string;
  readonly contractId: string;
  readonly at: string;
  readonly status: Exclude<QualityStatus, 'unknown'>;
  readonly passed: number;
  readonly failed: number;
  readonly warnings: number;
}

export interface SlaStatus {
  readonly port: string;
  readonly contractId: string;
  readonly property: string;
  readonly value: unknown;
  readonly unit: string | null;
  readonly status: FreshnessStatus | 'declared';
}

export interface ProductResponse {
  readonly product: ProductDetail;
  readonly findings: readonly Finding[];
  readonly qualityTrend: readonly TrendPoint[];
  readonly sla: readonly SlaStatus[];
}

export interface LineageNode {
  readonly id: string;
  readonly kind: 'product' | 'source';
  readonly name: string;
  readonly domain: string | null;
  readonly status: string | null;
}

export interface Lineage {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly port: string;
    readonly contractId: string;
  }[];
}

export interface DomainSummary {
  readonly name: string;
  readonly title: string;
  readonly description: string | null;
  readonly teams: readonly string[];
  readonly products: number;
  readonly consumers: number;
  readonly quality: Readonly<Partial<Record<QualityStatus, number>>>;
  /** Share of the policies passed (latest evaluation), 1 when none applies. */
  readonly policyShare: number;
  readonly findings: number;
}

export interface ScoreLine {
  readonly name: string;
  readonly passed: number;
  readonly total: number;
  readonly share: number;
  readonly bySeverity: Readonly<
    Record<string, { readonly passed: number; readonly total: number }>
  >;
}

export interface DomainResponse {
  readonly domain: DomainSummary;
  readonly teams: readonly Team[];
  readonly products: readonly ProductSummary[];
  readonly findings: readonly Finding[];
  readonly scorecard: ScoreLine | null;
  readonly scorecardTrend: readonly { readonly at: string; readonly share: number }[];
}

export interface GovernanceResponse {
  readonly policies: readonly {
    readonly id: string;
    readonly title: string;
    readonly description: string | null;
    readonly severity: string;
    readonly appliesTo: string;
    readonly scope: string;
    readonly adaptable: boolean;
  }[];
  readonly adaptations: readonly {
    readonly domain: string;
    readonly policy: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly severity: string;
    readonly reason: string | null;
    readonly valid: boolean;
  }[];
  readonly findings: readonly Finding[];
  readonly scorecard: {
    readonly at: string;
    readonly mesh: ScoreLine;
    readonly domains: readonly ScoreLine[];
  } | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

let csrfToken: string | null = null;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail: string | null = null;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      title = problem.title ?? title;
      detail = problem.detail ?? null;
    } catch {
      // A proxy's HTML error page has no problem document; the status line says enough.
    }
    throw new ApiError(response.status, title, detail);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function query(params: Record<string, string | readonly string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const v of typeof value === 'string' ? [value] : value) search.append(key, v);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const api = {
  async me(): Promise<Principal> {
    const answer = await request<{ user: Principal; csrfToken: string }>('GET', '/api/auth/me');
    csrfToken = answer.csrfToken;
    return answer.user;
  },
  async login(username: string, password: string): Promise<Principal> {
    const answer = await request<{ user: Principal; csrfToken: string }>(
      'POST',
      '/api/auth/login',
      { username, password },
    );
    csrfToken = answer.csrfToken;
    return answer.user;
  },
  async logout(): Promise<void> {
    await request<unknown>('POST', '/api/auth/logout');
    csrfToken = null;
  },
  authConfig: () =>
    request<{ oidc: { enabled: boolean; label: string | null } }>('GET', '/api/auth/config'),
  domains: () =>
    request<{ items: readonly DomainSummary[]; total: number }>('GET', '/api/domains?limit=200'),
  domain: (name: string) => request<DomainResponse>('GET', `/api/domains/${enc(name)}`),
  products: (params: Record<string, string | readonly string[] | undefined>) =>
    request<ProductPage>('GET', `/api/products${query(params)}`),
  product: (id: string) => request<ProductResponse>('GET', `/api/products/${enc(id)}`),
  lineage: (id: string, depth = 3) =>
    request<Lineage>(
      'GET',
      `/api/products/${enc(id)}/lineage${query({ direction: 'both', depth: String(depth) })}`,
    ),
  governance: () => request<GovernanceResponse>('GET', '/api/governance'),
};
