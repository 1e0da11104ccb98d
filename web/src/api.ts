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

export interface ProductSummary {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly status: string;
  readonly kind: string;
  readonly purpose: string | null;
  readonly owner: { readonly team: string | null; readonly members?: readonly string[] };
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
  readonly facets: Readonly<Partial<Record<FacetName, readonly Facet[]>>>;
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
  readonly version: string;
  readonly status: string;
  readonly schema: readonly {
    readonly name: string;
    readonly physicalName: string | null;
    readonly description: string | null;
    readonly properties: readonly ContractProperty[];
  }[];
  readonly slaProperties?: readonly {
    readonly property: string;
    readonly value: unknown;
    readonly unit?: string;
  }[];
  readonly terms?: {
    readonly purpose?: string | null;
    readonly usage?: string | null;
    readonly limitations?: string | null;
  } | null;
}

export interface PolicyFinding {
  readonly code?: string;
  readonly policy?: string;
  readonly severity: string;
  readonly message: string;
  readonly hint?: string | null;
  readonly file?: string | null;
  readonly line?: number | null;
  readonly domain?: string | null;
  readonly product?: string | null;
}

export interface SupportChannel {
  readonly channel?: string;
  readonly url?: string;
  readonly tool?: string;
  readonly description?: string;
}

export interface ProductDetail extends ProductSummary {
  readonly description: string | null;
  readonly support: readonly SupportChannel[];
  readonly team: { readonly name: string | null; readonly members?: readonly TeamMember[] } | null;
  readonly inputPorts: readonly {
    readonly name: string;
    readonly contractId: string | null;
    readonly from: {
      readonly kind: 'product' | 'source';
      readonly id: string;
      readonly name: string;
      readonly domain?: string;
    };
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
  readonly at: string;
  readonly status: QualityStatus;
  readonly passed: number;
  readonly failed: number;
  readonly warnings: number;
}

export interface ProductResponse {
  readonly product: ProductDetail;
  readonly findings: readonly PolicyFinding[];
  readonly qualityTrend: readonly TrendPoint[];
  readonly sla: readonly {
    readonly property?: string;
    readonly name?: string;
    readonly status?: string;
    readonly value?: unknown;
    readonly unit?: string;
    readonly message?: string;
  }[];
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
    readonly port: string | null;
    readonly contractId: string | null;
  }[];
}

export interface TeamMember {
  readonly username?: string;
  readonly name?: string;
  readonly role?: string;
}

export interface DomainSummary {
  readonly name: string;
  readonly title?: string | null;
  readonly description?: string | null;
  readonly products?: number;
  readonly score?: number | null;
  readonly team?: string | null;
}

export interface ScorecardEntry {
  readonly id?: string;
  readonly recordedAt: string;
  readonly score?: number | null;
  readonly scorecard?: { readonly score?: number; readonly domains?: unknown } & Record<
    string,
    unknown
  >;
}

export interface DomainResponse {
  readonly name: string;
  readonly title?: string | null;
  readonly description?: string | null;
  readonly teams?: readonly { readonly name: string; readonly members: readonly TeamMember[] }[];
  readonly team?: { readonly name: string; readonly members: readonly TeamMember[] } | null;
  readonly products: readonly ProductSummary[];
  readonly scorecard?: Record<string, unknown> | null;
  readonly scorecardTrend?: readonly ScorecardEntry[];
}

export interface GovernanceResponse {
  readonly policies: readonly {
    readonly id: string;
    readonly title: string;
    readonly description: string | null;
    readonly severity: string;
    readonly appliesTo: unknown;
    readonly scope: string;
    readonly adaptable: boolean;
  }[];
  readonly adaptations: readonly {
    readonly domain: string;
    readonly policy: string;
    readonly params: unknown;
    readonly severity: string | null;
    readonly reason: string | null;
    readonly valid: boolean;
  }[];
  readonly findings: readonly PolicyFinding[];
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
  domains: () => request<{ items: readonly DomainSummary[]; total: number }>('GET', '/api/domains'),
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
  scorecards: () =>
    request<{ items: readonly ScorecardEntry[]; next: string | null }>('GET', '/api/scorecards'),
};
