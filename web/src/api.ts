/**
 * The portal's typed client of the Meshwork API (the shapes of issue 5's plan). Every call
 * goes to the same origin; the session cookie travels by itself and state-changing calls
 * carry the session's CSRF token. Errors arrive as RFC 9457 problem+json and become an
 * `ApiError` with the server's title and detail.
 */

// The shapes the server answers with are the catalog's own types, imported for their types
// only (erased by Vite, so no server code reaches the bundle); this file adds the envelopes.
import type {
  AdaptationSummary,
  ContractSummary,
  DomainSummary,
  FreshnessStatus,
  LineageLink,
  LineageNode,
  PolicySummary,
  ProductDetail,
  ProductSummary,
  QualityStatus,
  SlaStatus,
  Team,
  TeamMember,
} from '../../src/app/catalog/catalog-types.ts';
import type { Finding } from '../../src/core/findings/finding.ts';

export type {
  ContractSummary,
  DomainSummary,
  Finding,
  FreshnessStatus,
  LineageNode,
  ProductDetail,
  ProductSummary,
  QualityStatus,
  SlaStatus,
  Team,
  TeamMember,
};

export interface Principal {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly ('admin' | 'governance')[];
  readonly domains: Readonly<Record<string, 'owner' | 'member'>>;
  readonly via: 'session' | 'token';
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

export interface TrendPoint {
  readonly runId: string;
  readonly contractId: string;
  readonly at: string;
  readonly status: Exclude<QualityStatus, 'unknown'>;
  readonly passed: number;
  readonly failed: number;
  readonly warnings: number;
}

export interface ProductResponse {
  readonly product: ProductDetail;
  readonly findings: readonly Finding[];
  readonly qualityTrend: readonly TrendPoint[];
  readonly sla: readonly SlaStatus[];
}

export interface Lineage {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageLink[];
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
  readonly policies: readonly PolicySummary[];
  readonly adaptations: readonly AdaptationSummary[];
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
